using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Groups;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Sync;
using AutopilotPortal.Core.Tests.Support;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static AutopilotPortal.Core.Tests.Profiles.ProfileTestData;

namespace AutopilotPortal.Core.Tests.Sync;

public class SyncTests
{
    private static readonly PortalCaller HelpDesk = PortalCaller.WithRoles("hal@contoso.com", PortalRole.HelpDesk);

    [Fact]
    public async Task SyncAddsRegistrationsMadeElsewhereToIntunesList()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var devices = await RegisterAsync(database, 3);
        var (withObject, withoutObject) = (devices[0], devices[1]);
        var registrations = await QueryAsync(database, db => db.AutopilotDevices.ToDictionaryAsync(d => d.Id, d => d.RegistrationId));

        // As an OEM registration would leave them: in DDS only; one of them already has its Entra object.
        await using (var db = await database.CreateDbContextAsync())
        {
            await db.AutopilotDevices.Where(d => d.Id == withObject.DeviceId || d.Id == withoutObject.DeviceId).ExecuteDeleteAsync();
            await db.DirectoryDevices.Where(d => d.Id == withoutObject.ObjectId).ExecuteDeleteAsync();
        }

        var summary = await database.Get<SyncService>().SyncAsync(SyncTrigger.Manual);

        Assert.Equal(new SyncSummary(2, 0, 0, 0, 0), summary);
        await using var check = await database.CreateDbContextAsync();
        var first = await check.AutopilotDevices.SingleAsync(d => d.RegistrationId == registrations[withObject.DeviceId]);
        var registration = await check.Registrations.SingleAsync(r => r.Id == registrations[withObject.DeviceId]);
        Assert.Equal((registration.SerialNumber, registration.Manufacturer, registration.Model, registration.Ztdid, withObject.ObjectId),
            (first.SerialNumber, first.Manufacturer, first.Model, first.Ztdid, first.DirectoryObjectId!.Value));
        var second = await check.AutopilotDevices.SingleAsync(d => d.RegistrationId == registrations[withoutObject.DeviceId]);
        var made = await check.DirectoryDevices.SingleAsync(d => d.Id == second.DirectoryObjectId);
        Assert.False(made.AccountEnabled);
        Assert.Equal(second.Ztdid, made.Ztdid);
        Assert.Contains(PhysicalIds.ZtdidPrefix + second.Ztdid.ToString("D"), made.PhysicalIds);
        Assert.Equal(3, await check.AutopilotDevices.CountAsync());
        Assert.Equal(3, await check.DeviceCounts.Where(c => c.TenantId == TestTenant.Id).Select(c => c.Count).SingleAsync());
        await IntuneIndexAssert.ConsistentAsync(database);
    }

    [Fact]
    public async Task SyncRemovesIntuneRowsWhoseRegistrationWasDeleted()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var devices = await RegisterAsync(database, 2);
        var registrationId = await QueryAsync(database, db => db.AutopilotDevices.Where(d => d.Id == devices[0].DeviceId).Select(d => d.RegistrationId).SingleAsync());

        // The deployment service is another service: it deletes its registration without asking
        // Intune, so the row is deleted with this database's foreign keys off.
        await using (var db = await database.CreateDbContextAsync())
        {
            await ForeignChange.DeleteRegistrationAsync(db, registrationId);
        }

        var summary = await database.Get<SyncService>().SyncAsync(SyncTrigger.Manual);

        Assert.Equal(1, summary!.Removed);
        var left = await QueryAsync(database, db => db.AutopilotDevices.Select(d => d.Id).ToListAsync());
        Assert.Equal([devices[1].DeviceId], left);
    }

    [Fact]
    public async Task SyncCopiesAGroupTagChangedInTheDeploymentService()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var devices = await RegisterAsync(database, 2);
        var registrationId = await QueryAsync(database, db => db.AutopilotDevices.Where(d => d.Id == devices[0].DeviceId).Select(d => d.RegistrationId).SingleAsync());
        await using (var db = await database.CreateDbContextAsync())
        {
            await db.Registrations.Where(r => r.Id == registrationId).ExecuteUpdateAsync(s => s
                .SetProperty(r => r.GroupTag, "Kiosk").SetProperty(r => r.PurchaseOrderId, "PO-77").SetProperty(r => r.AssignedUserPrincipalName, "kim@contoso.com"));
        }

        var summary = await database.Get<SyncService>().SyncAsync(SyncTrigger.Manual);

        Assert.Equal(new SyncSummary(0, 0, 1, 0, 0), summary);
        await using var check = await database.CreateDbContextAsync();
        var device = await check.AutopilotDevices.SingleAsync(d => d.Id == devices[0].DeviceId);
        Assert.Equal(("Kiosk", "PO-77", "kim@contoso.com"), (device.GroupTag, device.PurchaseOrderIdentifier, device.UserPrincipalName));
        var directory = await check.DirectoryDevices.SingleAsync(d => d.Id == devices[0].ObjectId);
        Assert.Contains("[OrderId]:Kiosk", directory.PhysicalIds);
        Assert.Contains("[PurchaseOrderId]:PO-77", directory.PhysicalIds);
        Assert.Null((await check.AutopilotDevices.SingleAsync(d => d.Id == devices[1].DeviceId)).GroupTag);
    }

    [Fact]
    public async Task SyncDeliversTheIntendedProfileAndClearsOneNoLongerIntended()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var profiles = database.Get<ProfileService>();
        var devices = await RegisterAsync(database, 2);
        var group = await AddGroupAsync(database, "Sales", devices.Select(d => d.ObjectId));
        var profile = await CreateProfileAsync(database, "Sales laptops");
        await profiles.AssignAsync(Admin, profile.Id, group, AssignmentKind.Include);
        Assert.All(await StatusesAsync(database), d => Assert.Equal((ProfileAssignmentStatus.Pending, (Guid?)null), (d.ProfileStatus, d.AssignedProfileId)));

        var summary = await database.Get<SyncService>().SyncAsync(SyncTrigger.Automatic);

        Assert.Equal(2, summary!.ProfilesDelivered);
        Assert.All(await StatusesAsync(database), d =>
            Assert.Equal((ProfileAssignmentStatus.AssignedInSync, profile.Id, "Sales laptops", profile.Id, "Sales laptops"),
                (d.ProfileStatus, d.AssignedProfileId, d.AssignedProfileName, d.DeploymentProfileId, d.DeploymentProfileName)));

        // The assignment goes: resolution makes them not assigned; the next sync takes the delivered profile back.
        await profiles.UnassignAsync(Admin, profile.Id, group);
        Assert.All(await StatusesAsync(database), d => Assert.Equal(profile.Id, d.AssignedProfileId));
        database.Clock.Advance(TimeSpan.FromMinutes(11));
        summary = await database.Get<SyncService>().SyncAsync(SyncTrigger.Manual);

        Assert.Equal(2, summary!.ProfilesCleared);
        Assert.All(await StatusesAsync(database), d =>
            Assert.Equal((ProfileAssignmentStatus.NotAssigned, (Guid?)null, (string?)null), (d.ProfileStatus, d.AssignedProfileId, d.AssignedProfileName)));
    }

    [Fact]
    public async Task ARegistrationMadeElsewhereJoinsItsDynamicGroupAndReceivesTheGroupsProfile()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var group = await database.Get<GroupService>().CreateAsync(Admin, "Sales tag", null, GroupMembershipType.Dynamic,
            "(device.devicePhysicalIds -any (_ -eq \"[OrderId]:Sales\"))");
        var profile = await CreateProfileAsync(database, "Sales laptops");
        await database.Get<ProfileService>().AssignAsync(Admin, profile.Id, group.Id, AssignmentKind.Include);
        var outcome = (await database.Get<Core.Registration.DeviceRegistrationService>().RegisterAsync(TestTenant.Id,
            [TestDevices.Prepare(TestDevices.Hash(seed: 4242), groupTag: "Sales")], dryRun: false)).Single();
        await using (var db = await database.CreateDbContextAsync())
        {
            var device = await db.AutopilotDevices.SingleAsync(d => d.Id == outcome.AutopilotDeviceId);
            await db.AutopilotDevices.Where(d => d.Id == device.Id).ExecuteDeleteAsync();
            await db.GroupMembers.Where(m => m.DeviceObjectId == device.DirectoryObjectId).ExecuteDeleteAsync();
            await db.DirectoryDevices.Where(d => d.Id == device.DirectoryObjectId).ExecuteDeleteAsync();
        }

        var summary = await database.Get<SyncService>().SyncAsync(SyncTrigger.Manual);

        Assert.Equal((1, 1), (summary!.Added, summary.ProfilesDelivered));
        var row = Assert.Single(await StatusesAsync(database));
        Assert.Equal((ProfileAssignmentStatus.AssignedInSync, profile.Id), (row.ProfileStatus, row.AssignedProfileId));
        Assert.True(await QueryAsync(database, db => db.GroupMembers.AnyAsync(m => m.GroupId == group.Id && m.DeviceObjectId == row.DirectoryObjectId)));
    }

    [Fact]
    public async Task ASecondManualSyncWithinTenMinutesIsRefusedWithTheTimeItBecomesAvailable()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var sync = database.Get<SyncService>();
        var started = database.Clock.GetUtcNow().UtcDateTime;

        var first = await sync.RequestSyncAsync(HelpDesk);
        await first.Completion;
        database.Clock.Advance(TimeSpan.FromMinutes(4));
        var second = await sync.RequestSyncAsync(HelpDesk);

        Assert.Equal(SyncRequestKind.Started, first.Kind);
        Assert.Equal((SyncRequestKind.Throttled, started.AddMinutes(10)), (second.Kind, second.AvailableAt));
        var settings = await sync.GetSettingsAsync(HelpDesk);
        Assert.Equal((SyncStatus.Completed, started, started, started.AddMinutes(10)),
            (settings.SyncStatus, settings.LastSyncDateTime, settings.LastManualSyncTriggerDateTime, settings.ManualSyncAvailableAt));

        database.Clock.Advance(TimeSpan.FromMinutes(6));
        var third = await sync.RequestSyncAsync(HelpDesk);
        await third.Completion;
        Assert.Equal(SyncRequestKind.Started, third.Kind);
        var requests = await QueryAsync(database, db => db.AuditEntries.Where(e => e.Action == AuditActions.SyncRequested).OrderBy(e => e.Id).Select(e => e.Outcome).ToListAsync());
        Assert.Equal([AuditOutcome.Succeeded, AuditOutcome.Refused, AuditOutcome.Succeeded], requests);
    }

    [Fact]
    public async Task ASyncRequestedWhileAnotherInstanceHoldsTheLeaseAnswersInProgress()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var sync = database.Get<SyncService>();
        await HoldLeaseAsync(database, "another-instance", TimeSpan.FromMinutes(3));

        var request = await sync.RequestSyncAsync(HelpDesk);

        Assert.Equal(SyncRequestKind.InProgress, request.Kind);
        Assert.Null(await sync.SyncAsync(SyncTrigger.Manual));
        Assert.Null(await sync.RunDueSyncAsync());
        Assert.True((await sync.GetSettingsAsync(HelpDesk)).IsRunning);

        // The other instance died: its lease lapses and the next sync takes over.
        database.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(SyncStatus.Failed, (await sync.GetSettingsAsync(HelpDesk)).SyncStatus);
        Assert.NotNull(await sync.RunDueSyncAsync());
        Assert.Equal(SyncStatus.Completed, (await sync.GetSettingsAsync(HelpDesk)).SyncStatus);
    }

    [Fact]
    public async Task TheAutomaticSyncRunsWhenDueAndNotAgainBeforeTwelveHours()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var sync = database.Get<SyncService>();

        Assert.NotNull(await sync.RunDueSyncAsync());
        database.Clock.Advance(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(1));
        Assert.Null(await sync.RunDueSyncAsync());
        database.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(await sync.RunDueSyncAsync());
        Assert.Null(await sync.RunDueSyncAsync());

        Assert.Equal(2, await CompletedSyncsAsync(database));
    }

    [Fact]
    public async Task AShorterAutomaticIntervalMakesTheNextSyncDueSoonerAndOnlyThen()
    {
        await using var database = await PortalTestDatabase.CreateAsync(new Dictionary<string, string?> { ["Sync:AutomaticInterval"] = "00:00:30" });
        var sync = database.Get<SyncService>();

        Assert.NotNull(await sync.RunDueSyncAsync());
        database.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Null(await sync.RunDueSyncAsync());
        database.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(await sync.RunDueSyncAsync());
        Assert.Null(await sync.RunDueSyncAsync());

        Assert.Equal(2, await CompletedSyncsAsync(database));
    }

    [Fact]
    public async Task ARestartedPortalNeitherSkipsNorRepeatsTheAutomaticSync()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        Assert.NotNull(await database.Get<SyncService>().RunDueSyncAsync());

        // A restart six hours later: a new service provider on the same file.
        database.Clock.Advance(TimeSpan.FromHours(6));
        await using (var restarted = await database.StartAnotherInstanceAsync())
        {
            Assert.Null(await restarted.Get<SyncService>().RunDueSyncAsync());
        }

        // Another restart, after the portal was down past the due time: it syncs once, straight away.
        database.Clock.Advance(TimeSpan.FromHours(20));
        await using (var restarted = await database.StartAnotherInstanceAsync())
        {
            Assert.NotNull(await restarted.Get<SyncService>().RunDueSyncAsync());
            Assert.Null(await restarted.Get<SyncService>().RunDueSyncAsync());
        }

        Assert.Equal(2, await CompletedSyncsAsync(database));
    }

    [Fact]
    public async Task TheSchedulerSyncsAtStartWhenDueThenEveryTwelveHours()
    {
        await using var database = await PortalTestDatabase.CreateAsync(new Dictionary<string, string?> { ["Sync:CheckInterval"] = "00:01:00" });
        var scheduler = database.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<SyncScheduler>().Single();
        await scheduler.StartAsync(CancellationToken.None);
        try
        {
            await WaitForChecksAsync(scheduler, 1);
            Assert.Equal(1, await CompletedSyncsAsync(database));

            // Just short of twelve hours: the timer ticks, nothing is due.
            database.Clock.Advance(TimeSpan.FromHours(12) - TimeSpan.FromMinutes(1));
            await WaitForChecksAsync(scheduler, 2);
            Assert.Equal(1, await CompletedSyncsAsync(database));

            // Twelve hours: the next check syncs. A large advance can leave the timer a second tick for the time
            // before this one, so the check that syncs is the third or the fourth: wait for the sync, not a count of checks.
            database.Clock.Advance(TimeSpan.FromMinutes(1));
            await WaitForSyncsAsync(database, 2);
            Assert.Equal(2, await CompletedSyncsAsync(database));
        }
        finally
        {
            await scheduler.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task TwoInstancesOnOneDatabaseRunEachDueSyncExactlyOnce()
    {
        await using var first = await PortalTestDatabase.CreateAsync();
        await RegisterAsync(first, 5);
        await using var second = await first.StartAnotherInstanceAsync();
        Assert.NotEqual(first.Get<SyncService>().InstanceId, second.Get<SyncService>().InstanceId);

        for (var round = 1; round <= 2; round++)
        {
            var attempts = Enumerable.Range(0, 8)
                .Select(i => Task.Run(() => (i % 2 == 0 ? first : second).Get<SyncService>().RunDueSyncAsync()))
                .ToList();
            var results = await Task.WhenAll(attempts);

            Assert.Single(results, r => r is not null);
            Assert.Equal(round, await CompletedSyncsAsync(first));
            first.Clock.Advance(TimeSpan.FromHours(12));
            second.Clock.Advance(TimeSpan.FromHours(12));
        }
    }

    [Fact]
    public async Task AReaderMayNotSyncAndHelpDeskMay()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var sync = database.Get<SyncService>();
        var reader = PortalCaller.WithRoles("rita@contoso.com", PortalRole.Reader);

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => sync.RequestSyncAsync(reader));
        var allowed = await sync.RequestSyncAsync(HelpDesk);
        await allowed.Completion;

        Assert.Equal(PortalPermission.TriggerSync, refused.Permission);
        Assert.Equal(SyncRequestKind.Started, allowed.Kind);
        Assert.Equal(SyncStatus.Completed, (await sync.GetSettingsAsync(reader)).SyncStatus);
        var completed = await QueryAsync(database, db => db.AuditEntries.SingleAsync(e => e.Action == AuditActions.SyncCompleted));
        Assert.Equal(HelpDesk.UserName, completed.Actor);
    }

    private static Task<List<AutopilotDevice>> StatusesAsync(PortalTestDatabase database) =>
        QueryAsync(database, db => db.AutopilotDevices.AsNoTracking().OrderBy(d => d.Id).ToListAsync());

    private static Task<int> CompletedSyncsAsync(PortalTestDatabase database) =>
        QueryAsync(database, db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.SyncCompleted && e.Outcome == AuditOutcome.Succeeded));

    private static async Task HoldLeaseAsync(PortalTestDatabase database, string owner, TimeSpan duration)
    {
        await using var db = await database.CreateDbContextAsync();
        db.AutopilotSettings.Add(new AutopilotSettings
        {
            TenantId = TestTenant.Id,
            SyncStatus = SyncStatus.InProgress,
            LeaseOwner = owner,
            LeaseExpiresAt = database.Clock.GetUtcNow().UtcDateTime + duration,
        });
        await db.SaveChangesAsync();
    }

    private static async Task WaitForSyncsAsync(PortalTestDatabase database, int syncs)
    {
        // Real time: the scheduler syncs on its own thread.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await CompletedSyncsAsync(database) < syncs)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{await CompletedSyncsAsync(database)} syncs completed, not {syncs}.");
            await Task.Delay(20);
        }
    }

    private static async Task WaitForChecksAsync(SyncScheduler scheduler, int checks)
    {
        // Real time: the scheduler runs on its own thread; the fake clock only drives its timer.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (scheduler.CompletedChecks < checks)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The scheduler finished {scheduler.CompletedChecks} checks, not {checks}.");
            await Task.Delay(20);
        }
    }
}
