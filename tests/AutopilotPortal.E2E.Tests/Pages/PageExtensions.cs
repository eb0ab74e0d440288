using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AutopilotPortal.E2E.Tests.Pages;

public static class PageExtensions
{
    /// <summary>
    /// Waits until the layout's marker says the circuit is attached: before that the page is prerendered
    /// HTML and clicks or uploads are lost.
    /// </summary>
    public static Task WaitForCircuitAsync(this IPage page) =>
        Expect(page.GetByTestId("circuit")).ToHaveAttributeAsync("data-interactive", "true");

    /// <summary>Navigates with a full page load (a new circuit) and waits until it is interactive.</summary>
    public static async Task GotoInteractiveAsync(this IPage page, string url)
    {
        await page.GotoAsync(url);
        await page.WaitForCircuitAsync();
    }
}
