using System.Globalization;
using Microsoft.Playwright;

namespace AutopilotPortal.E2E.Tests.Pages;

/// <summary>/decommissions: each device's steps with their state and time, bulk progress, retry.</summary>
/// <remarks>
/// The page re-renders every second while work runs, so whatever combines several steps is read in one evaluation in
/// the page: reading step by step, each in its own round trip, can combine the states of two renders.
/// </remarks>
public sealed class DecommissionsPage(IPage page)
{
    // The steps of one device's row, in the order the page lists them, found again on each call.
    private const string ReadStepAttribute = """
        ([serial, attribute]) => {
            const row = document.querySelector(`[data-testid="decommission-row-${CSS.escape(serial)}"]`);
            return row === null
                ? []
                : Array.from(row.querySelectorAll("[data-testid^='decommission-step-']"), step => step.getAttribute(attribute) ?? "");
        }
        """;

    public ILocator Table => page.GetByRole(AriaRole.Table, new PageGetByRoleOptions { Name = "Decommissions" });

    public ILocator Row(string serial) => page.GetByTestId($"decommission-row-{serial}");

    public ILocator State(string serial) => page.GetByTestId($"decommission-state-{serial}");

    /// <summary>Step 1, 2, 3 of a device, in the order the page lists them.</summary>
    public ILocator Steps(string serial) => Row(serial).Locator("[data-testid^='decommission-step-']");

    public ILocator Step(string serial, int order) => page.GetByTestId($"decommission-step-{serial}-{order}");

    public Task GotoAsync() => page.GotoInteractiveAsync("decommissions");

    /// <summary>Each step's state as one render of the page shows it (Pending, Completed, Failed), in order.</summary>
    public async Task<IReadOnlyList<string>> StepStatesAsync(string serial) =>
        await page.EvaluateAsync<string[]>($"({ReadStepAttribute})", new[] { serial, "data-state" });

    /// <summary>When each step completed, as one render of the page shows it, in order; null for a step not completed.</summary>
    public async Task<IReadOnlyList<DateTime?>> StepCompletionTimesAsync(string serial)
    {
        var times = await page.EvaluateAsync<string[]>($"({ReadStepAttribute})", new[] { serial, "data-completed-at" });
        return [.. times.Select(t => t.Length == 0 ? (DateTime?)null : DateTime.Parse(t, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind))];
    }

    /// <summary>
    /// Starts recording the device's step states in the page: the states now, then the states after every change the
    /// page makes to the document (a MutationObserver runs after each render is applied, before anything else can
    /// read the page), so that a test sees every state the page showed rather than samples of them.
    /// </summary>
    public Task RecordStepStatesAsync(string serial) =>
        page.EvaluateAsync(
            $$"""
            serial => {
                const read = {{ReadStepAttribute}};
                const history = [read([serial, "data-state"])];
                const observer = new MutationObserver(() => history.push(read([serial, "data-state"])));
                observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
                window.decommissionStepHistory = history;
            }
            """,
            serial);

    /// <summary>Every set of step states recorded since <see cref="RecordStepStatesAsync"/>, oldest first, read in one evaluation.</summary>
    public async Task<IReadOnlyList<string[]>> RecordedStepStatesAsync() =>
        await page.EvaluateAsync<string[][]>("() => window.decommissionStepHistory ?? []");
}
