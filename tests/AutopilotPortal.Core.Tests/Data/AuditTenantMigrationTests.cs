using AutopilotPortal.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AutopilotPortal.Core.Tests.Data;

/// <summary>An existing database's audit log when entries start to carry a tenant.</summary>
public class AuditTenantMigrationTests
{
    private const string BeforeTenants = "20261122231951_IntuneInsertsWithoutTriggers";

    [Fact]
    public async Task OlderEntriesGoToThePortalsTenantAndTheLogStaysAppendOnly()
    {
        var path = Path.Combine(Path.GetTempPath(), $"autopilot-migration-{Guid.NewGuid():N}.db");
        var portalTenant = Guid.NewGuid();
        try
        {
            await using (var db = Context(path))
            {
                await db.GetService<IMigrator>().MigrateAsync(BeforeTenants);
                await db.Database.ExecuteSqlAsync($"""INSERT INTO "Tenants" ("Id", "DisplayName", "Domain", "CreatedAt") VALUES ({portalTenant}, 'Contoso', 'contoso.onmicrosoft.com', '2026-01-01 00:00:00')""");
                await db.Database.ExecuteSqlAsync($"""INSERT INTO "Tenants" ("Id", "DisplayName", "Domain", "CreatedAt") VALUES ({DatabaseInitializer.OtherTenantId}, 'Another organization', 'fabrikam.onmicrosoft.com', '2026-01-01 00:00:00')""");
                await db.Database.ExecuteSqlRawAsync("""INSERT INTO "AuditEntries" ("OccurredAt", "Actor", "Action", "Outcome") VALUES ('2026-01-02 00:00:00', 'admin', 'SignIn', 'Succeeded')""");
            }

            await using (var db = Context(path))
            {
                await db.Database.MigrateAsync();
                var entry = await db.AuditEntries.AsNoTracking().SingleAsync();
                Assert.Equal(portalTenant, entry.TenantId);
                var change = await Assert.ThrowsAsync<SqliteException>(() => db.Database.ExecuteSqlRawAsync("""UPDATE "AuditEntries" SET "Actor" = 'someone else'"""));
                Assert.Contains("Audit entries cannot be changed.", change.Message, StringComparison.Ordinal);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    private static PortalDbContext Context(string path) =>
        new(new DbContextOptionsBuilder<PortalDbContext>().UseSqlite($"Data Source={path}").Options);
}
