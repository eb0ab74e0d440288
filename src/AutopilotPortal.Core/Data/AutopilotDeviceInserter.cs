using AutopilotPortal.Core.Intune;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Data;

/// <summary>
/// Inserts Intune's Autopilot rows in bulk, in the context's current transaction, and has the
/// provider index their serial numbers and count them per tenant
/// (<see cref="IBulkRowWriting.IntuneRowsInsertedAsync"/>).
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
    /// <exception cref="InvalidOperationException">The provider indexes the rows and the context has no transaction (rows and their index entries must commit together).</exception>
    public Task InsertManyAsync(IReadOnlyList<AutopilotDevice> devices, CancellationToken cancellationToken)
    {
        var layout = RowLayout<AutopilotDevice>.For(_db);
        return InsertManyAsync(devices.Select(d => (d.Id, layout.ValuesOf(d))).ToList(), cancellationToken);
    }

    /// <summary>
    /// Inserts rows given with their ids and their values as <see cref="RowLayout{T}.ValuesOf"/> built them
    /// (on another thread, say), then indexes and counts them.
    /// </summary>
    /// <exception cref="InvalidOperationException">The provider indexes the rows and the context has no transaction (rows and their index entries must commit together).</exception>
    public async Task InsertManyAsync(IReadOnlyList<(Guid Id, object?[] Values)> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var writing = _db.BulkRowWriting();
        if (writing.IndexesIntuneRows && _db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Intune rows are inserted in bulk only inside a transaction, so that they and their search index entries commit together.");
        }

        foreach (var (_, values) in rows)
        {
            await _rows.InsertAsync(values, cancellationToken);
        }

        await _rows.FlushAsync(cancellationToken);

        await writing.IntuneRowsInsertedAsync(_db, rows.Select(r => r.Id).ToList(), cancellationToken);
    }

    public void Dispose() => _rows.Dispose();
}
