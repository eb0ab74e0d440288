using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Decommissioning;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Groups;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tests.Support;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Core.Tests.Decommissioning;

public class DecommissionTests
{
    private static readonly PortalCaller Admin = PortalCaller.WithRoles("ada@contoso.com", PortalRole.Admin);

    [Fact]
    public async Task DirectDeleteOfAnEnrolledDeviceIsRefusedWithTheReasonAndOffersTheWorkflow()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var id = (await TestDevices.RegisterAsync(database, 1, null, firstSeed: 700))[0];
        await TestEnrollment.EnrollAsync(database, id);

        var refused = await Assert.ThrowsAsync<DecommissionRefusedException>(() => database.Get<RecordDeletionService>().DeleteAutopilotDeviceAsync(Admin, id));

        Assert.True(refused.OfferWorkflow);
        Assert.Contains("enrolled in Intune", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Intune record, then the Autopilot registration, then the Entra object", refused.Message, StringComparison.Ordinal);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(1, await db.Registrations.CountAsync());
        Assert.Equal(1, await db.AutopilotDevices.CountAsync());
        Assert.Equal(1, await db.ManagedDevices.CountAsync());
    }

    [Fact]
    public async Task DirectDeleteOfADeviceNeverEnrolledRemovesRegistrationAndIntuneRowAndKeepsTheEntraObject()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var ids = await TestDevices.RegisterAsync(database, 2, null, firstSeed: 710);

