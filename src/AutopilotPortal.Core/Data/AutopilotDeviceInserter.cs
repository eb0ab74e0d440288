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

        var after = await LastRowIdAsync(_db, cancellationToken);
        await _rows.InsertManyAsync(rows, cancellationToken);
        await IndexRowsAfterAsync(_db, after, cancellationToken);
    }

    /// <summary>The largest rowid of the Intune rows, in the context's transaction.</summary>
    internal static async Task<long> LastRowIdAsync(DbContext db, CancellationToken cancellationToken)
    {
        await using var command = Command(db, IntuneRowIndexes.LastRowIdSql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Indexes and counts the Intune rows inserted after <paramref name="after"/>, in the context's transaction.</summary>
    internal static async Task IndexRowsAfterAsync(DbContext db, long after, CancellationToken cancellationToken)
    {
        await using var command = Command(db, IntuneRowIndexes.IndexRowsAfterSql);
        var parameter = command.CreateParameter();
        parameter.ParameterName = "$after";
        parameter.Value = after;
        command.Parameters.Add(parameter);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public void Dispose() => _rows.Dispose();

    private static System.Data.Common.DbCommand Command(DbContext db, string sql)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        return command;
    }
}
