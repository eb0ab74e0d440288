using System.Data.Common;
using System.Globalization;
using AutopilotPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Registration;

/// <summary>
/// Tells an import's writer, inside a write transaction, whether another connection has committed
/// since a batch was decided. When none has, the decision still holds and the batch need not be
/// decided again under the write lock (two queries a batch, about a tenth of the writer's time).
/// SQLite only: <c>PRAGMA data_version</c> read on a connection differs from its last value if another
/// connection has committed since (the watch needs only that direction). A write transaction holds the database's one write lock, so other connections can
/// only commit between the writer's transactions, and the writer reads the version at the start of
/// each. A decision made before transaction N starts can only have missed commits made before the
/// starts of transactions N, N+1, …, so those are the ones checked.
/// </summary>
internal sealed class ForeignCommitWatch
{
    private readonly Lock _gate = new();
    private readonly DbConnection _connection;
    private long _version;
    private int _begun;
    private int _lastForeign = -1;

    private ForeignCommitWatch(DbConnection connection)
    {
        _connection = connection;
    }

    /// <summary>A watch over the writer's open connection, or null when the database is not SQLite (its writer always decides again).</summary>
    public static async Task<ForeignCommitWatch?> StartAsync(PortalDbContext writer, CancellationToken cancellationToken)
    {
        if (!writer.Database.IsSqlite())
        {
            return null;
        }

        var watch = new ForeignCommitWatch(writer.Database.GetDbConnection());
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
    /// read the database; false when one may have, when there is no mark, or when <paramref name="writer"/>
    /// is not on the connection the watch started on (versions of two connections do not compare).
    /// </summary>
    public async Task<bool> NothingCommittedSinceAsync(PortalDbContext writer, int? mark, CancellationToken cancellationToken)
    {
        if (!ReferenceEquals(writer.Database.GetDbConnection(), _connection))
        {
            return false;
        }

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
        await using var command = AutopilotDeviceInserter.Command(db, "PRAGMA data_version;");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
