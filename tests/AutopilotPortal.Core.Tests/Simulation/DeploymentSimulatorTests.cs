using AutopilotPortal.Core.Decommissioning;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Simulation;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Groups;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Sync;
using AutopilotPortal.Core.Tests.Support;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using static AutopilotPortal.Core.Tests.Profiles.ProfileTestData;

namespace AutopilotPortal.Core.Tests.Simulation;

public class DeploymentSimulatorTests
{
    private static readonly ProfileSettings UserDriven = new() { DeviceNameTemplate = "CON-%SERIAL%" };
    private static readonly ProfileSettings SelfDeploying = new() { DeploymentMode = ProfileDeploymentMode.SelfDeploying, DeviceNameTemplate = "KSK-%SERIAL%" };
    private static readonly ProfileSettings PreProvisioning = new() { AllowPreProvisioning = true, DeviceNameTemplate = "PP-%SERIAL%" };
    private static readonly ProfileSettings Hybrid = new() { JoinType = ProfileJoinType.HybridJoined };

    [Fact]
    public async Task UserDrivenEntraJoinEnrollsEnablesTheObjectAndNamesTheDeviceFromTheTemplate()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var device = await ArrangeAsync(database, Physical(1, "sn-1001"), UserDriven, user: "adele@contoso.com");
        database.Clock.Advance(TimeSpan.FromHours(1));
        var now = database.Clock.GetUtcNow().UtcDateTime;

        var run = await Simulator(database).SimulateAsync(Admin, device.DeviceId);

