using Microsoft.Playwright;

namespace AutopilotPortal.E2E.Tests.Pages;

/// <summary>/decommissions: each device's steps with their state and time, bulk progress, retry.</summary>
public sealed class DecommissionsPage(IPage page)
{
    public ILocator Table => page.GetByRole(AriaRole.Table, new PageGetByRoleOptions { Name = "Decommissions" });

    public ILocator Row(string serial) => page.GetByTestId($"decommission-row-{serial}");

    public ILocator State(string serial) => page.GetByTestId($"decommission-state-{serial}");

    /// <summary>Step 1, 2, 3 of a device, in the order the page lists them.</summary>
    public ILocator Steps(string serial) => Row(serial).Locator("[data-testid^='decommission-step-']");

    public ILocator Step(string serial, int order) => page.GetByTestId($"decommission-step-{serial}-{order}");

    public Task GotoAsync() => page.GotoInteractiveAsync("decommissions");

    /// <summary>Each step's state as the page shows it now (Pending, Completed, Failed), in order.</summary>
    public async Task<IReadOnlyList<string>> StepStatesAsync(string serial)
    {
        var states = new List<string>();
        foreach (var step in await Steps(serial).AllAsync())
        {
            states.Add(await step.GetAttributeAsync("data-state") ?? string.Empty);
        }

        return states;
    }
}
