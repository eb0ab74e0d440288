using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Web.Features.Devices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Features.Simulation;

public sealed class SimulateDeploymentPaneTests : PortalComponentTest
{
    [Fact]
    public async Task SimulatingADeviceWithADeliveredProfileShowsItEnrolledWithItsStepsAndTheRunInTheList()
    {
        var device = (await SeedDevicesAsync(1, firstSeed: 31)).Single();
        var profile = await Services.GetRequiredService<ProfileService>().CreateAsync(Caller,
            new ProfileSettings { DisplayName = "Kiosks", DeploymentMode = ProfileDeploymentMode.SelfDeploying, DeviceNameTemplate = "KSK-%SERIAL%" });
        await DeliverAsync(device.Id, profile);
        var expectedName = ("KSK-" + device.SerialNumber.ToUpperInvariant())[..Math.Min(15, 4 + device.SerialNumber.Length)];
        RenderProviders();
        var cut = Render<DeviceDetailsPane>(p => p.Add(x => x.DeviceId, device.Id));
        cut.WaitForElement("[data-testid=device-deployments-none]", Wait);
        Assert.Equal("Not contacted", Prop(cut, "enrollment-state"));

        cut.Find("[data-testid=simulate-deployment]").Click();

        var result = cut.WaitForElement("[data-testid=simulation-result]", Wait);
        Assert.Equal("Succeeded", result.GetAttribute("data-result"));
        Assert.Contains($"Enrolled as {expectedName}", result.TextContent, StringComparison.Ordinal);
        var steps = cut.FindAll("[data-testid=simulation-steps] li").Select(li => li.TextContent).ToList();
        Assert.Contains(steps, s => s.StartsWith("TPM attestation: physical device with TPM 2.0", StringComparison.Ordinal));
        cut.WaitForAssertion(() => Assert.Equal("Enrolled", Prop(cut, "enrollment-state")), Wait);
        Assert.Equal(expectedName, Prop(cut, "device-name"));
        Assert.Equal("Yes", Prop(cut, "entra-enabled"));
        Assert.NotNull(cut.Find("[data-testid=pane-open-managed]"));

        // The recent runs reload after the pane does: wait for the run to be listed.
        cut.WaitForAssertion(() => Assert.Equal("Succeeded", Assert.Single(cut.FindAll("[data-testid=device-deployment-result]")).TextContent.Trim()), Wait);
    }

    [Fact]
    public async Task SimulatingADeviceWithoutAProfileSaysNormalOobe()
    {
        var device = (await SeedDevicesAsync(1, firstSeed: 32)).Single();
        RenderProviders();
        var cut = Render<DeviceDetailsPane>(p => p.Add(x => x.DeviceId, device.Id));

        cut.WaitForElement("[data-testid=simulate-deployment]", Wait).Click();

        var result = cut.WaitForElement("[data-testid=simulation-result]", Wait);
        Assert.Equal("NoProfile", result.GetAttribute("data-result"));
        Assert.StartsWith("No profile: normal OOBE.", cut.Find("[data-testid=simulation-reason]").TextContent.Trim(), StringComparison.Ordinal);
        cut.WaitForAssertion(() => Assert.NotEqual("—", Prop(cut, "last-contacted")), Wait);
        Assert.Equal("Not contacted", Prop(cut, "enrollment-state"));
    }

    [Fact]
    public async Task HelpDeskSeesTheDeviceDeploymentsButNoSimulateButton()
    {
        var device = (await SeedDevicesAsync(1, firstSeed: 33)).Single();
        Caller = PortalCaller.WithRoles("hal", PortalRole.HelpDesk);
        RenderProviders();

        var cut = Render<DeviceDetailsPane>(p => p.Add(x => x.DeviceId, device.Id));

        cut.WaitForElement("[data-testid=device-deployments-none]", Wait);
        Assert.Empty(cut.FindAll("[data-testid=simulate-deployment]"));
    }

    /// <summary>As a sync would leave it: the profile delivered to the device (sync itself is tested in Core).</summary>
    private Task DeliverAsync(Guid deviceId, DeploymentProfile profile) => QueryAsync(db => db.AutopilotDevices.Where(d => d.Id == deviceId)
        .ExecuteUpdateAsync(s => s
            .SetProperty(d => d.DeploymentProfileId, profile.Id).SetProperty(d => d.DeploymentProfileName, profile.DisplayName)
            .SetProperty(d => d.AssignedProfileId, profile.Id).SetProperty(d => d.AssignedProfileName, profile.DisplayName)
            .SetProperty(d => d.ProfileStatus, Core.Intune.ProfileAssignmentStatus.AssignedInSync)));

    private static string Prop(IRenderedComponent<DeviceDetailsPane> cut, string testId) =>
        cut.Find($"[data-testid=prop-{testId}]").TextContent.Trim();
}