        Assert.Equal(DeploymentResult.Succeeded, run.Result);
        Assert.Null(run.FailureCode);
        Assert.Equal((DeploymentRunMode?)DeploymentRunMode.UserDriven, run.Mode);
        Assert.Equal("CON-SN-1001", run.DeviceName);
        await using var db = await database.CreateDbContextAsync();
        var row = await db.AutopilotDevices.SingleAsync(d => d.Id == device.DeviceId);
        var entra = await db.DirectoryDevices.SingleAsync(d => d.Id == device.ObjectId);
        var managed = await db.ManagedDevices.SingleAsync();
        Assert.True(entra.AccountEnabled);
        Assert.Equal("CON-SN-1001", entra.DisplayName);
        Assert.Equal(device.Ztdid, entra.Ztdid);
        Assert.Equal((EnrollmentState.Enrolled, (Guid?)managed.Id, "CON-SN-1001", (DateTime?)now),
            (row.EnrollmentState, row.ManagedDeviceId, row.DisplayName, row.LastContactedDateTime));
        Assert.Equal(("CON-SN-1001", "sn-1001", (Guid?)entra.DeviceId, "adele@contoso.com", now, (Guid?)device.DeviceId, "company", false),
            (managed.DeviceName, managed.SerialNumber, managed.AzureActiveDirectoryDeviceId, managed.UserPrincipalName, managed.EnrolledDateTime,
                managed.AutopilotDeviceId, managed.OwnerType, managed.PreProvisioned));
        Assert.Equal("Profile", managed.EnrollmentProfileName);
        Assert.Equal(1, await db.DirectoryDevices.CountAsync());
    }

    [Fact]
    public async Task ARunIsRecordedWithItsStepsAndAuditedInTheSameTransaction()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var device = await ArrangeAsync(database, Physical(2, "sn-2002"), UserDriven);

        var run = await Simulator(database).SimulateAsync(Admin, device.DeviceId);

        await using var db = await database.CreateDbContextAsync();
        var stored = await db.DeploymentEvents.SingleAsync();
        Assert.Equal((run.Id, device.DeviceId, "sn-2002", DeploymentResult.Succeeded, Admin.UserName, (Guid?)device.ProfileId, "Profile"),
            (stored.Id, stored.AutopilotDeviceId, stored.SerialNumber, stored.Result, stored.Actor, stored.ProfileId, stored.ProfileName));
        Assert.True(stored.Steps.Count >= 5, string.Join("\n", stored.Steps));
        Assert.StartsWith("The device boots into OOBE and presents its hardware hash", stored.Steps[0], StringComparison.Ordinal);
        Assert.Contains(stored.Steps, s => s.StartsWith("Deployment service: matched registration ZTDID " + device.Ztdid.ToString("D"), StringComparison.Ordinal));
        Assert.Contains(stored.Steps, s => s.StartsWith("Intune: managed-device record", StringComparison.Ordinal));
        var entry = await db.AuditEntries.Where(e => e.Action == AuditActions.DeploymentSimulated).SingleAsync();
        Assert.Equal(("sn-2002", "Succeeded", Admin.UserName), (entry.Target, entry.NewValue, entry.Actor));

        var page = await Simulator(database).ListAsync(Admin, new DeploymentEventQuery { Serial = "SN-2", Result = DeploymentResult.Succeeded });
        Assert.Equal(run.Id, Assert.Single(page.Items).Id);
        Assert.Empty((await Simulator(database).ListAsync(Admin, new DeploymentEventQuery { Result = DeploymentResult.Failed })).Items);
        Assert.Empty((await Simulator(database).ListAsync(Admin, new DeploymentEventQuery { Serial = "sn-3" })).Items);
    }

    [Fact]
    public async Task ADeviceWithoutAProfileGoesThroughNormalOobeAndIsNotEnrolled()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var device = await ArrangeAsync(database, Physical(3, "sn-3003"), profile: null);

        var run = await Simulator(database).SimulateAsync(Admin, device.DeviceId);

        Assert.Equal(DeploymentResult.NoProfile, run.Result);
        Assert.StartsWith("No profile: normal OOBE.", run.FailureReason, StringComparison.Ordinal);
        await AssertNotEnrolledAsync(database, device, contacted: true);
    }

    [Fact]
    public async Task AProfileIntendedButNotYetSyncedIsNotHandedOut()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var device = await ArrangeAsync(database, Physical(4, "sn-4004"), UserDriven, sync: false);

        var run = await Simulator(database).SimulateAsync(Admin, device.DeviceId);

        Assert.Equal(DeploymentResult.NoProfile, run.Result);
        Assert.Contains("Sync, then simulate again", run.FailureReason, StringComparison.Ordinal);
        await AssertNotEnrolledAsync(database, device, contacted: true);
    }

    [Fact]
    public async Task ADeviceTheDeploymentServiceNoLongerHoldsIsNotRegisteredAndGoesThroughNormalOobe()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var device = await ArrangeAsync(database, Physical(5, "sn-5005"), UserDriven);
        await using (var db = await database.CreateDbContextAsync())
        {
            // DDS deletes its registration on its own; Intune's row stays until the next sync.
            var registrationId = await db.AutopilotDevices.Where(d => d.Id == device.DeviceId).Select(d => d.RegistrationId).SingleAsync();
            await ForeignChange.DeleteRegistrationAsync(db, registrationId);
        }

        var run = await Simulator(database).SimulateAsync(Admin, device.DeviceId);

        Assert.Equal((DeploymentResult.Failed, (DeploymentFailure?)DeploymentFailure.NotRegistered), (run.Result, run.FailureCode));
        Assert.StartsWith("Not registered: normal OOBE.", run.FailureReason, StringComparison.Ordinal);
        await AssertNotEnrolledAsync(database, device, contacted: false);
    }

    [Fact]
    public async Task HybridJoinCreatesTheSecondAdSyncedObjectAndEnrollsWithIt()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var device = await ArrangeAsync(database, Physical(6, "sn-6006"), Hybrid, user: "hybrid@contoso.com");

        var run = await Simulator(database).SimulateAsync(Admin, device.DeviceId);

        Assert.Equal(DeploymentResult.Succeeded, run.Result);
        Assert.Equal("SN-6006", run.DeviceName);
        await using var db = await database.CreateDbContextAsync();
        var objects = await db.DirectoryDevices.OrderBy(d => d.TrustType).ToListAsync();
        Assert.Equal(2, objects.Count);
        var (autopilot, synced) = (objects[0], objects[1]);
        Assert.Equal((device.ObjectId, DeviceTrustType.AzureAd, true, (Guid?)device.Ztdid), (autopilot.Id, autopilot.TrustType, autopilot.AccountEnabled, autopilot.Ztdid));
        Assert.Equal((DeviceTrustType.ServerAd, true, (Guid?)null, "SN-6006", autopilot.HardwareKey),
            (synced.TrustType, synced.AccountEnabled, synced.Ztdid, synced.DisplayName, synced.HardwareKey));
        var managed = await db.ManagedDevices.SingleAsync();
        Assert.Equal(((Guid?)synced.DeviceId, (ProfileJoinType?)ProfileJoinType.HybridJoined), (managed.AzureActiveDirectoryDeviceId, managed.JoinType));

        // A second run rejoins the domain with the same synced object.
        var again = await Simulator(database).SimulateAsync(Admin, device.DeviceId);
        Assert.Equal(DeploymentResult.Succeeded, again.Result);
        Assert.Equal(2, await db.DirectoryDevices.CountAsync());
        Assert.Equal(1, await db.ManagedDevices.CountAsync());
    }

    [Fact]
    public async Task SelfDeployingOnAPhysicalTpm2DeviceEnrollsWithoutAUser()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var device = await ArrangeAsync(database, Physical(7, "sn-7007"), SelfDeploying, user: "ignored@contoso.com");

        var run = await Simulator(database).SimulateAsync(Admin, device.DeviceId);

        Assert.Equal(DeploymentResult.Succeeded, run.Result);
        Assert.Equal((DeploymentRunMode?)DeploymentRunMode.SelfDeploying, run.Mode);
        Assert.Contains(run.Steps, s => s == "TPM attestation: physical device with TPM 2.0, attested.");
        await using var db = await database.CreateDbContextAsync();
        var managed = await db.ManagedDevices.SingleAsync();
        Assert.Equal(("KSK-SN-7007", (string?)null), (managed.DeviceName, managed.UserPrincipalName));
        Assert.True((await db.DirectoryDevices.SingleAsync()).AccountEnabled);
        Assert.Equal(EnrollmentState.Enrolled, (await db.AutopilotDevices.SingleAsync()).EnrollmentState);
    }

    [Theory]
    [InlineData(ProfileDeploymentMode.SelfDeploying)]
    [InlineData(null)]
    public async Task SelfDeployingAndPreProvisioningRefuseAVirtualMachine(ProfileDeploymentMode? mode)
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var builder = Physical(8, "vm-8008");
        (builder.Manufacturer, builder.Model) = ("VMware, Inc.", "VMware7,1");
        var device = await ArrangeAsync(database, builder, mode is null ? PreProvisioning : SelfDeploying);

        var run = await Simulator(database).SimulateAsync(Admin, device.DeviceId);

        Assert.Equal((DeploymentResult.Failed, (DeploymentFailure?)DeploymentFailure.VirtualMachine), (run.Result, run.FailureCode));
        Assert.Contains("VMware virtual machine", run.FailureReason, StringComparison.Ordinal);
        await AssertNotEnrolledAsync(database, device, contacted: true);
    }

    [Theory]
    [InlineData(ProfileDeploymentMode.SelfDeploying)]
    [InlineData(null)]
    public async Task SelfDeployingAndPreProvisioningRefuseTpm12(ProfileDeploymentMode? mode)
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var builder = Physical(9, "sn-9009");
        builder.TpmVersion = "TPM-Version:1.2 -Level:2-Revision:116-VendorID:'IFX '-Firmware:4.40";
        var device = await ArrangeAsync(database, builder, mode is null ? PreProvisioning : SelfDeploying);

        var run = await Simulator(database).SimulateAsync(Admin, device.DeviceId);

        Assert.Equal((DeploymentResult.Failed, (DeploymentFailure?)DeploymentFailure.TpmVersion), (run.Result, run.FailureCode));
        Assert.Contains("needs TPM 2.0; this device has TPM 1.2", run.FailureReason, StringComparison.Ordinal);
        await AssertNotEnrolledAsync(database, device, contacted: true);
    }

    [Fact]
    public async Task EnrollmentStampsTheProfileNameOnTheEntraObjectAndItsEnrollmentProfileNameGroupTakesIt()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var group = await database.Get<GroupService>().CreateAsync(Admin, "Enrolled with Profile", null, GroupMembershipType.Dynamic,
            "(device.enrollmentProfileName -eq \"Profile\")");
        var device = await ArrangeAsync(database, Physical(31, "sn-3131"), UserDriven);
        Assert.Empty(await QueryAsync(database, db => db.GroupMembers.Where(m => m.GroupId == group.Id).ToListAsync()));

        var run = await Simulator(database).SimulateAsync(Admin, device.DeviceId);

        Assert.Equal(DeploymentResult.Succeeded, run.Result);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal("Profile", (await db.DirectoryDevices.SingleAsync(o => o.Id == device.ObjectId)).EnrollmentProfileName);
        Assert.Equal([device.ObjectId], await db.GroupMembers.Where(m => m.GroupId == group.Id).Select(m => m.DeviceObjectId).ToListAsync());
        Assert.Equal(1, (await db.Groups.SingleAsync(g => g.Id == group.Id)).MemberCount);
    }

    [Fact]
    public async Task UserDrivenWorksOnAVirtualMachineWithTpm12()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var builder = Physical(10, "vm-1010");
        (builder.Manufacturer, builder.Model, builder.TpmVersion) = ("Microsoft Corporation", "Virtual Machine", "TPM-Version:1.2 -Level:2-Revision:116");
        var device = await ArrangeAsync(database, builder, UserDriven);

        var run = await Simulator(database).SimulateAsync(Admin, device.DeviceId);

        Assert.Equal(DeploymentResult.Succeeded, run.Result);
    }

    [Theory]
    [InlineData(ProfileDeploymentMode.SelfDeploying)]
    [InlineData(null)]
    public async Task SelfDeployingAndPreProvisioningFailWithAZtdidMismatchOnceTheEntraObjectIsDeleted(ProfileDeploymentMode? mode)
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var device = await ArrangeAsync(database, Physical(11, "sn-1111"), mode is null ? PreProvisioning : SelfDeploying);
        await database.Get<RecordDeletionService>().DeleteEntraObjectAsync(Admin, device.ObjectId);

        var run = await Simulator(database).SimulateAsync(Admin, device.DeviceId);

        Assert.Equal((DeploymentResult.Failed, (DeploymentFailure?)DeploymentFailure.ZtdidMismatch), (run.Result, run.FailureCode));
        Assert.StartsWith("ZTDID mismatch: the Entra device object stamped with this device's ZTDID was deleted", run.FailureReason, StringComparison.Ordinal);
        Assert.Contains(run.Steps, s => s == $"Entra: no device object carries ZTDID {device.Ztdid:D}.");
        await using var db = await database.CreateDbContextAsync();
        Assert.Empty(await db.DirectoryDevices.ToListAsync());
        Assert.Empty(await db.ManagedDevices.ToListAsync());
        Assert.Equal(EnrollmentState.NotContacted, (await db.AutopilotDevices.SingleAsync()).EnrollmentState);
    }

    [Fact]
    public async Task UserDrivenAfterTheEntraObjectWasDeletedCreatesANewObjectWithoutTheZtdid()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var device = await ArrangeAsync(database, Physical(12, "sn-1212"), UserDriven);
        await database.Get<RecordDeletionService>().DeleteEntraObjectAsync(Admin, device.ObjectId);

        var run = await Simulator(database).SimulateAsync(Admin, device.DeviceId);

        Assert.Equal(DeploymentResult.Succeeded, run.Result);
        await using var db = await database.CreateDbContextAsync();
        var made = await db.DirectoryDevices.SingleAsync();
        Assert.NotEqual(device.ObjectId, made.Id);
        Assert.Null(made.Ztdid);
        Assert.DoesNotContain(made.PhysicalIds, p => p.StartsWith(PhysicalIds.ZtdidPrefix, StringComparison.OrdinalIgnoreCase));
        Assert.True(made.AccountEnabled);
        var row = await db.AutopilotDevices.SingleAsync();
        Assert.Equal(((Guid?)made.Id, (Guid?)made.DeviceId), (row.DirectoryObjectId, row.AzureActiveDirectoryDeviceId));
        Assert.Equal((Guid?)made.DeviceId, (await db.ManagedDevices.SingleAsync()).AzureActiveDirectoryDeviceId);
    }

    [Fact]
    public async Task APreProvisionedDeviceCannotDeployAgainUntilItsIntuneRecordIsDeleted()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var device = await ArrangeAsync(database, Physical(13, "sn-1313"), PreProvisioning);
        var first = await Simulator(database).SimulateAsync(Admin, device.DeviceId);
        Assert.Equal((DeploymentResult.Succeeded, (DeploymentRunMode?)DeploymentRunMode.PreProvisioning), (first.Result, first.Mode));
        await using (var db = await database.CreateDbContextAsync())
        {
            Assert.True((await db.ManagedDevices.SingleAsync()).PreProvisioned);
        }

        var second = await Simulator(database).SimulateAsync(Admin, device.DeviceId);

        Assert.Equal((DeploymentResult.Failed, (DeploymentFailure?)DeploymentFailure.AlreadyPreProvisioned), (second.Result, second.FailureCode));
        Assert.StartsWith("A pre-provisioned device cannot deploy again until its Intune record is deleted or its next enrollment is allowed.", second.FailureReason, StringComparison.Ordinal);
        await using (var db = await database.CreateDbContextAsync())
        {
            var managed = await db.ManagedDevices.SingleAsync();
            Assert.Equal(first.ManagedDeviceId, managed.Id);
        }

        // Deleting the Intune record (Intune managed devices › Delete) lets it deploy again.
        Assert.True(await database.Get<ManagedDeviceService>().DeleteAsync(Admin, first.ManagedDeviceId!.Value));
        Assert.False(await database.Get<ManagedDeviceService>().DeleteAsync(Admin, first.ManagedDeviceId!.Value));
        await using (var db = await database.CreateDbContextAsync())
        {
            var row = await db.AutopilotDevices.SingleAsync(d => d.Id == device.DeviceId);
            Assert.Equal(((Guid?)null, EnrollmentState.NotContacted), (row.ManagedDeviceId, row.EnrollmentState));
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.ManagedDeviceDeleted && e.TargetId == first.ManagedDeviceId.ToString()));
        }

        var third = await Simulator(database).SimulateAsync(Admin, device.DeviceId);

        Assert.Equal(DeploymentResult.Succeeded, third.Result);
        Assert.NotEqual(first.ManagedDeviceId, third.ManagedDeviceId);
        Assert.Equal(3, (await Simulator(database).ListAsync(Admin, new DeploymentEventQuery { AutopilotDeviceId = device.DeviceId })).TotalCount);
    }

    [Fact]
    public async Task AllowingTheNextEnrollmentLetsAPreProvisionedDeviceDeployOnceMore()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var device = await ArrangeAsync(database, Physical(15, "sn-1515"), PreProvisioning);
        var first = await Simulator(database).SimulateAsync(Admin, device.DeviceId);
        Assert.Equal(DeploymentResult.Succeeded, first.Result);
        Assert.Equal(UserlessEnrollmentStatus.Blocked, await StatusAsync());
        var edits = database.Get<DeviceEditService>();
        await Assert.ThrowsAsync<AccessDeniedException>(() => edits.AllowNextEnrollmentAsync(PortalCaller.WithRoles("reader", PortalRole.Reader), device.DeviceId));
        Assert.Equal(UserlessEnrollmentStatus.Blocked, await StatusAsync());

        await edits.AllowNextEnrollmentAsync(Admin, device.DeviceId);
        await edits.AllowNextEnrollmentAsync(Admin, device.DeviceId);

        Assert.Equal(UserlessEnrollmentStatus.Allowed, await StatusAsync());
        var second = await Simulator(database).SimulateAsync(Admin, device.DeviceId);
        Assert.Equal(DeploymentResult.Succeeded, second.Result);
        Assert.Equal(first.ManagedDeviceId, second.ManagedDeviceId);
        Assert.Contains(second.Steps, s => s.Contains("its next enrollment is allowed", StringComparison.Ordinal));

        // The allowance is used up: pre-provisioning blocked the next enrollment again.
        Assert.Equal(UserlessEnrollmentStatus.Blocked, await StatusAsync());
        var third = await Simulator(database).SimulateAsync(Admin, device.DeviceId);
        Assert.Equal((DeploymentResult.Failed, (DeploymentFailure?)DeploymentFailure.AlreadyPreProvisioned), (third.Result, third.FailureCode));
        await using var db = await database.CreateDbContextAsync();
        var allowed = await db.AuditEntries.Where(e => e.Action == AuditActions.NextEnrollmentAllowed).ToListAsync();
        Assert.Equal(("sn-1515", "Blocked", "Allowed", Admin.UserName), (allowed.Single().Target, allowed.Single().OldValue, allowed.Single().NewValue, allowed.Single().Actor));

        async Task<UserlessEnrollmentStatus> StatusAsync()
        {
            await using var read = await database.CreateDbContextAsync();
            return (await read.AutopilotDevices.SingleAsync(d => d.Id == device.DeviceId)).UserlessEnrollmentStatus;
        }
    }

    [Fact]
    public async Task AUserDrivenDeviceThatDeploysAgainReusesItsManagedDeviceRecord()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var device = await ArrangeAsync(database, Physical(14, "sn-1414"), UserDriven);
        var first = await Simulator(database).SimulateAsync(Admin, device.DeviceId);
        database.Clock.Advance(TimeSpan.FromDays(1));

        var second = await Simulator(database).SimulateAsync(Admin, device.DeviceId);

        Assert.Equal(DeploymentResult.Succeeded, second.Result);
        Assert.Equal(first.ManagedDeviceId, second.ManagedDeviceId);
        await using var db = await database.CreateDbContextAsync();
        var managed = await db.ManagedDevices.SingleAsync();
        Assert.Equal(database.Clock.GetUtcNow().UtcDateTime, managed.EnrolledDateTime);
    }

    [Theory]
    [InlineData(PortalRole.HelpDesk)]
    [InlineData(PortalRole.Reader)]
    public async Task ARefusedCallerSimulatesNothingAndWritesNoEvent(PortalRole role)
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var device = await ArrangeAsync(database, Physical(15, "sn-1515"), UserDriven);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Simulator(database).SimulateAsync(PortalCaller.WithRoles("someone", role), device.DeviceId));

        await AssertNotEnrolledAsync(database, device, contacted: false, events: 0);
    }

    [Fact]
    public async Task ATemplateThatGivesThisSerialAnAllDigitNameFailsWithoutEnrolling()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var device = await ArrangeAsync(database, Physical(17, "12345678"), new ProfileSettings { DeviceNameTemplate = "%SERIAL%" });

        var run = await Simulator(database).SimulateAsync(Admin, device.DeviceId);

        Assert.Equal((DeploymentResult.Failed, (DeploymentFailure?)DeploymentFailure.InvalidDeviceName), (run.Result, run.FailureCode));
        Assert.Contains("'12345678' would be only digits", run.FailureReason, StringComparison.Ordinal);
        await AssertNotEnrolledAsync(database, device, contacted: true);
    }

    [Fact]
    public async Task AProfileDeletedSinceTheLastSyncIsReportedAndNothingEnrolls()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var device = await ArrangeAsync(database, Physical(18, "sn-1818"), UserDriven);
        var profiles = database.Get<ProfileService>();
        var groupId = await QueryAsync(database, db => db.ProfileAssignments.Where(a => a.ProfileId == device.ProfileId).Select(a => a.GroupId).SingleAsync());
        await profiles.UnassignAsync(Admin, device.ProfileId!.Value, groupId);
        await profiles.DeleteAsync(Admin, device.ProfileId!.Value);

        var run = await Simulator(database).SimulateAsync(Admin, device.DeviceId);

        Assert.Equal((DeploymentResult.Failed, (DeploymentFailure?)DeploymentFailure.ProfileMissing), (run.Result, run.FailureCode));
        Assert.Contains("has been deleted", run.FailureReason, StringComparison.Ordinal);
        await AssertNotEnrolledAsync(database, device, contacted: true);
    }

    [Fact]
    public async Task AnUnknownDeviceIsReportedNotFound()
    {
        await using var database = await PortalTestDatabase.CreateAsync();

        var error = await Assert.ThrowsAsync<AutopilotPortal.Core.Devices.DeviceNotFoundException>(() => Simulator(database).SimulateAsync(Admin, Guid.NewGuid()));

        Assert.Contains("no longer exists", error.Message, StringComparison.Ordinal);
    }

    private static DeploymentSimulator Simulator(PortalTestDatabase database) => database.Get<DeploymentSimulator>();

    /// <summary>A physical device with TPM 2.0 (what <see cref="HardwareHashBuilder.Synthetic"/> makes) and a chosen serial.</summary>
    private static HardwareHashBuilder Physical(int seed, string serial)
    {
        var builder = TestDevices.Builder(seed, serial);
        (builder.Manufacturer, builder.Model, builder.Family) = ("Contoso Hardware", "Laptop 7", "Laptop");
        return builder;
    }

    private sealed record Arranged(Guid DeviceId, Guid ObjectId, Guid Ztdid, Guid? ProfileId);

    /// <summary>Registers the device, puts its object in a group the profile is assigned to and syncs, as an administrator would.</summary>
    private static async Task<Arranged> ArrangeAsync(PortalTestDatabase database, HardwareHashBuilder hardware, ProfileSettings? profile, string? user = null, bool sync = true)
    {
        var outcome = Assert.Single(await database.Get<DeviceRegistrationService>().RegisterAsync(TestTenant.Id,
            [TestDevices.Prepare(hardware.Build(), user: user)], dryRun: false));
        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        var (deviceId, objectId, ztdid) = await QueryAsync(database, async db =>
        {
            var row = await db.AutopilotDevices.SingleAsync(d => d.Id == outcome.AutopilotDeviceId);
            return (row.Id, row.DirectoryObjectId!.Value, row.Ztdid);
        });
        Guid? profileId = null;
        if (profile is not null)
        {
            var created = await CreateProfileAsync(database, "Profile", profile);
            var group = await AddGroupAsync(database, "Devices", [objectId]);
            await database.Get<ProfileService>().AssignAsync(Admin, created.Id, group, AssignmentKind.Include);
            profileId = created.Id;
        }

        if (sync)
        {
            await database.Get<SyncService>().SyncAsync(SyncTrigger.Manual);
        }

        return new Arranged(deviceId, objectId, ztdid, profileId);
    }

    private static async Task AssertNotEnrolledAsync(PortalTestDatabase database, Arranged device, bool contacted, int events = 1)
    {
        await using var db = await database.CreateDbContextAsync();
        var row = await db.AutopilotDevices.SingleAsync(d => d.Id == device.DeviceId);
        Assert.Equal((EnrollmentState.NotContacted, (Guid?)null, (string?)null), (row.EnrollmentState, row.ManagedDeviceId, row.DisplayName));
        Assert.Equal(contacted, row.LastContactedDateTime is not null);
        Assert.Empty(await db.ManagedDevices.ToListAsync());
        Assert.All(await db.DirectoryDevices.ToListAsync(), d => Assert.False(d.AccountEnabled));
        Assert.Equal(events, await db.DeploymentEvents.CountAsync());
    }
}
