using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AutopilotPortal.Core.Data;

/// <summary>
/// Per-connection SQLite settings. WAL with <c>synchronous=NORMAL</c> is durable across a process
/// crash and does not wait for the disk on every commit; a larger page cache keeps the indexes an
/// import touches in memory.
/// </summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;";

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
