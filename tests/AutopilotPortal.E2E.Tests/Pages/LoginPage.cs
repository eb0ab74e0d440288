using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AutopilotPortal.E2E.Tests.Pages;

/// <summary>/account/login: the static sign-in form.</summary>
public sealed partial class LoginPage(IPage page)
{
    public ILocator UserName => page.GetByLabel("User name");

    public ILocator Password => page.GetByLabel("Password");

    public ILocator SubmitButton => page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" });

    public ILocator Error => page.GetByTestId("login-error");

    /// <summary>
    /// Fills the form and posts it, and waits for the server's answer to the post: the next step (another attempt's
    /// navigation, say) could otherwise cancel the post before the server has counted it.
    /// </summary>
    public async Task SubmitAsync(string userName, string password)
    {
        await page.GotoAsync("account/login");
        await UserName.FillAsync(userName);
        await Password.FillAsync(password);
        await page.RunAndWaitForResponseAsync(
            () => SubmitButton.ClickAsync(),
            response => response.Request.Method == "POST" && response.Url.Contains("/account/login", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Signs in and waits for the device list the sign-in lands on.</summary>
    public async Task SignInAsync(string userName, string password)
    {
        await SubmitAsync(userName, password);
        await Expect(page).ToHaveURLAsync(DevicesUrl());
        await page.WaitForCircuitAsync();
    }

    [GeneratedRegex("/devices$")]
    private static partial Regex DevicesUrl();
}
