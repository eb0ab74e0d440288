using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AutopilotPortal.E2E.Tests.Pages;

/// <summary>/users: local accounts and the new-user dialog.</summary>
public sealed class UsersPage(IPage page)
{
    public ILocator Dialog => page.GetByRole(AriaRole.Dialog);

    public Task GotoAsync() => page.GotoInteractiveAsync("users");

    public ILocator RoleCell(string userName) => page.GetByTestId($"user-role-{userName}");

    /// <summary>Creates a user with the role (as its display name: Administrator, Help desk, Reader) and password.</summary>
    public async Task CreateAsync(string userName, string role, string password)
    {
        await page.GetByTestId("users-new").ClickAsync();
        await Expect(Dialog).ToBeVisibleAsync();
        await Dialog.GetByLabel("User name").FillAsync(userName);
        await Dialog.GetByTestId("new-user-role").ClickAsync();
        await page.GetByRole(AriaRole.Option, new PageGetByRoleOptions { Name = role, Exact = true }).ClickAsync();
        await Dialog.GetByLabel("Password").FillAsync(password);
        await Dialog.GetByTestId("new-user-create").ClickAsync();
        await Expect(Dialog).ToBeHiddenAsync();
        await Expect(RoleCell(userName)).ToHaveTextAsync(role);
    }

    /// <summary>Unlocks a locked-out user through the row's menu and its confirmation.</summary>
    public async Task UnlockAsync(string userName)
    {
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = $"Actions for {userName}", Exact = true }).ClickAsync();
        await page.GetByTestId("user-unlock").ClickAsync();
        await Expect(Dialog).ToBeVisibleAsync();
        await Dialog.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Unlock", Exact = true }).ClickAsync();
        await Expect(Dialog).ToBeHiddenAsync();
    }
}
