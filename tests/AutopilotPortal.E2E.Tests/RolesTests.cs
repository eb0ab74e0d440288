using AutopilotPortal.E2E.Tests.Infrastructure;
using AutopilotPortal.E2E.Tests.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AutopilotPortal.E2E.Tests;

/// <summary>Sign-in through the real login page as each role; each sees the controls its role allows.</summary>
[Collection(PortalCollection.Name)]
public sealed class RolesTests(PortalFixture portal) : PortalTest(portal)
{
    private const string HelpDeskUser = "hal-e2e", HelpDeskPassword = "HelpDesk-Passw0rd";
    private const string ReaderUser = "rita-e2e", ReaderPassword = "Reader-Passw0rd!";

    [Fact]
    public async Task EachRoleSignsInAndSeesOnlyTheControlsItMayUse()
    {
        await RunAsync(async page =>
        {
            await Expect(page.GetByTestId("signed-in-role")).ToHaveTextAsync("Administrator");
            foreach (var nav in new[] { "nav-devices", "nav-import", "nav-partner", "nav-import-history", "nav-audit", "nav-users" })
            {
                await Expect(page.GetByTestId(nav)).ToBeVisibleAsync();
            }

            await Expect(page.GetByTestId("devices-import")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("devices-edit-group-tag")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("devices-export")).ToBeVisibleAsync();

            var users = new UsersPage(page);
            await users.GotoAsync();
            await users.CreateAsync(HelpDeskUser, "Help desk", HelpDeskPassword);
            await users.CreateAsync(ReaderUser, "Reader", ReaderPassword);
        });

        await RunAsAsync(HelpDeskUser, HelpDeskPassword, async page =>
        {
            await Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync(HelpDeskUser);
            await Expect(page.GetByTestId("signed-in-role")).ToHaveTextAsync("Help desk");
            await Expect(page.GetByTestId("nav-devices")).ToBeVisibleAsync();
            foreach (var hidden in new[] { "nav-import", "nav-partner", "nav-import-history", "nav-audit", "nav-users", "devices-import", "devices-export" })
            {
                await Expect(page.GetByTestId(hidden)).ToHaveCountAsync(0);
            }

            await Expect(page.GetByTestId("devices-edit-group-tag")).ToBeVisibleAsync();

            // An address typed by hand gets a plain refusal, not the page.
            await page.GotoInteractiveAsync("users");
            await Expect(page.GetByTestId("access-refused")).ToContainTextAsync("Your role (Help desk) does not allow you to manage users.");
            await Expect(page.GetByTestId("users-table")).ToHaveCountAsync(0);
        });

        await RunAsAsync(ReaderUser, ReaderPassword, async page =>
        {
            await Expect(page.GetByTestId("signed-in-role")).ToHaveTextAsync("Reader");
            foreach (var visible in new[] { "nav-devices", "nav-import-history", "nav-audit", "devices-export" })
            {
                await Expect(page.GetByTestId(visible)).ToBeVisibleAsync();
            }

            foreach (var hidden in new[] { "nav-import", "nav-partner", "nav-users", "devices-import", "devices-edit-group-tag" })
            {
                await Expect(page.GetByTestId(hidden)).ToHaveCountAsync(0);
            }

            await page.GotoInteractiveAsync("import");
            await Expect(page.GetByTestId("access-refused")).ToContainTextAsync("Your role (Reader) does not allow you to import devices.");
        });
    }

    [Fact]
    public Task AReaderExportsTheListWithAFormulaGroupTagNeutralised() => RunAsync(async page =>
    {
        const string serial = "F98059756E444D56";
        const string formula = "=2+3";
        var import = new ImportPage(page);
        var devices = new DevicesPage(page);
        await import.ImportFileAsync(TestFiles.RealHashFile("HexDK_SGRE_BG.csv"));
        await devices.GotoAsync();
        await devices.SearchAsync(serial);
        await devices.OpenAsync(serial);
        await devices.PaneEditGroupTagButton.ClickAsync();
        await devices.SaveDialogAsync(formula);
        await Expect(devices.PaneProperty("group-tag")).ToHaveTextAsync(formula);
        var users = new UsersPage(page);
        await users.GotoAsync();
        await users.CreateAsync("rex-e2e", "Reader", "Reader-Export-Passw0rd");

        await RunAsAsync("rex-e2e", "Reader-Export-Passw0rd", async readerPage =>
        {
            var list = new DevicesPage(readerPage);
            await list.SearchAsync(serial);
            await Expect(list.SerialLink(serial)).ToBeVisibleAsync();
            var download = await readerPage.RunAndWaitForDownloadAsync(() => readerPage.GetByTestId("devices-export").ClickAsync());
            var path = await download.PathAsync();
            var lines = (await File.ReadAllTextAsync(path)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

            Assert.Equal(2, lines.Length);
            Assert.StartsWith("Serial number,", lines[0], StringComparison.Ordinal);
            Assert.StartsWith($"{serial},", lines[1], StringComparison.Ordinal);
            Assert.Contains(",\"'=2+3\",", lines[1], StringComparison.Ordinal);
        });
    });

    [Fact]
    public async Task ASignInFromALinkWithANonAsciiReturnUrlLandsOnThatPage()
    {
        var page = await Portal.NewPageAsync();
        try
        {
            var login = new LoginPage(page);
            await page.GotoAsync("account/login?ReturnUrl=%2Fdevices%3Fsearch%3DZ%C3%BCrich");
            await login.UserName.FillAsync(PortalHost.AdminUserName);
            await login.Password.FillAsync(PortalHost.AdminPassword);
            await login.SubmitButton.ClickAsync();

            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/devices\\?search=Z(%C3%BC|ü)rich$"));
            await Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync(PortalHost.AdminUserName);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public Task RepeatedWrongPasswordsLockTheAccountSayingSoOnlyToItsOwnerAndAnAdministratorUnlocksIt() => RunAsync(async page =>
    {
        var users = new UsersPage(page);
        await users.GotoAsync();
        await users.CreateAsync("lou-e2e", "Reader", "Lockout-Passw0rd!");
        var other = await Portal.NewPageAsync();
        try
        {
            var login = new LoginPage(other);
            for (var attempt = 1; attempt <= 5; attempt++)
            {
                await login.SubmitAsync("lou-e2e", "wrong-password");
                await Expect(login.Error).ToHaveTextAsync("The user name or password is wrong.");
            }

            await login.SubmitAsync("lou-e2e", "Lockout-Passw0rd!");
            await Expect(login.Error).ToContainTextAsync("This account is locked after 5 failed sign-ins.");

            await users.GotoAsync();
            await Expect(page.GetByTestId("user-status-lou-e2e")).ToContainTextAsync("Locked out");
            await users.UnlockAsync("lou-e2e");
            await Expect(page.GetByTestId("user-status-lou-e2e")).ToContainTextAsync("Active");

            await login.SignInAsync("lou-e2e", "Lockout-Passw0rd!");
        }
        finally
        {
            await other.Context.CloseAsync();
        }
    });
}
