using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AutopilotPortal.Core.Data.Sqlite;

/// <summary>
/// Per-connection SQLite settings. WAL with <c>synchronous=NORMAL</c> is durable across a process
/// crash and does not wait for the disk on every commit; a larger page cache keeps the indexes an
/// import touches in memory. The WAL is checkpointed into the database once it holds 10,000
/// pages (40 MB) rather than SQLite's default 1,000: an import rewrites the same index pages
/// batch after batch, and a checkpoint copies (and syncs) them each time; with the default, a
/// 10,000-row import wrote 109 MB, with this 83 MB (docs/benchmarks.md).
/// </summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=10000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}
