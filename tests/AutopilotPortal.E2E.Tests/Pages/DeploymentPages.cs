using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AutopilotPortal.E2E.Tests.Pages;

/// <summary>The device pane's deployments section, the Entra devices page's Delete, and /deployment-events.</summary>
public sealed class DeploymentPages(IPage page, DevicesPage devices)
{
    public ILocator Result => devices.Pane.GetByTestId("simulation-result");

    public ILocator Reason => devices.Pane.GetByTestId("simulation-reason");

    public ILocator RecentRuns => devices.Pane.GetByTestId("device-deployment-row");

    public ILocator EventRows => page.GetByTestId("events-table").Locator("tbody tr");

    /// <summary>Clicks Simulate deployment on the open pane and waits for the run's result.</summary>
    public async Task SimulateAsync(string expectedResult)
    {
        await devices.Pane.GetByRole(AriaRole.Button, new() { Name = "Simulate deployment" }).ClickAsync();
        await Expect(Result).ToHaveAttributeAsync("data-result", expectedResult);
    }

    /// <summary>Deletes the Entra object of this name on the Entra devices page, through its warning dialog.</summary>
    public async Task DeleteEntraObjectAsync(string name)
    {
        await page.GotoInteractiveAsync($"entra-devices?search={Uri.EscapeDataString(name)}");
        await Expect(page.GetByTestId($"entra-name-{name}")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Delete Entra object {name}" }).ClickAsync();
        await Expect(page.GetByTestId("entra-delete-consequences")).ToContainTextAsync("ZTDID mismatch");
        await page.GetByTestId("entra-delete-confirm").ClickAsync();
        await Expect(page.GetByTestId($"entra-name-{name}")).ToHaveCountAsync(0);
    }

    public Task GotoEventsAsync(string serial) => page.GotoInteractiveAsync($"deployment-events?serial={Uri.EscapeDataString(serial)}");
}
