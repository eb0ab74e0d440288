using AutopilotPortal.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AutopilotPortal.Core.Tests.Data.Sqlite;

/// <summary>Objects written before the <c>OrderId</c> column existed get it from their physicalIds when the database is upgraded.</summary>
public sealed class DirectoryOrderIdMigrationTests
{
    [Fact]
    public async Task AnUpgradedDatabaseReadsEachObjectsOrderIdFromItsPhysicalIds()
    {
        var folder = Directory.CreateTempSubdirectory("orderid-migration-");
        try
        {
            var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder.FullName, "portal.db"), Pooling = false }.ToString();
            var options = new DbContextOptionsBuilder<PortalDbContext>();
            new Core.Data.Sqlite.SqliteDatabaseProvider().Configure(options, connectionString);
            await using var db = new PortalDbContext(options.Options);
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync("20261203151643_ImportedDeviceIdentities");
            await db.Database.ExecuteSqlRawAsync("""
                INSERT INTO "Tenants" ("Id", "DisplayName", "Domain", "CreatedAt") VALUES ('6F7A0C8E-0000-4000-8000-0000000000AA', 'Old', 'old.example', '2026-01-01 00:00:00');
                INSERT INTO "DirectoryDevices" ("Id", "DeviceId", "TenantId", "DisplayName", "AccountEnabled", "TrustType", "PhysicalIds", "CreatedAt") VALUES
                  ('00000000-0000-4000-8000-000000000001', '10000000-0000-4000-8000-000000000001', '6F7A0C8E-0000-4000-8000-0000000000AA', 'TAGGED', 1, 0,
                   '["[ZTDID]:5a6c1b3e-0000-4000-8000-000000000001","[HWID]:h:6966","[OrderId]:Sales \"East\""]', '2026-01-01 00:00:00'),
                  ('00000000-0000-4000-8000-000000000002', '10000000-0000-4000-8000-000000000002', '6F7A0C8E-0000-4000-8000-0000000000AA', 'UPPER', 1, 0,
                   '["[ORDERID]:Kiosk"]', '2026-01-01 00:00:00'),
                  ('00000000-0000-4000-8000-000000000003', '10000000-0000-4000-8000-000000000003', '6F7A0C8E-0000-4000-8000-0000000000AA', 'UNTAGGED', 1, 0,
                   '["[PurchaseOrderId]:PO-1"]', '2026-01-01 00:00:00');
                """);

            await migrator.MigrateAsync();

            var orderIds = await db.DirectoryDevices.AsNoTracking().OrderBy(d => d.DisplayName).Select(d => new { d.DisplayName, d.OrderId }).ToListAsync();
            Assert.Equal(
                [("TAGGED", "Sales \"East\""), ("UNTAGGED", null), ("UPPER", "Kiosk")],
                orderIds.Select(o => (o.DisplayName, o.OrderId)).ToArray());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