        await database.Get<RecordDeletionService>().DeleteAutopilotDeviceAsync(Admin, ids[0]);

        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(1, await db.Registrations.CountAsync());
        Assert.Equal([ids[1]], await db.AutopilotDevices.Select(a => a.Id).ToListAsync());
        Assert.Equal(2, await db.DirectoryDevices.CountAsync());
        Assert.Equal(1, (await db.DeviceCounts.SingleAsync(c => c.TenantId == TestTenant.Id)).Count);
        Assert.Equal(AuditActions.DeviceDeleted, (await db.AuditEntries.OrderByDescending(e => e.Id).FirstAsync()).Action);
    }

    [Fact]
    public async Task AnInstanceForAnotherTenantOnTheSameDatabaseLeavesThisTenantsDecommissionsAlone()
    {
        // Before, the worker claimed every tenant's pending decommissions and ran them as its own.
        await using var database = await PortalTestDatabase.CreateAsync();
        var id = (await TestDevices.RegisterAsync(database, 1, null, firstSeed: 725))[0];
        var started = await database.Get<DecommissionService>().StartAsync(Admin, [id], DecommissionKind.OneStepDelete);
        await using var other = await database.StartAnotherInstanceAsync(new Dictionary<string, string?>
        {
            ["Tenant:Id"] = AutopilotPortal.Core.Data.DatabaseInitializer.OtherTenantId.ToString(),
        });

        Assert.Equal(0, await other.Get<DecommissionRunner>().RunPendingAsync());
        Assert.Equal(DecommissionState.Pending, (await database.Get<DecommissionQueries>().GetAsync(Admin, started[0]))!.State);

        await database.Get<DecommissionRunner>().RunPendingAsync();
        Assert.Equal(DecommissionState.Completed, (await database.Get<DecommissionQueries>().GetAsync(Admin, started[0]))!.State);
    }

    [Fact]
    public async Task OneStepDeleteRemovesTheIntuneRecordThenTheRegistrationAndKeepsTheEntraObject()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var id = (await TestDevices.RegisterAsync(database, 1, null, firstSeed: 720))[0];
        await TestEnrollment.EnrollAsync(database, id);

        var started = await database.Get<DecommissionService>().StartAsync(Admin, [id], DecommissionKind.OneStepDelete);
        await database.Get<DecommissionRunner>().RunPendingAsync();

        var view = await database.Get<DecommissionQueries>().GetAsync(Admin, started[0]);
        Assert.Equal(DecommissionState.Completed, view!.State);
        Assert.Equal([DecommissionStepKind.IntuneManagedDevice, DecommissionStepKind.AutopilotRegistration], view.Steps.Select(s => s.Kind));
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(0, await db.ManagedDevices.CountAsync());
        Assert.Equal(0, await db.Registrations.CountAsync());
        Assert.Equal(0, await db.AutopilotDevices.CountAsync());
        Assert.Equal(1, await db.DirectoryDevices.CountAsync());
    }

    [Fact]
    public async Task FullDecommissionRunsTheThreeStepsInOrderAndLeavesNothingBehind()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var group = await database.Get<GroupService>().CreateAsync(PortalCaller.System, "Lab devices", null, GroupMembershipType.Dynamic,
            "(device.devicePhysicalIds -any (_ -eq \"[OrderId]:Lab\"))");
        var ids = await TestDevices.RegisterAsync(database, 2, "Lab", firstSeed: 730);
        await TestEnrollment.EnrollAsync(database, ids[0]);
        Assert.Equal(2, await MemberCountAsync(database, group.Id));

        var started = await database.Get<DecommissionService>().StartAsync(Admin, [ids[0]], DecommissionKind.Full);
        database.Clock.Advance(TimeSpan.FromSeconds(1));
        await database.Get<DecommissionRunner>().RunPendingAsync();

        var view = (await database.Get<DecommissionQueries>().GetAsync(Admin, started[0]))!;
        Assert.Equal(DecommissionState.Completed, view.State);
        Assert.Equal(1, view.Attempts);
        Assert.Equal([DecommissionStepKind.IntuneManagedDevice, DecommissionStepKind.AutopilotRegistration, DecommissionStepKind.EntraObject], view.Steps.Select(s => s.Kind));
        Assert.All(view.Steps, s => Assert.Equal(DecommissionStepState.Completed, s.State));
        await using var db = await database.CreateDbContextAsync();
        var details = await db.AuditEntries.Where(e => e.Action == AuditActions.DecommissionStepCompleted).OrderBy(e => e.Id).Select(e => e.Details!).ToListAsync();
        Assert.Collection(details,
            d => Assert.StartsWith("Step 1 of 3, Intune managed-device record: Removed 1", d, StringComparison.Ordinal),
            d => Assert.StartsWith("Step 2 of 3, Autopilot registration: Removed the registration", d, StringComparison.Ordinal),
            d => Assert.StartsWith("Step 3 of 3, Entra device object: Deleted", d, StringComparison.Ordinal));
        Assert.Equal(0, await db.ManagedDevices.CountAsync());
        Assert.Equal([ids[1]], await db.AutopilotDevices.Select(a => a.Id).ToListAsync());
        Assert.Equal(1, await db.Registrations.CountAsync());
        Assert.Equal(1, await db.DirectoryDevices.CountAsync());
        Assert.False(await db.DirectoryDevices.AnyAsync(o => o.Ztdid == view.Ztdid));
        Assert.Equal(1, (await db.DeviceCounts.SingleAsync(c => c.TenantId == TestTenant.Id)).Count);
        Assert.Equal(1, await MemberCountAsync(database, group.Id));
        Assert.Equal(1, await db.GroupMembers.CountAsync(m => m.GroupId == group.Id));
        // The serial search index follows the deleted row.
        var found = await database.Get<DeviceService>().ListAsync(Admin, new DeviceListQuery { Search = view.SerialNumber });
        Assert.Empty(found.Items);
    }

    [Fact]
    public async Task AStepWhoseThingIsAlreadyGoneCountsAsDone()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var id = (await TestDevices.RegisterAsync(database, 1, null, firstSeed: 740))[0];
        var started = await database.Get<DecommissionService>().StartAsync(Admin, [id], DecommissionKind.Full);
        await using (var db = await database.CreateDbContextAsync())
        {
            // The Entra object was deleted elsewhere meanwhile; the device never enrolled.
            await db.DirectoryDevices.ExecuteDeleteAsync();
        }

        await database.Get<DecommissionRunner>().RunPendingAsync();

        var view = (await database.Get<DecommissionQueries>().GetAsync(Admin, started[0]))!;
        Assert.Equal(DecommissionState.Completed, view.State);
        Assert.StartsWith("Already gone", view.Steps[0].Outcome, StringComparison.Ordinal);
        Assert.StartsWith("Removed the registration", view.Steps[1].Outcome, StringComparison.Ordinal);
        Assert.StartsWith("Already gone", view.Steps[2].Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailedStepStopsTheWorkflowWithItsReasonRemovesNothingAfterItAndRetryCompletes()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var id = (await TestDevices.RegisterAsync(database, 1, null, firstSeed: 750))[0];
        await TestEnrollment.EnrollAsync(database, id);
        var service = database.Get<DecommissionService>();
        var started = (await service.StartAsync(Admin, [id], DecommissionKind.Full))[0];
        Guid registrationId;
        await using (var db = await database.CreateDbContextAsync())
        {
            // The deployment service now says another tenant holds the registration: step 2 answers 811.
            registrationId = await db.AutopilotDevices.Select(a => a.RegistrationId).SingleAsync();
            await db.Registrations.ExecuteUpdateAsync(s => s.SetProperty(r => r.TenantId, DatabaseInitializer.OtherTenantId));
        }

        await database.Get<DecommissionRunner>().RunPendingAsync();

        var failed = (await database.Get<DecommissionQueries>().GetAsync(Admin, started))!;
        Assert.Equal(DecommissionState.Failed, failed.State);
        Assert.Contains("811 ZtdDeviceRegisteredByOtherTenant", failed.FailureReason, StringComparison.Ordinal);
        Assert.Equal([DecommissionStepState.Completed, DecommissionStepState.Failed, DecommissionStepState.Pending], failed.Steps.Select(s => s.State));
        await using (var db = await database.CreateDbContextAsync())
        {
            Assert.Equal(0, await db.ManagedDevices.CountAsync());
            Assert.Equal(1, await db.AutopilotDevices.CountAsync());
            Assert.Equal(1, await db.DirectoryDevices.CountAsync());

            // Meanwhile the device enrolled again, and the registration is back with this tenant.
            await db.Registrations.ExecuteUpdateAsync(s => s.SetProperty(r => r.TenantId, TestTenant.Id));
        }

        await TestEnrollment.EnrollAsync(database, id);
        await service.RetryAsync(Admin, started);
        await database.Get<DecommissionRunner>().RunPendingAsync();

        var done = (await database.Get<DecommissionQueries>().GetAsync(Admin, started))!;
        Assert.Equal(DecommissionState.Completed, done.State);
        Assert.Null(done.FailureReason);
        Assert.Equal(2, done.Attempts);
        await using (var db = await database.CreateDbContextAsync())
        {
            Assert.Equal(0, await db.ManagedDevices.CountAsync());
            Assert.False(await db.Registrations.AnyAsync(r => r.Id == registrationId));
            Assert.Equal(0, await db.AutopilotDevices.CountAsync());
            Assert.Equal(0, await db.DirectoryDevices.CountAsync());
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.DecommissionFailed));
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.DecommissionRetried));
        }
    }

    [Fact]
    public async Task AHybridJoinedDeviceKeepsItsOnPremisesObjectWithoutTheZtdidAndTheAdminIsTold()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var hash = TestDevices.Hash(760);
        var prepared = TestDevices.Prepare(hash);
        await using (var db = await database.CreateDbContextAsync())
        {
            db.DirectoryDevices.Add(new DirectoryDevice
            {
                Id = Guid.NewGuid(), DeviceId = Guid.NewGuid(), TenantId = TestTenant.Id, DisplayName = "CONTOSO-PC-42",
                AccountEnabled = true, TrustType = DeviceTrustType.ServerAd, HardwareKey = prepared.Identity!.HardwareKey, CreatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        var outcome = (await database.Get<DeviceRegistrationService>().RegisterAsync(TestTenant.Id, [prepared], dryRun: false))[0];
        var plan = await database.Get<DecommissionService>().PlanAsync(Admin, [outcome.AutopilotDeviceId!.Value], DecommissionKind.Full);
        Assert.True(plan.Devices[0].HybridJoined);
        var started = await database.Get<DecommissionService>().StartAsync(Admin, [outcome.AutopilotDeviceId!.Value], DecommissionKind.Full);
        await database.Get<DecommissionRunner>().RunPendingAsync();

        var view = (await database.Get<DecommissionQueries>().GetAsync(Admin, started[0]))!;
        Assert.Equal(DecommissionState.Completed, view.State);
        Assert.Contains("on-premises Active Directory", view.Note, StringComparison.Ordinal);
        Assert.Contains("CONTOSO-PC-42", view.Note, StringComparison.Ordinal);
        await using var check = await database.CreateDbContextAsync();
        var kept = await check.DirectoryDevices.SingleAsync();
        Assert.Equal(DeviceTrustType.ServerAd, kept.TrustType);
        Assert.Null(kept.Ztdid);
        Assert.DoesNotContain(kept.PhysicalIds, p => p.StartsWith(PhysicalIds.ZtdidPrefix, StringComparison.Ordinal));
        Assert.Equal(0, await check.Registrations.CountAsync());
    }

    [Fact]
    public async Task DeletingARegisteredDevicesEntraObjectAloneLeavesItsDynamicGroupsAndBreaksTheAssociation()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var group = await database.Get<GroupService>().CreateAsync(PortalCaller.System, "Lab devices", null, GroupMembershipType.Dynamic,
            "(device.devicePhysicalIds -any (_ -eq \"[OrderId]:Lab\"))");
        var id = (await TestDevices.RegisterAsync(database, 1, "Lab", firstSeed: 770))[0];
        var objectId = (await database.Get<DeviceService>().GetDetailsAsync(Admin, id))!.DirectoryObject!.Id;
        var service = database.Get<RecordDeletionService>();

        var plan = (await service.PlanEntraDeleteAsync(Admin, objectId))!;
        Assert.Equal(["Lab devices"], plan.Groups);
        Assert.Contains(plan.Consequences, c => c.Contains("ZTDID mismatch", StringComparison.Ordinal));
        Assert.Contains(plan.Consequences, c => c.Contains("falls out of every dynamic group", StringComparison.Ordinal));
        Assert.Contains(plan.Consequences, c => c.Contains("user-driven", StringComparison.OrdinalIgnoreCase));
        await service.DeleteEntraObjectAsync(Admin, objectId);

        Assert.Equal(0, await MemberCountAsync(database, group.Id));
        var details = (await database.Get<DeviceService>().GetDetailsAsync(Admin, id))!;
        Assert.Null(details.DirectoryObject);
        Assert.Equal(objectId, details.Device.DirectoryObjectId);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(1, await db.Registrations.CountAsync());
        Assert.Equal(AuditActions.EntraObjectDeleted, (await db.AuditEntries.OrderByDescending(e => e.Id).FirstAsync()).Action);
    }

    [Fact]
    public async Task MotherboardReplacementDecommissionsTheOldDeviceAndRegistersTheNewHashAsANewDevice()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var oldId = (await TestDevices.RegisterAsync(database, 1, null, firstSeed: 780))[0];
        var oldZtdid = (await database.Get<DeviceService>().GetDetailsAsync(Admin, oldId))!.Device.Ztdid;
        var service = database.Get<DecommissionService>();

        var oldHash = await Assert.ThrowsAsync<DecommissionRefusedException>(() => service.ReplaceMotherboardAsync(Admin, oldId, TestDevices.Hash(780), null));
        Assert.Contains("old motherboard's hash", oldHash.Message, StringComparison.Ordinal);
        Assert.Contains("SMBIOS UUID", oldHash.Message, StringComparison.Ordinal);
        var bad = await Assert.ThrowsAsync<DecommissionRefusedException>(() => service.ReplaceMotherboardAsync(Admin, oldId, "not-a-hash", null));
        Assert.Contains("802", bad.Message, StringComparison.Ordinal);

        var started = await service.ReplaceMotherboardAsync(Admin, oldId, TestDevices.Hash(781), "Repaired");
        await database.Get<DecommissionRunner>().RunPendingAsync();

        var view = (await database.Get<DecommissionQueries>().GetAsync(Admin, started))!;
        Assert.Equal(DecommissionState.Completed, view.State);
        Assert.Equal(4, view.Steps.Count);
        Assert.NotNull(view.ReplacementDeviceId);
        Assert.NotEqual(oldZtdid, view.ReplacementZtdid);
        await using var db = await database.CreateDbContextAsync();
        var device = await db.AutopilotDevices.SingleAsync();
        Assert.Equal(view.ReplacementDeviceId, device.Id);
        Assert.Equal(view.ReplacementZtdid, device.Ztdid);
        Assert.Equal(device.SerialNumber, view.ReplacementSerial);
        Assert.Equal(device.SerialNumber, (await database.Get<DecommissionQueries>().ListAsync(Admin, 0, 10)).Items.Single(v => v.Id == started).ReplacementSerial);
        Assert.Equal("Repaired", device.GroupTag);
        Assert.False(await db.Registrations.AnyAsync(r => r.Ztdid == oldZtdid));
        Assert.False(await db.DirectoryDevices.AnyAsync(o => o.Ztdid == oldZtdid));
    }

    [Fact]
    public async Task ADeviceBeingDecommissionedCannotBeStartedAgainAndUnknownDevicesAreNamed()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var id = (await TestDevices.RegisterAsync(database, 1, null, firstSeed: 790))[0];
        var service = database.Get<DecommissionService>();
        await service.StartAsync(Admin, [id], DecommissionKind.Full);

        var again = await Assert.ThrowsAsync<DecommissionRefusedException>(() => service.StartAsync(Admin, [id], DecommissionKind.Full));
        Assert.Contains("being decommissioned already", again.Message, StringComparison.Ordinal);
        var unknown = Guid.NewGuid();
        var missing = await Assert.ThrowsAsync<DecommissionRefusedException>(() => service.StartAsync(Admin, [unknown], DecommissionKind.Full));
        Assert.Contains(unknown.ToString(), missing.Message, StringComparison.Ordinal);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(1, await db.Decommissions.CountAsync());
    }

    [Fact]
    public async Task ARequestForMoreDevicesThanOneRequestTakesIsRefusedWithTheLimit()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var ids = Enumerable.Range(0, DecommissionService.MaxDevices + 1).Select(_ => Guid.NewGuid()).ToList();

        var plan = await Assert.ThrowsAsync<DecommissionRefusedException>(() => database.Get<DecommissionService>().PlanAsync(Admin, ids, DecommissionKind.Full));
        var start = await Assert.ThrowsAsync<DecommissionRefusedException>(() => database.Get<DecommissionService>().StartAsync(Admin, ids, DecommissionKind.Full));

        Assert.Contains("at most 1,000 devices; 1,001 were selected", plan.Message, StringComparison.Ordinal);
        Assert.Equal(plan.Message, start.Message);
    }

    [Fact]
    public async Task TwoInstancesOnOneDatabaseRunEachStepOfABulkDecommissionExactlyOnce()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var ids = await TestDevices.RegisterAsync(database, 6, null, firstSeed: 800);
        foreach (var id in ids.Take(3))
        {
            await TestEnrollment.EnrollAsync(database, id);
        }

        await database.Get<DecommissionService>().StartAsync(Admin, ids, DecommissionKind.Full);
        await using var other = await database.StartAnotherInstanceAsync();

        await Task.WhenAll(
            Task.Run(() => database.Get<DecommissionRunner>().RunPendingAsync()),
            Task.Run(() => other.Get<DecommissionRunner>().RunPendingAsync()));

        var batches = await database.Get<DecommissionQueries>().BatchesAsync(Admin);
        var batch = Assert.Single(batches);
        Assert.Equal(6, batch.Total);
        Assert.Equal(6, batch.Completed);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(18, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.DecommissionStepCompleted));
        Assert.Equal(6, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.DecommissionCompleted));
        Assert.Equal(0, await db.AutopilotDevices.CountAsync());
        Assert.Equal(0, await db.DirectoryDevices.CountAsync());
        Assert.Equal(0, await db.ManagedDevices.CountAsync());
        Assert.Equal(0, (await db.DeviceCounts.SingleAsync(c => c.TenantId == TestTenant.Id)).Count);
    }

    [Fact]
    public async Task AReplacementInterruptedAfterTheNewHashRegisteredCompletesWithThatDeviceAndRegistersNothingTwice()
    {
        var lease = new Dictionary<string, string?> { ["Decommission:LeaseDuration"] = "00:00:05" };
        await using var database = await PortalTestDatabase.CreateAsync(lease, services => services.AddSingleton<IDecommissionStepObserver>(new HaltAfterStep(3)));
        var oldId = (await TestDevices.RegisterAsync(database, 1, null, firstSeed: 820))[0];
        var newHash = TestDevices.Hash(821);
        var started = await database.Get<DecommissionService>().ReplaceMotherboardAsync(Admin, oldId, newHash, null);

        // The instance halts after step 3 and dies there ...
        using (var stop = new CancellationTokenSource())
        {
            var run = database.Get<DecommissionRunner>().RunPendingAsync(stop.Token);
            await WaitForAsync(database, started, steps: 3);
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }

        // ... after the new hash was registered but before step 4 was marked done.
        database.Clock.Advance(TimeSpan.FromSeconds(1));
        var registered = (await database.Get<DeviceRegistrationService>().RegisterAsync(TestTenant.Id, [TestDevices.Prepare(newHash)], dryRun: false))[0];
        Assert.True(registered.Succeeded);
        database.Clock.Advance(TimeSpan.FromSeconds(10));
        await using var restarted = await database.StartAnotherInstanceAsync(new Dictionary<string, string?> { ["Decommission:LeaseDuration"] = "00:00:05" });
        await restarted.Get<DecommissionRunner>().RunPendingAsync();

        var view = (await database.Get<DecommissionQueries>().GetAsync(Admin, started))!;
        Assert.Equal(DecommissionState.Completed, view.State);
        Assert.Equal(registered.AutopilotDeviceId, view.ReplacementDeviceId);
        Assert.Equal(registered.Ztdid, view.ReplacementZtdid);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(1, await db.Registrations.CountAsync());
        Assert.Equal(1, await db.AutopilotDevices.CountAsync());
    }

    [Fact]
    public async Task AnInstanceThatStopsHandsBackItsDecommissionAndAnotherResumesItAtOnce()
    {
        var lease = new Dictionary<string, string?> { ["Decommission:LeaseDuration"] = "00:05:00" };
        await using var database = await PortalTestDatabase.CreateAsync(lease, services => services.AddSingleton<IDecommissionStepObserver>(new HaltAfterStep(1)));
        var id = (await TestDevices.RegisterAsync(database, 1, null, firstSeed: 830))[0];
        var started = (await database.Get<DecommissionService>().StartAsync(Admin, [id], DecommissionKind.Full))[0];

        // The instance is stopped (SIGTERM) while it holds the decommission, after step 1.
        using (var stop = new CancellationTokenSource())
        {
            var run = database.Get<DecommissionRunner>().RunPendingAsync(stop.Token);
            await WaitForAsync(database, started, steps: 1);
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }

        // Another instance, well within the five-minute lease, takes it over and finishes it.
        await using var other = await database.StartAnotherInstanceAsync(lease);
        var ran = await other.Get<DecommissionRunner>().RunPendingAsync();

        Assert.Equal(1, ran);
        var view = (await database.Get<DecommissionQueries>().GetAsync(Admin, started))!;
        Assert.Equal(DecommissionState.Completed, view.State);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(0, await db.AutopilotDevices.CountAsync());
    }

    private static async Task WaitForAsync(PortalTestDatabase database, Guid id, int steps)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            await using var db = await database.CreateDbContextAsync();
            if (await db.DecommissionSteps.CountAsync(s => s.DecommissionId == id && s.State == DecommissionStepState.Completed) >= steps)
            {
                return;
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    /// <summary>Stands for an instance that dies after committing step <paramref name="step"/>: the worker waits there until it is stopped.</summary>
    private sealed class HaltAfterStep(int step) : IDecommissionStepObserver
    {
        public Task StepCommittedAsync(Guid decommissionId, int afterStep, CancellationToken cancellationToken) =>
            afterStep == step ? Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken) : Task.CompletedTask;
    }

    private static async Task<int> MemberCountAsync(PortalTestDatabase database, Guid groupId)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.Groups.Where(g => g.Id == groupId).Select(g => g.MemberCount).SingleAsync();
    }
}
