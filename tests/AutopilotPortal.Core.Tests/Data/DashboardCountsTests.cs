using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AutopilotPortal.Core.Tests.Data;

/// <summary>
/// The overview's counts (by profile status and enrollment state, by hour of registration) follow the
/// devices however they change: bulk updates, tracked saves, a no-change update, a moved registration
/// time, deletes; on each provider, each counted by its own means.
/// </summary>
public class DashboardCountsTests
{
    [Fact]
    public async Task CountsFollowInsertsUpdatesAndDeletes()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var ids = await TestDevices.RegisterAsync(database, 6, groupTag: "Counted", firstSeed: 7100);
        await IntuneIndexAssert.ConsistentAsync(database);

        await using (var db = await database.CreateDbContextAsync())
        {
            await using (var fresh = await database.CreateDbContextAsync())
            {
                Assert.Equal(6, await fresh.DeviceStatusCounts.SumAsync(c => c.Count));
            }

            // A set-based update of three devices, then a no-change update of every device.
            await db.AutopilotDevices.Where(d => ids.Take(3).Contains(d.Id))
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.ProfileStatus, ProfileAssignmentStatus.AssignedInSync).SetProperty(d => d.EnrollmentState, EnrollmentState.Enrolled));
            await db.AutopilotDevices.ExecuteUpdateAsync(u => u.SetProperty(d => d.GroupTag, "Counted"));
            await IntuneIndexAssert.ConsistentAsync(database);

            // A tracked save that changes one device's state and moves another's registration a day back.
            var first = await db.AutopilotDevices.SingleAsync(d => d.Id == ids[3]);
            first.EnrollmentState = EnrollmentState.Failed;
            var second = await db.AutopilotDevices.SingleAsync(d => d.Id == ids[4]);
            second.CreatedAt = second.CreatedAt.AddDays(-1);
            await db.SaveChangesAsync();
            await IntuneIndexAssert.ConsistentAsync(database);

            // Deletes, one set-based and one tracked.
            await db.AutopilotDevices.Where(d => d.Id == ids[0]).ExecuteDeleteAsync();
            db.AutopilotDevices.Remove(second);
            await db.SaveChangesAsync();
        }

        await IntuneIndexAssert.ConsistentAsync(database);
        await using var check = await database.CreateDbContextAsync();
        Assert.Equal(4, await check.DeviceStatusCounts.SumAsync(c => c.Count));
        Assert.Equal(2, await check.DeviceStatusCounts.Where(c => c.ProfileStatus == ProfileAssignmentStatus.AssignedInSync).SumAsync(c => c.Count));
        Assert.Equal(4, await check.RegistrationHours.SumAsync(c => c.Count));
    }

    [Fact]
    public async Task AddingTheCountsToADatabaseThatHasDevicesCountsThem()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await TestDevices.RegisterAsync(database, 3, groupTag: null, firstSeed: 7200);
        await using (var db = await database.CreateDbContextAsync())
        {
            // Back to the schema before the counts (their tables and triggers go), then forward again.
            var migrations = db.Database.GetMigrations().ToList();
            var adding = migrations.FindIndex(m => m.EndsWith("_DashboardCounts", StringComparison.Ordinal));
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(migrations[adding - 1]);
            Assert.DoesNotContain(migrations[adding], await db.Database.GetAppliedMigrationsAsync());
            await migrator.MigrateAsync();
        }

        await IntuneIndexAssert.ConsistentAsync(database);
        await using var check = await database.CreateDbContextAsync();
        Assert.Equal(3, await check.DeviceStatusCounts.SumAsync(c => c.Count));
    }
}
