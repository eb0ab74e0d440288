using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Data.Sqlite;

/// <summary>Starts <see cref="SqliteCommitWatch"/>es.</summary>
internal sealed class SqliteCommitWatches : ICommitWatches
{
    public async Task<ICommitWatch?> StartAsync(PortalDbContext writer, CancellationToken cancellationToken) =>
        await SqliteCommitWatch.StartAsync(writer, cancellationToken);
}

/// <summary>
/// An <see cref="ICommitWatch"/> on SQLite: a batch whose decision still holds need not be decided
/// again under the write lock (two queries a batch, about a tenth of the writer's time).
/// <c>PRAGMA data_version</c> read on a connection differs from its last value if another
/// connection has committed since (the watch needs only that direction). A write transaction holds
/// the database's one write lock, so other connections can
/// only commit between the writer's transactions, and the writer reads the version at the start of
/// each. A decision made before transaction N starts can only have missed commits made before the
/// starts of transactions N, N+1, …, so those are the ones checked.
/// </summary>
internal sealed class SqliteCommitWatch : ICommitWatch
{
    private readonly Lock _gate = new();
    private readonly DbConnection _connection;
    private long _version;
    private int _begun;
    private int _lastForeign = -1;

    private SqliteCommitWatch(DbConnection connection)
    {
        _connection = connection;
    }

    /// <summary>A watch over the writer's open connection.</summary>
    public static async Task<SqliteCommitWatch> StartAsync(PortalDbContext writer, CancellationToken cancellationToken)
    {
        var watch = new SqliteCommitWatch(writer.Database.GetDbConnection());
        watch._version = await ReadVersionAsync(writer, cancellationToken);
        return watch;
    }

    /// <inheritdoc/>
    public int Mark()
    {
        lock (_gate)
        {
            return _begun + 1;
        }
    }

    /// <inheritdoc/>
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
        await using var command = ContextCommand.Create(db, "PRAGMA data_version;");
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }
}
