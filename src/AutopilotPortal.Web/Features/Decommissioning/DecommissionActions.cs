using AutopilotPortal.Core.Decommissioning;
using AutopilotPortal.Core.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AutopilotPortal.Web.Features.Decommissioning;

/// <summary>Opens the decommission and delete dialogs the same way from the device pane, the devices toolbar and the Entra page.</summary>
public static class DecommissionActions
{
    /// <summary>Confirms and starts a decommission (or one-step delete); on start goes to the Decommissions page. True when started.</summary>
    public static async Task<bool> DecommissionAsync(IDialogService dialogs, NavigationManager navigation, PortalCaller caller, IReadOnlyCollection<Guid> deviceIds, DecommissionKind kind)
    {
        var parameters = new DialogParameters<DecommissionDialog>
        {
            { d => d.Caller, caller },
            { d => d.DeviceIds, deviceIds },
            { d => d.Kind, kind },
        };
        var dialog = await dialogs.ShowAsync<DecommissionDialog>(kind == DecommissionKind.OneStepDelete ? "Delete" : "Decommission", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: IReadOnlyList<Guid> ids })
        {
            navigation.NavigateTo(ids.Count == 1 ? $"/decommissions?highlight={ids[0]}" : "/decommissions");
            return true;
        }

        return false;
    }

    /// <summary>Intune's "Delete": deletes a device that never enrolled, or offers the ordered workflow for one that did. True when something changed.</summary>
    public static async Task<bool> DeleteAsync(IDialogService dialogs, NavigationManager navigation, ISnackbar snackbar, PortalCaller caller, Guid deviceId, string serial)
    {
        var parameters = new DialogParameters<DeleteDeviceDialog>
        {
            { d => d.Caller, caller },
            { d => d.DeviceId, deviceId },
            { d => d.SerialNumber, serial },
        };
        var dialog = await dialogs.ShowAsync<DeleteDeviceDialog>("Delete", parameters);
        var result = await dialog.Result;
        switch (result)
        {
            case { Canceled: false, Data: DeleteDeviceChoice.Deleted }:
                snackbar.Add($"Device {serial} deleted.", Severity.Success);
                return true;
            case { Canceled: false, Data: DeleteDeviceChoice.Decommission }:
                return await DecommissionAsync(dialogs, navigation, caller, [deviceId], DecommissionKind.Full);
            case { Canceled: false, Data: DeleteDeviceChoice.OneStepDelete }:
                return await DecommissionAsync(dialogs, navigation, caller, [deviceId], DecommissionKind.OneStepDelete);
            default:
                return false;
        }
    }
}
