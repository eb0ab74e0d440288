using System.Data.Common;
using System.Text.Json;
using AutopilotPortal.Core.Intune;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AutopilotPortal.Core.Data;

/// <summary>
/// Inserts Intune's Autopilot rows in bulk, in the context's current transaction, and on SQLite
/// indexes their serial numbers and counts them per tenant (<see cref="IntuneRowIndexes"/>), which
/// no insert trigger does.
/// </summary>
internal sealed class AutopilotDeviceInserter : IDisposable
{
    private readonly DbContext _db;
    private readonly RowInserter<AutopilotDevice> _rows;

    private AutopilotDeviceInserter(DbContext db, RowInserter<AutopilotDevice> rows)
    {
        _db = db;
        _rows = rows;
    }

    public static AutopilotDeviceInserter Create(DbContext db) => new(db, RowInserter<AutopilotDevice>.Create(db));

    /// <summary>Inserts the devices, then indexes and counts them.</summary>
    /// <exception cref="InvalidOperationException">On SQLite, the context has no transaction (rows and their index entries must commit together).</exception>
    public Task InsertManyAsync(IReadOnlyList<AutopilotDevice> devices, CancellationToken cancellationToken)
    {
        var layout = RowLayout<AutopilotDevice>.For(_db);
        return InsertManyAsync(devices.Select(d => (d.Id, layout.ValuesOf(d))).ToList(), cancellationToken);
    }

    /// <summary>
    /// Inserts rows given with their ids and their values as <see cref="RowLayout{T}.ValuesOf"/> built them
    /// (on another thread, say), then indexes and counts them.
    /// </summary>
    /// <exception cref="InvalidOperationException">On SQLite, the context has no transaction (rows and their index entries must commit together).</exception>
    public async Task InsertManyAsync(IReadOnlyList<(Guid Id, object?[] Values)> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var sqlite = _db.Database.IsSqlite();
        if (sqlite && _db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Intune rows are inserted in bulk only inside a transaction, so that they and their search index entries commit together.");
        }

        foreach (var (_, values) in rows)
        {
            await _rows.InsertAsync(values, cancellationToken);
        }

        if (sqlite)
        {
            await IndexRowsAsync(_db, rows.Select(r => r.Id), cancellationToken);
        }
    }

    /// <summary>Indexes and counts the Intune rows of these ids (rows just inserted), in the context's transaction.</summary>
    internal static async Task IndexRowsAsync(DbContext db, IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        await using var command = IndexRowsCommand(db, ids);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc cref="IndexRowsAsync"/>
    internal static void IndexRows(DbContext db, IEnumerable<Guid> ids)
    {
        using var command = IndexRowsCommand(db, ids);
        command.ExecuteNonQuery();
    }

    public void Dispose() => _rows.Dispose();

    /// <summary>A command on the context's connection, in its current transaction.</summary>
    internal static DbCommand Command(DbContext db, string sql, params (string Name, object Value)[] parameters)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static DbCommand IndexRowsCommand(DbContext db, IEnumerable<Guid> ids) =>
        // The ids as SQLite stores them: upper-case text.
        Command(db, IntuneRowIndexes.IndexRowsSql, ("$ids", JsonSerializer.Serialize(ids.Select(id => id.ToString().ToUpperInvariant()))));
}
