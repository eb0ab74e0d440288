using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Web.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace AutopilotPortal.Web.Features.Devices;

public partial class DeviceDetailsPane
{
    private DeviceDetails? _details;
    private Core.Decommissioning.DecommissionView? _decommission;
    private bool _notFound;

    [Parameter, EditorRequired] public Guid DeviceId { get; set; }

    [Parameter] public EventCallback OnChanged { get; set; }

    [Parameter] public EventCallback OnClose { get; set; }

    [CascadingParameter] public PortalCaller Caller { get; set; } = default!;

    [Inject] private DeviceService Devices { get; set; } = default!;

    [Inject] private DeviceEditService Edits { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private Core.Decommissioning.DecommissionQueries Decommissions { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private IJSRuntime JS { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        if (_details?.Device.Id != DeviceId)
        {
            _details = null;
            await LoadAsync();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            // The keyboard starts on Close, the pane's first control; portal.js keeps it inside.
            await JS.InvokeAsync<bool>("portal.focus", "[data-testid=device-pane-close]");
        }
    }

    private async Task OnKeyDownAsync(Microsoft.AspNetCore.Components.Web.KeyboardEventArgs e)
    {
        if (e.Key == "Escape")
        {
            await OnClose.InvokeAsync();
        }
    }

    private async Task LoadAsync()
    {
        _details = await Devices.GetDetailsAsync(Caller, DeviceId);
        _notFound = _details is null;
        _decommission = _details is null ? null : await Decommissions.FindUnfinishedForDeviceAsync(Caller, DeviceId);
    }

    /// <summary>A run changes enrollment, name, last contact and the Entra object: show them, and let the list refresh.</summary>
    private async Task OnSimulatedAsync(Core.Simulation.DeploymentEvent run)
    {
        await LoadAsync();
        await OnChanged.InvokeAsync();
    }

    private static RenderFragment Prop(string label, string? value, string testId) =>
        Property(label, testId, builder => builder.AddContent(0, Display.Text(value)));

    private static RenderFragment PropWhen(string label, DateTime? utc, string testId) =>
        Property(label, testId, builder =>
        {
            builder.OpenComponent<When>(0);
            builder.AddComponentParameter(1, nameof(When.Utc), utc);
            builder.CloseComponent();
        });

    /// <summary>One term of the pane's description lists: its label, then its value under a test id.</summary>
    private static RenderFragment Property(string label, string testId, RenderFragment value) => builder =>
    {
        builder.OpenElement(0, "dt");
        builder.AddContent(1, label);
        builder.CloseElement();
        builder.OpenElement(2, "dd");
        builder.AddAttribute(3, "data-testid", $"prop-{testId}");
        builder.AddContent(4, value);
        builder.CloseElement();
    };

    private Task DecommissionAsync() =>
        Decommissioning.DecommissionActions.DecommissionAsync(Dialogs, Navigation, Caller, [DeviceId], Core.Decommissioning.DecommissionKind.Full);

    private async Task DeleteAsync()
    {
        if (await Decommissioning.DecommissionActions.DeleteAsync(Dialogs, Navigation, Snackbar, Caller, DeviceId, _details!.Device.SerialNumber))
        {
            await LoadAsync();
            await OnChanged.InvokeAsync();
        }
    }

    private Task EditGroupTagAsync() => EditAsync("Edit group tag", "Group tag", _details!.Device.GroupTag,
        "Leave empty to clear the tag. The Entra object's [OrderId] physical id follows.",
        value => Edits.UpdateGroupTagAsync(Caller, [DeviceId], value), "Group tag saved.");

    private async Task EditUserAsync()
    {
        var parameters = new DialogParameters<AssignUserDialog>
        {
            { d => d.Caller, Caller },
            { d => d.Current, _details!.Device.UserPrincipalName },
            { d => d.Save, upn => Saved(() => Edits.UpdateAssignedUserAsync(Caller, DeviceId, upn)) },
        };
        var dialog = await Dialogs.ShowAsync<AssignUserDialog>("Assign user", parameters);
        if (await dialog.Result is { Canceled: false, Data: var upn })
        {
            Snackbar.Add(upn is string name ? $"Assigned to {name}." : "User unassigned.", Severity.Success);
            await LoadAsync();
            await OnChanged.InvokeAsync();
        }
    }

    /// <summary>Runs a save; a refusal comes back as its message for the dialog to show.</summary>
    private static async Task<string?> Saved(Func<Task> save)
    {
        try
        {
            await save();
            return null;
        }
        catch (Exception ex) when (ex is DeviceValidationException or DeviceNotFoundException or AccessDeniedException)
        {
            return ex.Message;
        }
    }

    private Task EditNameAsync() => EditAsync("Edit device name", "Device name", _details!.Device.DisplayName,
        "At most 15 letters, digits and hyphens, not only digits; applied at the next deployment.",
        value => Edits.UpdateDisplayNameAsync(Caller, DeviceId, value), "Device name saved.");

    private async Task EditAsync(string title, string label, string? current, string helper, Func<string?, Task> save, string done)
    {
        var parameters = new DialogParameters<EditValueDialog>
        {
            { d => d.Title, title },
            { d => d.Label, label },
            { d => d.Helper, helper },
            { d => d.Value, current },
            { d => d.Save, value => Saved(() => save(value)) },
        };
        var dialog = await Dialogs.ShowAsync<EditValueDialog>(title, parameters);
        var result = await dialog.Result;
        if (result is { Canceled: false })
        {
            Snackbar.Add(done, Severity.Success);
            await LoadAsync();
            await OnChanged.InvokeAsync();
        }
    }
}
