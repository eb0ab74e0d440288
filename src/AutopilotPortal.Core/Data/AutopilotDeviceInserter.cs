using System.Data.Common;
using System.Globalization;
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
    public Task InsertManyAsync(IReadOnlyList<AutopilotDevice> devices, CancellationToken cancellationToken)
    {
        var layout = RowLayout<AutopilotDevice>.For(_db);
        return InsertManyAsync(devices.Select(layout.ValuesOf).ToList(), cancellationToken);
    }

    /// <summary>Inserts rows given as <see cref="RowLayout{T}.ValuesOf"/> built them, then indexes and counts them.</summary>
    /// <exception cref="InvalidOperationException">On SQLite, the context has no transaction (another writer's rows could then be indexed twice).</exception>
    public async Task InsertManyAsync(IReadOnlyList<object?[]> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        if (!_db.Database.IsSqlite())
        {
            await _rows.InsertManyAsync(rows, cancellationToken);
            return;
        }

        if (_db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Intune rows are inserted in bulk only inside a transaction: the rows after the last rowid read before the insert must be this insert's alone.");
        }

        await using (var last = Command(_db, IntuneRowIndexes.LastRowIdSql))
        {
            var after = Convert.ToInt64(await last.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            await _rows.InsertManyAsync(rows, cancellationToken);
            await using var index = Command(_db, IntuneRowIndexes.IndexRowsAfterSql, ("$after", after));
            await index.ExecuteNonQueryAsync(cancellationToken);
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
