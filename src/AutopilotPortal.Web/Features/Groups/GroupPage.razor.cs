using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Groups;
using AutopilotPortal.Core.Groups.Rules;
using AutopilotPortal.Core.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AutopilotPortal.Web.Features.Groups;

public partial class GroupPage
{
    private DirectoryGroup? _group;
    private bool _notFound;
    private string? _rule;
    private MembershipRule? _parsed;
    private RulePreview? _preview;
    private string? _error;
    private bool _saving;
    private int _rebuilt;
    private string? _addSerial;
    private HashSet<GroupMemberItem> _selected = [];
    private MudTable<GroupMemberItem>? _table;

    [Parameter] public Guid GroupId { get; set; }

    [CascadingParameter] public PortalCaller Caller { get; set; } = default!;

    [Inject] private GroupService Groups { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private bool CanManage => Caller.Can(PortalPermission.ManageGroupsAndProfiles);

    protected override async Task OnParametersSetAsync()
    {
        if (Caller.Can(PortalPermission.ReadDevices))
        {
            await LoadGroupAsync();
        }
    }

    private async Task LoadGroupAsync()
    {
        _group = await Groups.GetAsync(Caller, GroupId);
        _notFound = _group is null;
        _rule = _group?.MembershipRule;
        _parsed = _rule is not null && MembershipRule.TryParse(_rule, out var parsed, out _) ? parsed : null;
    }

    private async Task<TableData<GroupMemberItem>> LoadMembersAsync(TableState state, CancellationToken cancellationToken)
    {
        var page = await Groups.ListMembersAsync(Caller, GroupId, state.Page * state.PageSize, state.PageSize, cancellationToken);
        return new TableData<GroupMemberItem> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private async Task SaveRuleAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Save the rule?",
            $"Every device is checked against the new rule; members that no longer match leave '{_group!.DisplayName}', and the profiles assigned to it follow.",
            yesText: "Save rule", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        _saving = true;
        _error = null;
        var progress = new Progress<int>(n =>
        {
            _rebuilt = n;
            _ = InvokeAsync(StateHasChanged);
        });
        try
        {
            var result = await Task.Run(() => Groups.ChangeRuleAsync(Caller, GroupId, _rule ?? string.Empty, progress));
            Snackbar.Add($"Rule saved: {result.Added:N0} devices joined, {result.Removed:N0} left; {result.MemberCount:N0} members.", Severity.Success);
            await LoadGroupAsync();
            await ReloadAsync();
        }
        catch (Exception ex) when (ex is GroupException or AccessDeniedException)
        {
            _error = ex.Message;
        }
        finally
        {
            _saving = false;
        }
    }

    private async Task AddMemberAsync()
    {
        var name = _addSerial?.Trim() ?? string.Empty;
        try
        {
            var (found, objectId) = await Groups.FindMemberBySerialAsync(Caller, name);
            if (!found)
            {
                Snackbar.Add($"No Autopilot device has the serial number or SMBIOS UUID '{name}'.", Severity.Warning);
                return;
            }

            if (objectId is not { } directoryObjectId)
            {
                Snackbar.Add($"{name} has no Entra device object, so it cannot be a group member.", Severity.Warning);
                return;
            }

            var added = await Groups.AddMembersAsync(Caller, GroupId, [directoryObjectId]);
            Snackbar.Add(added == 0 ? $"{name} is already a member." : $"{name} added.", Severity.Success);
            _addSerial = null;
            await LoadGroupAsync();
            await ReloadAsync();
        }
        catch (Exception ex) when (ex is GroupException or AccessDeniedException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
    }

    private async Task RemoveSelectedAsync()
    {
        var ids = _selected.Select(m => m.DeviceObjectId).ToList();
        var confirmed = await Dialogs.ShowMessageBoxAsync($"Remove {ids.Count} members?",
            $"They leave '{_group!.DisplayName}' and lose the profiles assigned through it.", yesText: "Remove", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        try
        {
            var removed = await Groups.RemoveMembersAsync(Caller, GroupId, ids);
            Snackbar.Add($"{removed} removed.", Severity.Success);
            _selected.Clear();
            await LoadGroupAsync();
            await ReloadAsync();
        }
        catch (Exception ex) when (ex is GroupException or AccessDeniedException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
    }

    private async Task DeleteAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync($"Delete {_group!.DisplayName}?",
            $"The group and its {_group.MemberCount:N0} memberships are deleted. This cannot be undone.", yesText: "Delete", cancelText: "Cancel");
        if (confirmed != true)
        {
            return;
        }

        try
        {
            await Groups.DeleteAsync(Caller, GroupId);
            Snackbar.Add($"{_group.DisplayName} deleted.", Severity.Success);
            Navigation.NavigateTo("/groups");
        }
        catch (Exception ex) when (ex is GroupException or AccessDeniedException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
    }

    private async Task ReloadAsync()
    {
        if (_table is not null)
        {
            await _table.ReloadServerData();
        }
    }
}
