using AutopilotPortal.E2E.Tests.Infrastructure;
using AutopilotPortal.E2E.Tests.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AutopilotPortal.E2E.Tests;

/// <summary>A dialog that opens puts the keyboard in its first field: what is typed next lands there, without a Tab first.</summary>
[Collection(PortalCollection.Name)]
public sealed class DialogFocusTests(PortalFixture portal) : PortalTest(portal)
{
    [Fact]
    public async Task TypingRightAfterNewUserOpensFillsTheUserName()
    {
        await RunAsync(async page =>
        {
            var users = new UsersPage(page);
            await users.GotoAsync();
            await page.GetByTestId("users-new").ClickAsync();
            await Expect(users.Dialog).ToBeVisibleAsync();

            var userName = users.Dialog.GetByLabel("User name");
            await Expect(userName).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync("focus-e2e");

            await Expect(userName).ToHaveValueAsync("focus-e2e");
            await page.Keyboard.PressAsync("Escape");
            await Expect(users.Dialog).ToBeHiddenAsync();
        });
    }
}
