using Npgsql;

namespace AutopilotPortal.Core.Data.Postgres;

/// <summary>The <see cref="IStorageErrors"/> on PostgreSQL: what an error's SQLSTATE says about the constraint it broke.</summary>
internal sealed class PostgresStorageErrors : IStorageErrors
{
    /// <inheritdoc/>
    public bool IsDuplicateKey(Exception? exception) => exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
