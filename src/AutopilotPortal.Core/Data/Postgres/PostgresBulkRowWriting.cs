using System.Data.Common;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Data.Postgres;

/// <summary>
/// The <see cref="IBulkRowWriting"/> on PostgreSQL: rows go in by binary <c>COPY</c>, one round trip for a
/// batch instead of one per row, and the schema's own triggers count Intune rows (<see cref="PostgresSchema"/>)
/// and the GIN index indexes their serials, so the writers have nothing to keep beside the rows.
/// </summary>
internal sealed class PostgresBulkRowWriting : IBulkRowWriting
{
    public bool IndexesIntuneRows => false;

    public bool CanBindStored(string storeType, Type providerType) => false;

    public object ToStored(object value) => value;

    public IStoredRowStatement Prepare(DbCommand command) =>
        throw new NotSupportedException("PostgreSQL rows are inserted through the command itself.");

    public IRowCopy? CreateCopy(DbContext db, string table, IReadOnlyList<(string Column, string StoreType)> columns) =>
        new PostgresRowCopy(db, table, columns);

    /// <summary>The advisory lock every registration write takes: an arbitrary key, the same in every instance.</summary>
    public const long RegistrationLock = 0x4175_746F_5265_67;

    public async Task LockRegistrationsAsync(DbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Registrations are written inside a transaction, which holds their lock until it ends.");
        }

        await using var command = ContextCommand.Create(db, $"SELECT pg_advisory_xact_lock({RegistrationLock})");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task IntuneRowsInsertedAsync(DbContext db, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) => Task.CompletedTask;

    public void IntuneRowsInserted(DbContext db, IReadOnlyCollection<Guid> ids)
    {
    }
}
