using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Decommissioning;
using AutopilotPortal.Core.Simulation;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Groups;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Sync;
using AutopilotPortal.Tests.Shared;
using AutopilotPortal.Web.Features.Decommissioning;
using AutopilotPortal.Web.Features.Devices;
using AutopilotPortal.Web.Features.Entra;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Features.Decommissioning;

public sealed class DecommissionDialogsTests : PortalComponentTest
{
    [Fact]
    public async Task TheDecommissionConfirmationNamesTheIntuneRecordTheRegistrationAndTheEntraObjectBeforeAnythingStarts()
    {
        var device = (await SeedDevicesAsync(1, firstSeed: 61)).Single();
        var managedName = await EnrollAsync(device.Id);
        var ztdid = await QueryAsync(db => db.AutopilotDevices.Where(d => d.Id == device.Id).Select(d => d.Ztdid).SingleAsync());
        var dialogs = RenderProviders();
        var pane = Render<DeviceDetailsPane>(p => p.Add(x => x.DeviceId, device.Id));

        pane.WaitForElement("[data-testid=pane-decommission]", Wait).Click();

        var plan = dialogs.WaitForElement($"[data-testid=decommission-plan-{device.SerialNumber}]", Wait);
        Assert.Contains(managedName, plan.QuerySelector("[data-testid=plan-step-intune]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(ztdid.ToString(), plan.QuerySelector("[data-testid=plan-step-autopilot]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(managedName, plan.QuerySelector("[data-testid=plan-step-entra]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await QueryAsync(db => db.Decommissions.CountAsync()));

        dialogs.Find("[data-testid=decommission-confirm]").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=decommission-dialog]")), Wait);
        var started = await QueryAsync(db => db.Decommissions.Include(d => d.Steps).SingleAsync());
        Assert.Equal(DecommissionKind.Full, started.Kind);
        Assert.Equal(3, started.Steps.Count);
        Assert.Equal("test-admin", started.RequestedBy);
    }

    [Fact]
    public async Task TheConfirmationOfAHybridJoinedDeviceSaysTheOnPremisesComputerObjectIsTheAdminsToDelete()
    {
        var hash = AutopilotPortal.Core.Hardware.HardwareHashBuilder.Synthetic(new Random(69)).Build();
        var key = AutopilotPortal.Core.Registration.RegistrationValidator.Prepare(new AutopilotPortal.Core.Registration.RegistrationRequest(2, null, null, hash)).Identity!.HardwareKey;
        await QueryAsync(async db =>
        {
            db.DirectoryDevices.Add(new DirectoryDevice
            {
                Id = Guid.NewGuid(), DeviceId = Guid.NewGuid(), TenantId = TestTenant.Id, DisplayName = "CONTOSO-PC-7", AccountEnabled = true,
                TrustType = DeviceTrustType.ServerAd, HardwareKey = key, CreatedAt = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        var device = (await SeedDevicesAsync(1, firstSeed: 69)).Single();
        var dialogs = RenderProviders();
        var pane = Render<DeviceDetailsPane>(p => p.Add(x => x.DeviceId, device.Id));

        pane.WaitForElement("[data-testid=pane-decommission]", Wait).Click();

        var entra = dialogs.WaitForElement("[data-testid=plan-step-entra]", Wait);
        Assert.Contains("CONTOSO-PC-7", entra.TextContent, StringComparison.Ordinal);
        Assert.Contains("on-premises AD is yours to delete", dialogs.Find("[data-testid=plan-hybrid-note]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CancellingTheConfirmationStartsNothing()
    {
        var device = (await SeedDevicesAsync(1, firstSeed: 62)).Single();
        var dialogs = RenderProviders();
        var pane = Render<DeviceDetailsPane>(p => p.Add(x => x.DeviceId, device.Id));

        pane.WaitForElement("[data-testid=pane-decommission]", Wait).Click();
        dialogs.WaitForElement("[data-testid=decommission-plan]", Wait);
        Assert.Contains("none (the device has not enrolled)", dialogs.Find("[data-testid=plan-step-intune]").TextContent, StringComparison.Ordinal);
        dialogs.Find("[data-testid=decommission-cancel]").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=decommission-dialog]")), Wait);
        Assert.Equal(0, await QueryAsync(db => db.Decommissions.CountAsync()));
    }

    [Fact]
    public async Task DeletingAnEnrolledDeviceShowsWhyNotAndOffersTheWorkflowWithoutADeleteButton()
    {
        var device = (await SeedDevicesAsync(1, firstSeed: 63)).Single();
        await EnrollAsync(device.Id);
        var dialogs = RenderProviders();
        var pane = Render<DeviceDetailsPane>(p => p.Add(x => x.DeviceId, device.Id));

        pane.WaitForElement("[data-testid=pane-delete]", Wait).Click();

        var refused = dialogs.WaitForElement("[data-testid=delete-refused]", Wait);
        Assert.Contains("is enrolled in Intune", refused.TextContent, StringComparison.Ordinal);
        Assert.NotNull(dialogs.Find("[data-testid=delete-offer-decommission]"));
        Assert.NotNull(dialogs.Find("[data-testid=delete-offer-one-step]"));
        Assert.Empty(dialogs.FindAll("[data-testid=delete-confirm]"));

        // The offer leads to the confirmation of the one-step delete, which keeps the Entra object.
        dialogs.Find("[data-testid=delete-offer-one-step]").Click();
        dialogs.WaitForElement("[data-testid=decommission-plan]", Wait);
        Assert.Contains("The Entra device objects stay", dialogs.Find("[data-testid=decommission-summary]").TextContent, StringComparison.Ordinal);
        Assert.Empty(dialogs.FindAll("[data-testid=plan-step-entra]"));
        Assert.Equal(1, await QueryAsync(db => db.Registrations.CountAsync()));
    }

    [Fact]
    public async Task DeletingADeviceThatNeverEnrolledAsksThenDeletesItsRegistration()
    {
        var device = (await SeedDevicesAsync(1, firstSeed: 64)).Single();
        var dialogs = RenderProviders();
        var pane = Render<DeviceDetailsPane>(p => p.Add(x => x.DeviceId, device.Id));

        pane.WaitForElement("[data-testid=pane-delete]", Wait).Click();
        dialogs.WaitForElement("[data-testid=delete-summary]", Wait);
        Assert.Equal(1, await QueryAsync(db => db.Registrations.CountAsync()));
        dialogs.Find("[data-testid=delete-confirm]").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=delete-device-dialog]")), Wait);
        Assert.Equal(0, await QueryAsync(db => db.Registrations.CountAsync()));
        Assert.Equal(1, await QueryAsync(db => db.DirectoryDevices.CountAsync()));
    }

    [Fact]
    public async Task DeletingAnEntraObjectWarnsOfTheConsequencesAndThePaneThenShowsTheBrokenAssociation()
    {
        var device = (await SeedDevicesAsync(1, firstSeed: 65)).Single();
        var dialogs = RenderProviders();
        var page = Render<EntraDevicesPage>();

        page.WaitForElement($"[data-testid=entra-delete-{device.SerialNumber}]", Wait).Click();

        var consequences = dialogs.WaitForElement("[data-testid=entra-delete-consequences]", Wait).TextContent;
        Assert.Contains("ZTDID mismatch", consequences, StringComparison.Ordinal);
        Assert.Contains("falls out of every dynamic group", consequences, StringComparison.Ordinal);
        Assert.Contains("user-driven", consequences, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(device.SerialNumber, dialogs.Find("[data-testid=entra-delete-registered]").TextContent, StringComparison.Ordinal);
        dialogs.Find("[data-testid=entra-delete-confirm]").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=entra-delete-dialog]")), Wait);
        Assert.Equal(0, await QueryAsync(db => db.DirectoryDevices.CountAsync()));
        var pane = Render<DeviceDetailsPane>(p => p.Add(x => x.DeviceId, device.Id));
        Assert.Contains("Entra object deleted", pane.WaitForElement("[data-testid=device-entra-missing]", Wait).TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReaderSeesNoDeleteOrDecommissionActions()
    {
        var device = (await SeedDevicesAsync(1, firstSeed: 66)).Single();
        Caller = PortalCaller.WithRoles("rita", PortalRole.Reader);
        RenderProviders();

        var pane = Render<DeviceDetailsPane>(p => p.Add(x => x.DeviceId, device.Id));
        var entra = Render<EntraDevicesPage>();

        pane.WaitForElement("[data-testid=device-properties]", Wait);
        entra.WaitForElement($"[data-testid=entra-name-{device.SerialNumber}]", Wait);
        Assert.Empty(pane.FindAll("[data-testid=pane-decommission]"));
        Assert.Empty(pane.FindAll("[data-testid=pane-delete]"));
        Assert.Empty(entra.FindAll("[data-testid^=entra-delete-]"));
    }

    [Fact]
    public async Task TheDecommissionsPageShowsEachStepAFailureReasonAndRetriesAFailedOne()
    {
        var devices = await SeedDevicesAsync(2, firstSeed: 67);
        var ids = await Services.GetRequiredService<DecommissionService>().StartAsync(Caller, devices.Select(d => d.Id).ToList(), DecommissionKind.Full);
        var failed = await QueryAsync(db => db.Decommissions.SingleAsync(d => d.SerialNumber == devices[0].SerialNumber));
        await QueryAsync(async db =>
        {
            await db.Decommissions.Where(d => d.Id == failed.Id).ExecuteUpdateAsync(s => s
                .SetProperty(d => d.State, DecommissionState.Failed).SetProperty(d => d.FailureReason, "811 ZtdDeviceRegisteredByOtherTenant: arranged"));
            return await db.DecommissionSteps.Where(s => s.DecommissionId == failed.Id && s.Order == 2)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.State, DecommissionStepState.Failed));
        });
        RenderProviders();

        var page = Render<DecommissionsPage>();

        page.WaitForElement($"[data-testid=decommission-row-{devices[0].SerialNumber}]", Wait);
        Assert.Contains("0 of 2 done, 1 failed, 1 to go", page.Find("[data-testid=decommission-batch-progress]").TextContent, StringComparison.Ordinal);
        Assert.Contains("811", page.Find($"[data-testid=decommission-failure-{devices[0].SerialNumber}]").TextContent, StringComparison.Ordinal);
        Assert.Equal("Failed", page.Find($"[data-testid=decommission-step-{devices[0].SerialNumber}-2]").GetAttribute("data-state"));
        Assert.Contains("Autopilot registration", page.Find($"[data-testid=decommission-step-{devices[0].SerialNumber}-2]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll($"[data-testid=decommission-retry-{devices[1].SerialNumber}]"));

        page.Find($"[data-testid=decommission-retry-{devices[0].SerialNumber}]").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll($"[data-testid=decommission-retry-{devices[0].SerialNumber}]")), Wait);
        Assert.Equal(DecommissionState.Pending, await QueryAsync(db => db.Decommissions.Where(d => d.Id == failed.Id).Select(d => d.State).SingleAsync()));
        Assert.Equal(1, await QueryAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.DecommissionRetried)));
        Assert.Equal(2, ids.Count);
    }

    [Fact]
    public async Task ThePaneOfADeviceBeingDecommissionedSaysSoAndLinksToItsProgress()
    {
        var device = (await SeedDevicesAsync(1, firstSeed: 68)).Single();
        var id = (await Services.GetRequiredService<DecommissionService>().StartAsync(Caller, [device.Id], DecommissionKind.Full))[0];
        RenderProviders();

        var pane = Render<DeviceDetailsPane>(p => p.Add(x => x.DeviceId, device.Id));

        var status = pane.WaitForElement("[data-testid=pane-decommission-status]", Wait);
        Assert.Contains("Being decommissioned: 0 of 3 steps done", status.TextContent, StringComparison.Ordinal);
        Assert.EndsWith($"highlight={id}", pane.Find("[data-testid=pane-open-decommission]").GetAttribute("href"), StringComparison.Ordinal);
    }

    /// <summary>Enrolls the device the way the portal does (assigned group, user-driven profile, sync, simulated deployment); returns its name.</summary>
    private async Task<string> EnrollAsync(Guid deviceId)
    {
        var objectId = await QueryAsync(db => db.AutopilotDevices.Where(d => d.Id == deviceId).Select(d => d.DirectoryObjectId!.Value).SingleAsync());
        var name = $"Enroll {Guid.NewGuid():N}";
        var group = await Services.GetRequiredService<GroupService>().CreateAsync(Caller, name, null, GroupMembershipType.Assigned, null);
        await Services.GetRequiredService<GroupService>().AddMembersAsync(Caller, group.Id, [objectId]);
        var profile = await Services.GetRequiredService<ProfileService>().CreateAsync(Caller, new ProfileSettings { DisplayName = name });
        await Services.GetRequiredService<ProfileService>().AssignAsync(Caller, profile.Id, group.Id, AssignmentKind.Include);
        await Services.GetRequiredService<SyncService>().SyncAsync(SyncTrigger.Automatic);
        var run = await Services.GetRequiredService<DeploymentSimulator>().SimulateAsync(Caller, deviceId);
        Assert.True(run.Result == DeploymentResult.Succeeded, run.FailureReason);
        return run.DeviceName!;
    }
}
