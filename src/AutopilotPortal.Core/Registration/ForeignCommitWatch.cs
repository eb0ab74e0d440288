using AutopilotPortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace AutopilotPortal.Core.Registration;

/// <summary>
/// Tells an import's writer, inside a write transaction, whether another connection has committed
/// since a batch was decided. When none has, the decision still holds and the batch need not be
/// decided again under the write lock (two queries a batch, about a tenth of the writer's time).
/// SQLite only: <c>PRAGMA data_version</c> changes for a connection exactly when another connection
/// has committed. A write transaction holds the database's one write lock, so other connections can
/// only commit between the writer's transactions, and the writer reads the version at the start of
/// each. A decision made before transaction N starts can only have missed commits made before the
/// starts of transactions N, N+1, …, so those are the ones checked.
/// </summary>
internal sealed class ForeignCommitWatch
{
    private readonly Lock _gate = new();
    private long _version;
    private int _begun;
    private int _lastForeign = -1;

    private ForeignCommitWatch()
    {
    }

    /// <summary>A watch over the writer's open connection, or null when the database is not SQLite (its writer always decides again).</summary>
    public static async Task<ForeignCommitWatch?> StartAsync(PortalDbContext writer, CancellationToken cancellationToken)
    {
        if (!writer.Database.IsSqlite())
        {
            return null;
        }

        var watch = new ForeignCommitWatch();
        watch._version = await ReadVersionAsync(writer, cancellationToken);
        return watch;
    }

    /// <summary>Taken on the deciding thread before a decision reads the database.</summary>
    public int Mark()
    {
        lock (_gate)
        {
            return _begun + 1;
        }
    }

    /// <summary>
    /// Called by the writer on its connection in every write transaction it begins, first thing:
    /// true when no other connection can have committed since the decision that took <paramref name="mark"/>
    /// read the database; false when one may have, or when there is no mark.
    /// </summary>
    public async Task<bool> NothingCommittedSinceAsync(PortalDbContext writer, int? mark, CancellationToken cancellationToken)
    {
        var version = await ReadVersionAsync(writer, cancellationToken);
        lock (_gate)
        {
            _begun++;
            if (version != _version)
            {
                _version = version;
                _lastForeign = _begun;
            }

            return mark is { } decided && _lastForeign < decided;
        }
    }

    private static async Task<long> ReadVersionAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = "PRAGMA data_version;";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }
}
