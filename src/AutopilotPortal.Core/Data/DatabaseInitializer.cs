using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Data;

/// <summary>Migrates the database at start and creates the tenants the embedded default needs.</summary>
public sealed class DatabaseInitializer(
    IDbContextFactory<PortalDbContext> dbFactory,
    IDatabaseProvider provider,
    IOptions<TenantOptions> options,
    TimeProvider clock,
    ILogger<DatabaseInitializer> logger)
{
    /// <summary>The second tenant DDS knows, so that 808 can happen offline. It is never named to the portal's users.</summary>
    public static readonly Guid OtherTenantId = new("0b7e2c4e-5d0a-4a8f-9c1e-6f3a2b1d0e99");

    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        IEnumerable<string> applied;
        try
        {
            await provider.PrepareAsync(db, cancellationToken);
            applied = await db.Database.GetAppliedMigrationsAsync(cancellationToken);
        }
        catch (Exception ex) when (PortalStartException.ForDatabase(ex, provider.Name) is { } unreachable)
        {
            throw unreachable;
        }

        var unknown = applied.Except(db.Database.GetMigrations()).ToList();
        if (unknown.Count > 0)
        {
            throw new PortalStartException(
                $"Database:ConnectionString: the database was made by a build of the portal with another schema history "
                + $"({string.Join(", ", unknown.Take(3))}…); move it away (or point the setting at a new file) and start again.");
        }

        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct => await db.Database.MigrateAsync(ct), cancellationToken);
        await provider.VerifyAsync(db, cancellationToken);

        var now = clock.GetUtcNow().UtcDateTime;
        var portal = options.Value;
        if (!await db.Tenants.AnyAsync(t => t.Id == portal.Id, cancellationToken))
        {
            db.Tenants.Add(new Tenant { Id = portal.Id, DisplayName = portal.Name, Domain = portal.Domain, CreatedAt = now });
            logger.LogInformation("Created the portal's tenant {TenantName} ({TenantId})", portal.Name, portal.Id);
        }

        if (portal.Id != OtherTenantId && !await db.Tenants.AnyAsync(t => t.Id == OtherTenantId, cancellationToken))
        {
            db.Tenants.Add(new Tenant { Id = OtherTenantId, DisplayName = "Another organization", Domain = "fabrikam.onmicrosoft.com", CreatedAt = now });
        }

        await db.SaveChangesAsync(cancellationToken);

        // An import that was running when its instance stopped will never finish: say so. One another instance
        // runs now has been vouched for within its lease, and is left alone.
        await InterruptedImports.FailAsync(db, portal.Id, now, cancellationToken);
    }
}
