using Microsoft.Data.Sqlite;

namespace AutopilotPortal.Core.Data.Sqlite;

/// <summary>The <see cref="IStorageErrors"/> on SQLite: what an error says about the constraint it broke.</summary>
internal sealed class SqliteStorageErrors : IStorageErrors
{
    // https://www.sqlite.org/rescode.html
    private const int Constraint = 19;
    private const int ConstraintPrimaryKey = 1555;
    private const int ConstraintUnique = 2067;

    /// <inheritdoc/>
    public bool IsDuplicateKey(Exception? exception) =>
        exception is SqliteException { SqliteErrorCode: Constraint, SqliteExtendedErrorCode: ConstraintUnique or ConstraintPrimaryKey };
}
