using AutopilotPortal.E2E.Tests.Infrastructure;
using AutopilotPortal.E2E.Tests.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AutopilotPortal.E2E.Tests;

/// <summary>The device list without a mouse, and the device pane as a modal dialog.</summary>
[Collection(PortalCollection.Name)]
public sealed class KeyboardTests(PortalFixture portal) : PortalTest(portal)
{
    // Far more than any page's tab order between two stops; a control not reached within it is unreachable.
    private const int MaxTabs = 40;

    [Fact]
    public Task ADeviceIsFoundOpenedRetaggedAndClosedWithTheKeyboardAlone() => RunAsync(async page =>
    {
        const string serial = "KBD-E2E-0001";
        await ImportAsync(page, 301, serial, "KBD-E2E-0002");
        var devices = new DevicesPage(page);
        await devices.GotoAsync();

        // A page starts with the keyboard on its heading; the skip link is the first stop of the page,
        // and it puts the keyboard back in the main content.
        await Expect(page.Locator("h1")).ToBeFocusedAsync();
        await TabToAsync(page, "[data-testid=skip-link]", "Shift+Tab");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("main#main")).ToBeFocusedAsync();

        await TabToAsync(page, "#devices-search");
        await page.Keyboard.TypeAsync(serial);
        await Expect(page.GetByTestId("devices-table")).ToHaveAttributeAsync("data-loaded-search", serial);

        await TabToAsync(page, $"[data-testid='device-serial-{serial}']");
        await page.Keyboard.PressAsync("Enter");
        await Expect(devices.PaneTitle).ToHaveTextAsync(serial);
        await Expect(devices.Pane.GetByTestId("device-pane-close")).ToBeFocusedAsync();

        await TabToAsync(page, "[data-testid=pane-edit-group-tag]");
        await page.Keyboard.PressAsync("Enter");
        await Expect(devices.Dialog.GetByTestId("edit-value")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("Keyboard-Only");
        await page.Keyboard.PressAsync("Enter");
        await Expect(devices.Dialog).ToBeHiddenAsync();
        await Expect(devices.PaneProperty("group-tag")).ToHaveTextAsync("Keyboard-Only");

        await page.Keyboard.PressAsync("Escape");
        await Expect(devices.Pane).ToBeHiddenAsync();
        await Expect(devices.SerialLink(serial)).ToBeFocusedAsync();
        await Expect(devices.GroupTagCell(serial)).ToHaveTextAsync("Keyboard-Only");
    });

    [Fact]
    public Task TheOpenPaneHoldsTheKeyboardHidesTheListAndBackClosesIt() => RunAsync(async page =>
    {
        const string serial = "KBD-E2E-0101";
        await ImportAsync(page, 302, serial);
        var devices = new DevicesPage(page);
        await devices.GotoAsync();
        await devices.SearchAsync(serial);

        await devices.OpenAsync(serial);
        await Expect(devices.Pane.GetByTestId("device-pane-close")).ToBeFocusedAsync();

        // The list behind is out of reach: one Edit group tag button, the pane's.
        await Expect(page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Edit group tag" })).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("devices-background")).ToHaveAttributeAsync("inert", "");

        // Tab and Shift+Tab go round inside the pane.
        foreach (var key in new[] { "Tab", "Shift+Tab" })
        {
            for (var i = 0; i < MaxTabs; i++)
            {
                await page.Keyboard.PressAsync(key);
                var inside = await page.EvaluateAsync<bool>("() => document.activeElement?.closest('[data-testid=device-pane]') != null");
                Assert.True(inside, $"{key} number {i + 1} left the pane");
            }
        }

        // One history entry for the opened device: one Back closes it.
        await page.GoBackAsync();
        await Expect(devices.Pane).ToBeHiddenAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/devices\\?search={serial}$"));
        await Expect(page.GetByTestId("devices-background")).Not.ToHaveAttributeAsync("inert", "");
        await Expect(devices.SerialLink(serial)).ToBeFocusedAsync();

        // Closing with the button goes back the same way, adding no entry: the next Back leaves the list
        // for the page before it.
        await devices.OpenAsync(serial);
        await devices.Pane.GetByTestId("device-pane-close").ClickAsync();
        await Expect(devices.Pane).ToBeHiddenAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/devices\\?search={serial}$"));
        await page.GoBackAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/imports/[0-9a-f-]{36}$"));
    });

    [Fact]
    public Task ADeviceIsAssignedToAPersonFoundInTheDirectoryWithTheKeyboardAlone() => RunAsync(async page =>
    {
        const string serial = "KBD-E2E-0201";
        const string person = "kbd-assignee-0201";
        await ImportAsync(page, 303, serial);
        var users = new UsersPage(page);
        await users.GotoAsync();
        await users.CreateAsync(person, "Reader", "Keyboard-Assignee-0201!");
        var devices = new DevicesPage(page);
        await devices.GotoAsync();
        await devices.SearchAsync(serial);
        await devices.OpenAsync(serial);

        await TabToAsync(page, "[data-testid=pane-edit-user]");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#assign-user-search")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(person);
        var upn = $"{person}@contoso.onmicrosoft.com";
        // The list answers the whole name once it holds only that person (before, it may still be the
        // list for fewer letters, or everyone's on opening); then the first item is theirs and Enter takes it.
        await Expect(page.Locator("[data-testid^='assign-user-option-']")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId($"assign-user-option-{upn}")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#assign-user-search")).ToHaveValueAsync(upn);
        await TabToAsync(page, "[data-testid=assign-user-save]");
        await page.Keyboard.PressAsync("Enter");

        await Expect(page.GetByTestId("assign-user-dialog")).ToBeHiddenAsync();
        await Expect(devices.PaneProperty("assigned-user")).ToHaveTextAsync(upn);
    });

    private static async Task ImportAsync(IPage page, int seed, params string[] serials)
    {
        var import = new ImportPage(page);
        await import.GotoAsync();
        await import.UploadAsync($"keyboard-{seed}.csv", TestFiles.SyntheticCsv(seed, serials));
        await import.ConfirmAsync();
        await Expect(import.JobRegistered).ToBeVisibleAsync();
    }

    /// <summary>Presses Tab (or the key given) until the element the selector finds has the keyboard; fails if it never does.</summary>
    private static async Task TabToAsync(IPage page, string selector, string key = "Tab")
    {
        for (var i = 0; i < MaxTabs; i++)
        {
            await page.Keyboard.PressAsync(key);
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) === true", selector))
            {
                return;
            }
        }

        var focused = await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML.slice(0, 200) ?? 'nothing'");
        Assert.Fail($"{MaxTabs} × {key} did not reach {selector}; the keyboard is on {focused}");
    }
}
