using AutopilotPortal.Core.Accounts;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Web.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AutopilotPortal.Web.Features.Users;

/// <summary>Local accounts: create, change role, reset password, unlock, sign out everywhere, disable.</summary>
public partial class UsersPage
{
    private MudTable<LocalUser>? _table;
    private string? _search;
    private (string UserName, string Password)? _shownPassword;

    [CascadingParameter] public PortalCaller Caller { get; set; } = default!;

    [Inject] private LocalUserService Users { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private async Task<TableData<LocalUser>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var page = await Users.ListAsync(Caller, _search, state.Page * state.PageSize, state.PageSize, cancellationToken);
        return new TableData<LocalUser> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private async Task ReloadAsync()
    {
        if (_table is not null)
        {
            await _table.ReloadServerData();
        }
    }

    private async Task NewUserAsync()
    {
        var dialog = await Dialogs.ShowAsync<NewUserDialog>("New user", new DialogParameters<NewUserDialog> { { d => d.Caller, Caller } });
        if (await dialog.Result is { Canceled: false, Data: NewUserDialog.CreatedUser created })
        {
            Snackbar.Add($"{created.UserName} created as {created.Role.DisplayName().ToLowerInvariant()}.", Severity.Success);
            _shownPassword = created.GeneratedPassword is { } password ? (created.UserName, password) : null;
            await ReloadAsync();
        }
    }

    private Task SetRoleAsync(LocalUser user, PortalRole role) => ConfirmAndRunAsync(
        $"Make {user.UserName} {role.DisplayName().ToLowerInvariant()}?",
        $"{user.UserName} becomes {role.DisplayName().ToLowerInvariant()} (now {user.Role.DisplayName().ToLowerInvariant()}). Open sessions change within a minute.",
        "Change role",
        async () =>
        {
            await Users.SetRoleAsync(Caller, user.Id, role);
            return $"{user.UserName} is now {role.DisplayName().ToLowerInvariant()}.";
        });

    private Task SetDisabledAsync(LocalUser user, bool disabled) => ConfirmAndRunAsync(
        disabled ? $"Disable {user.UserName}?" : $"Enable {user.UserName}?",
        disabled ? $"{user.UserName} can no longer sign in, and their open sessions end within a minute." : $"{user.UserName} can sign in again.",
        disabled ? "Disable" : "Enable",
        async () =>
        {
            await Users.SetDisabledAsync(Caller, user.Id, disabled);
            return disabled ? $"{user.UserName} is disabled." : $"{user.UserName} is enabled.";
        });

    private Task ResetPasswordAsync(LocalUser user) => ConfirmAndRunAsync(
        $"Reset the password of {user.UserName}?",
        $"A new password is generated and shown once; the old one stops working and any lockout is cleared.",
        "Reset password",
        async () =>
        {
            var password = await Users.ResetPasswordAsync(Caller, user.Id, newPassword: null);
            _shownPassword = (user.UserName, password);
            return $"The password of {user.UserName} was reset.";
        });

    private Task UnlockAsync(LocalUser user) => ConfirmAndRunAsync(
        $"Unlock {user.UserName}?",
        $"{user.UserName} can sign in again at once, and their failed sign-ins count from zero. Their password does not change.",
        "Unlock",
        async () =>
        {
            await Users.UnlockAsync(Caller, user.Id);
            return $"{user.UserName} is unlocked.";
        });

    private Task SignOutEverywhereAsync(LocalUser user) => ConfirmAndRunAsync(
        $"Sign {user.UserName} out everywhere?",
        $"Every open session of {user.UserName} ends: in every browser at the next click, and open pages within a minute. They can sign in again.",
        "Sign out everywhere",
        async () =>
        {
            var ended = await Users.SignOutEverywhereAsync(Caller, user.Id);
            return ended == 1 ? $"1 session of {user.UserName} ended." : $"{ended} sessions of {user.UserName} ended.";
        });

    private async Task ConfirmAndRunAsync(string title, string message, string yes, Func<Task<string>> action)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(title, message, yesText: yes, cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        try
        {
            Snackbar.Add(await action(), Severity.Success);
        }
        catch (Exception ex) when (ex is AccountException or AccessDeniedException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }

        await ReloadAsync();
    }
}
