using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Data.Sqlite;

/// <summary>
/// The <see cref="IBulkRowWriting"/> on SQLite: inserts through <see cref="SqliteInsertStatement"/>
/// (SQLite's own API, bound by position), and indexes and counts inserted Intune rows with
/// <see cref="IntuneRowIndexes.IndexRowsSql"/>, which no insert trigger does.
/// </summary>
internal sealed class SqliteBulkRowWriting : IBulkRowWriting
{
    public bool IndexesIntuneRows => true;

    public bool CanBindStored(string storeType, Type providerType) => SqliteInsertStatement.CanStore(storeType, providerType);

    public object ToStored(object value) => SqliteInsertStatement.ToStored(value);

    public IStoredRowStatement Prepare(DbCommand command) =>
        new SqliteInsertStatement(
            command.Connection as SqliteConnection ?? throw new InvalidOperationException("The command's connection is not SQLite's."),
            command.CommandText);

    /// <summary>SQLite has no bulk copy; its prepared statement inserts a row in a few microseconds, in process.</summary>
    public IRowCopy? CreateCopy(DbContext db, string table, IReadOnlyList<(string Column, string StoreType)> columns) => null;

    public Task LockRegistrationsAsync(DbContext db, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task IntuneRowsInsertedAsync(DbContext db, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        await using var command = IndexRowsCommand(db, ids);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public void IntuneRowsInserted(DbContext db, IReadOnlyCollection<Guid> ids)
    {
        using var command = IndexRowsCommand(db, ids);
        command.ExecuteNonQuery();
    }

    private static DbCommand IndexRowsCommand(DbContext db, IEnumerable<Guid> ids) =>
        // The ids as SQLite stores them: upper-case text.
        ContextCommand.Create(db, IntuneRowIndexes.IndexRowsSql, ("$ids", JsonSerializer.Serialize(ids.Select(id => id.ToString().ToUpperInvariant()))));
}
