using AutopilotPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Health;

/// <summary>What the health check found of the portal's database.</summary>
public enum DatabaseState
{
    /// <summary>Reachable, and every migration of the portal is applied.</summary>
    Ready,

    /// <summary>The database cannot be reached (or does not exist).</summary>
    Unreachable,

    /// <summary>Reachable, but a migration of this build is not applied to it.</summary>
    MigrationsPending,
}

/// <summary>
/// Whether the portal's database can serve this build: it can be reached and no migration of this build
/// is pending. Any provider: it asks EF Core, through the context factory the services use.
/// </summary>
public sealed class DatabaseHealth(IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <summary>Checks the database. Errors other than an unreachable database (a damaged file, say) are thrown.</summary>
    public async Task<DatabaseState> CheckAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Database.CanConnectAsync(cancellationToken))
        {
            return DatabaseState.Unreachable;
        }

        var pending = await db.Database.GetPendingMigrationsAsync(cancellationToken);
        return pending.Any() ? DatabaseState.MigrationsPending : DatabaseState.Ready;
    }
}
