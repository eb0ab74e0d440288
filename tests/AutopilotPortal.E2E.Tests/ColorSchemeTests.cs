using AutopilotPortal.E2E.Tests.Infrastructure;
using AutopilotPortal.E2E.Tests.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AutopilotPortal.E2E.Tests;

/// <summary>The colour scheme follows the system until a person chooses one; the choice survives a reload.</summary>
[Collection(PortalCollection.Name)]
public sealed class ColorSchemeTests(PortalFixture portal) : PortalTest(portal)
{
    private const string LightBackground = "rgb(255, 255, 255)";
    private const string DarkBackground = "rgb(26, 26, 39)";

    [Fact]
    public Task ChoosingDarkIsRememberedAndFollowingTheSystemAgainIsToo() => RunAsync(async page =>
    {
        var body = page.Locator("body");
        await Expect(body).ToHaveCSSAsync("background-color", LightBackground);
        await Expect(page.GetByTestId("color-scheme").GetByRole(AriaRole.Button))
            .ToHaveAccessibleNameAsync("Colour scheme: light, following the system");

        await ChooseAsync(page, "color-scheme-dark");
        await Expect(body).ToHaveCSSAsync("background-color", DarkBackground);

        await page.ReloadAsync();
        await page.WaitForCircuitAsync();
        await Expect(body).ToHaveCSSAsync("background-color", DarkBackground);
        await Expect(page.GetByTestId("color-scheme").GetByRole(AriaRole.Button)).ToHaveAccessibleNameAsync("Colour scheme: dark");

        await ChooseAsync(page, "color-scheme-system");
        await Expect(body).ToHaveCSSAsync("background-color", LightBackground);
        await page.ReloadAsync();
        await page.WaitForCircuitAsync();
        await Expect(body).ToHaveCSSAsync("background-color", LightBackground);
    });

    [Fact]
    public async Task ADarkSystemGetsTheDarkSchemeWithoutAChoice()
    {
        var page = await Portal.NewPageAsync(ColorScheme.Dark);
        try
        {
            await new LoginPage(page).SignInAsync(PortalHost.AdminUserName, PortalHost.AdminPassword);
            await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", DarkBackground);
            await Expect(page.GetByTestId("color-scheme").GetByRole(AriaRole.Button))
                .ToHaveAccessibleNameAsync("Colour scheme: dark, following the system");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private static async Task ChooseAsync(IPage page, string item)
    {
        await page.GetByTestId("color-scheme").GetByRole(AriaRole.Button).ClickAsync();
        await page.GetByTestId(item).ClickAsync();
    }
}
