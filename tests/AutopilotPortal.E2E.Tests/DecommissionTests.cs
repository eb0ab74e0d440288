using AutopilotPortal.E2E.Tests.Infrastructure;
using AutopilotPortal.E2E.Tests.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AutopilotPortal.E2E.Tests;

[Collection(PortalCollection.Name)]
public sealed class DecommissionTests(PortalFixture portal) : PortalTest(portal)
{
    [Fact]
    public Task AnEnrolledDeviceIsRefusedADirectDeleteAndItsDecommissionCompletesTheThreeStepsInOrder() => RunAsync(async page =>
    {
        // Arrange: a registered device whose group carries a user-driven profile, delivered by a sync.
        string serial;
        await using (var database = PortalDatabase.Open(Portal.Host.Database))
        {
            (_, serial) = await database.RegisterAsync(seed: 9301, groupTag: "E2E-Retire");
            await database.PrepareUserDrivenDeploymentAsync("E2E-Retire", "E2E Retire profile", "RET-%SERIAL%");
        }

        // The device deploys (Simulate deployment): it enrolls, which makes an Intune record.
        var devices = new DevicesPage(page);
        await devices.GotoAsync();
        await devices.SearchAsync(serial);
        await devices.OpenAsync(serial);
        await new DeploymentPages(page, devices).SimulateAsync("Succeeded");
        await Expect(devices.PaneProperty("enrollment-state")).ToHaveTextAsync("Enrolled");

        // The Entra object now carries the enrolled name (the template's), not the serial.
        var entraName = (await devices.PaneProperty("device-name").InnerTextAsync()).Trim();
        Assert.StartsWith("RET-", entraName, StringComparison.Ordinal);
        await page.GotoInteractiveAsync($"entra-devices?search={Uri.EscapeDataString(entraName)}");
        await Expect(page.GetByTestId($"entra-name-{entraName}")).ToHaveCountAsync(1);
        await devices.GotoAsync();
        await devices.SearchAsync(serial);
        await devices.OpenAsync(serial);

        // The direct delete is refused with the reason, and the ordered workflow offered.
        await devices.Pane.GetByTestId("pane-delete").ClickAsync();
        await Expect(devices.Dialog.GetByTestId("delete-refused")).ToContainTextAsync("is enrolled in Intune");
        await devices.Dialog.GetByRole(AriaRole.Button, new() { Name = "Decommission (all three)" }).ClickAsync();

        // The confirmation names what will be removed.
        var plan = page.GetByTestId($"decommission-plan-{serial}");
        await Expect(plan.GetByTestId("plan-step-intune")).ToContainTextAsync("RET-");
        await Expect(plan.GetByTestId("plan-step-autopilot")).ToContainTextAsync("ZTDID");
        await Expect(plan.GetByTestId("plan-step-entra")).ToContainTextAsync("RET-");
        await page.GetByTestId("decommission-confirm").ClickAsync();

        // Watch the steps: in every state the page shows, the completed steps are a prefix (no step before the one it
        // follows), until all three are done.
        await page.WaitForURLAsync("**/decommissions**");
        var decommissions = new DecommissionsPage(page);
        await Expect(decommissions.Steps(serial)).ToHaveCountAsync(3);
        await decommissions.RecordStepStatesAsync(serial);
        await Expect(decommissions.State(serial)).ToHaveTextAsync("Completed", new() { Timeout = 2 * PortalFixture.Timeout });
        var history = await decommissions.RecordedStepStatesAsync();
        foreach (var states in history.Where(s => s.Length > 0))
        {
            var completed = states.TakeWhile(s => s == "Completed").Count();
            Assert.True(states.Skip(completed).All(s => s == "Pending"), $"Steps out of order: {string.Join(", ", states)}");
        }

        Assert.Equal(["Completed", "Completed", "Completed"], await decommissions.StepStatesAsync(serial));
        for (var order = 1; order <= 3; order++)
        {
            await Expect(decommissions.Step(serial, order)).ToContainTextAsync("done");
        }

        var times = await decommissions.StepCompletionTimesAsync(serial);
        Assert.All(times, t => Assert.NotNull(t));
        Assert.Equal(times.Order(), times);
        await Expect(decommissions.Step(serial, 1)).ToContainTextAsync("Removed 1 managed-device record");

        // Nothing of it is left in the three services' lists.
        await devices.GotoAsync();
        await devices.SearchAsync(serial);
        await Expect(devices.SerialLink(serial)).ToHaveCountAsync(0);
        await page.GotoInteractiveAsync($"entra-devices?search={Uri.EscapeDataString(entraName)}");
        await Expect(page.GetByTestId("entra-empty")).ToBeVisibleAsync();
        await Expect(page.GetByTestId($"entra-name-{entraName}")).ToHaveCountAsync(0);
        await page.GotoInteractiveAsync($"managed-devices?search={serial}");
        await Expect(page.GetByTestId("managed-empty")).ToBeVisibleAsync();
    });
}
