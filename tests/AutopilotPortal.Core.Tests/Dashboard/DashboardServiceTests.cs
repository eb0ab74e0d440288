using AutopilotPortal.Core.Dashboard;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Sync;
using AutopilotPortal.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Tests.Dashboard;

public class DashboardServiceTests
{
    [Fact]
    public async Task TheOverviewCountsDevicesImportsAndTheNextSyncFromWhatTheDatabaseKeeps()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var rows = Enumerable.Range(1, 5)
            .Select(n => (Serial: $"DASH{n:D4}", Hash: n == 3 ? TestDevices.CorruptedHash(seed: 7300 + n) : TestDevices.Hash(7300 + n, $"DASH{n:D4}"), GroupTag: (string?)null))
            .ToList();
        rows.Add(rows[0]); // the same hardware twice in one file: refused with a name but no numeric code
        using (var csv = TestDevices.Csv([.. rows]))
        {
            var job = await database.Get<ImportService>().ImportAsync(PortalCaller.System, csv, "dash.csv");
            Assert.Equal((4, 2), (job.Registered, job.Failed));
        }

        await using (var db = await database.CreateDbContextAsync())
        {
            await db.AutopilotDevices.Where(d => d.SerialNumber == "DASH0001" || d.SerialNumber == "DASH0002")
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.ProfileStatus, ProfileAssignmentStatus.AssignedInSync));
        }

        var summary = await database.Get<DashboardService>().GetAsync(PortalCaller.System);

        Assert.Equal(4, summary.DeviceCount);
        Assert.Contains((ProfileAssignmentStatus.AssignedInSync, 2L), summary.ByProfileStatus);
        Assert.Contains((ProfileAssignmentStatus.NotAssigned, 2L), summary.ByProfileStatus);
        Assert.Equal(4, summary.ByEnrollmentState.Sum(s => s.Count));

        var days = summary.RegistrationsPerDay(TimeZoneInfo.Utc, 30);
        Assert.Equal(30, days.Count);
        Assert.Equal((DateOnly.FromDateTime(database.Clock.GetUtcNow().UtcDateTime), 4L), days[^1]);
        Assert.Equal(4, days.Sum(d => d.Count));

        Assert.Equal((1, 0, 4L, 2L), (summary.Imports.Jobs, summary.Imports.FailedJobs, summary.Imports.RowsRegistered, summary.Imports.RowsRefused));
        Assert.Equal(
            [(802, "InvalidZtdHardwareHash", 1), (null, "ZtdDeviceDuplicated", 1)],
            summary.Imports.Errors.Select(e => (e.Code, e.Name, e.Rows)));

        // Never synced: the automatic sync is due now.
        Assert.Null(summary.Sync.LastSync);
        Assert.Equal(summary.ReadAt, summary.Sync.NextDue);
        Assert.Empty(summary.OpenDecommissions);
        Assert.Empty(summary.DeploymentRuns);

        // Outside the window the imports drop out; the devices stay counted.
        database.Clock.Advance(DashboardService.Window + TimeSpan.FromHours(1));
        var later = await database.Get<DashboardService>().GetAsync(PortalCaller.System);
        Assert.Equal((0, 4L), (later.Imports.Jobs, later.DeviceCount));
        Assert.Empty(later.Imports.Errors);
        Assert.Equal(0, later.RegistrationsPerDay(TimeZoneInfo.Utc, 30).Sum(d => d.Count));
    }

    [Fact]
    public async Task AfterASyncTheNextIsDueOneIntervalLaterAndNoneWhenAutomaticSyncIsOff()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await database.Get<SyncService>().SyncAsync(SyncTrigger.Manual);
        var summary = await database.Get<DashboardService>().GetAsync(PortalCaller.System);
        Assert.NotNull(summary.Sync.LastSync);
        Assert.Equal(summary.Sync.LastSync + TimeSpan.FromHours(12), summary.Sync.NextDue);

        await using var off = await PortalTestDatabase.CreateAsync(new Dictionary<string, string?> { ["Sync:Enabled"] = "false" });
        var offSummary = await off.Get<DashboardService>().GetAsync(PortalCaller.System);
        Assert.False(offSummary.Sync.AutomaticEnabled);
        Assert.Null(offSummary.Sync.NextDue);
    }

    [Fact]
    public async Task OpenDecommissionsArePendingRunningOrFailedOnesAndCompletedOnesAreNot()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var devices = await TestDevices.RegisterAsync(database, 3, groupTag: null, firstSeed: 7400);
        var started = await database.Get<Core.Decommissioning.DecommissionService>().StartAsync(PortalCaller.System, devices, Core.Decommissioning.DecommissionKind.Full);
        await using (var db = await database.CreateDbContextAsync())
        {
            await db.Decommissions.Where(d => d.Id == started[0]).ExecuteUpdateAsync(u => u.SetProperty(d => d.State, Core.Decommissioning.DecommissionState.Failed));
            await db.Decommissions.Where(d => d.Id == started[1]).ExecuteUpdateAsync(u => u.SetProperty(d => d.State, Core.Decommissioning.DecommissionState.Completed));
        }

        var summary = await database.Get<DashboardService>().GetAsync(PortalCaller.System);

        Assert.Equal(
            [(Core.Decommissioning.DecommissionState.Pending, 1), (Core.Decommissioning.DecommissionState.Failed, 1)],
            summary.OpenDecommissions.OrderBy(d => d.Key).Select(d => (d.Key, d.Value)));
    }

    [Fact]
    public async Task AReaderMaySeeTheOverviewAndNobodySignedOutMay()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var reader = PortalCaller.WithRoles("reader@contoso.com", PortalRole.Reader);
        Assert.Equal(0, (await database.Get<DashboardService>().GetAsync(reader)).DeviceCount);
        await Assert.ThrowsAsync<AccessDeniedException>(() => database.Get<DashboardService>().GetAsync(PortalCaller.Anonymous()));
    }
}
