using AutopilotPortal.Core;
using AutopilotPortal.Core.Simulation;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Security;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AutopilotPortal.Web.Features.Simulation;

/// <summary>The device pane's deployments: the Simulate deployment button, the last run's result and steps, and the device's recent runs.</summary>
public partial class DeviceDeployments
{
    private const int RecentCount = 5;

    private IReadOnlyList<DeploymentEvent>? _events;
    private DeploymentEvent? _last;
    private string? _error;
    private bool _running;
    private Guid? _loadedEvents;

    [Parameter, EditorRequired] public Guid DeviceId { get; set; }

    [Parameter, EditorRequired] public string SerialNumber { get; set; } = string.Empty;

    /// <summary>Raised after a run, so the pane reloads what the run changed.</summary>
    [Parameter] public EventCallback<DeploymentEvent> OnSimulated { get; set; }

    [CascadingParameter] public PortalCaller Caller { get; set; } = default!;

    [Inject] private DeploymentSimulator Simulator { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedEvents != DeviceId)
        {
            (_last, _error) = (null, null);
            await LoadEventsAsync();
        }
    }

    private async Task LoadEventsAsync()
    {
        var page = await Simulator.ListAsync(Caller, new DeploymentEventQuery { AutopilotDeviceId = DeviceId, Take = RecentCount });
        _events = page.Items;
        _loadedEvents = DeviceId;
    }

    private async Task SimulateAsync()
    {
        (_running, _error) = (true, null);
        try
        {
            _last = await Simulator.SimulateAsync(Caller, DeviceId);
            await LoadEventsAsync();
            await OnSimulated.InvokeAsync(_last);
        }
        catch (Exception ex) when (ex is AccessDeniedException or DeviceNotFoundException)
        {
            (_last, _error) = (null, ex.Message);
        }
        catch (WriteConflictException)
        {
            // Another change to the device won the write (a second run, a sync, an edit): nothing of this run was saved.
            (_last, _error) = (null, "The device was changed by another operation while it was being deployed, so nothing was saved. Simulate again.");
        }
        finally
        {
            _running = false;
        }
    }

    internal static Severity SeverityOf(DeploymentResult result) => result switch
    {
        DeploymentResult.Succeeded => MudBlazor.Severity.Success,
        DeploymentResult.NoProfile => MudBlazor.Severity.Info,
        _ => MudBlazor.Severity.Error,
    };

    internal static Color ColorOf(DeploymentResult result) => SeverityOf(result) switch
    {
        MudBlazor.Severity.Success => Color.Success,
        MudBlazor.Severity.Info => Color.Info,
        _ => Color.Error,
    };

    internal static string ResultText(DeploymentResult result) => result switch
    {
        DeploymentResult.Succeeded => "Succeeded",
        DeploymentResult.NoProfile => "No profile (normal OOBE)",
        _ => "Failed",
    };

    private static string Headline(DeploymentEvent run) => run.Result switch
    {
        DeploymentResult.Succeeded => $"Enrolled as {run.DeviceName} ({DeploymentSimulator.Describe(run.Mode ?? DeploymentRunMode.UserDriven).ToLowerInvariant()}, profile {run.ProfileName}).",
        DeploymentResult.NoProfile => "No profile: the device went through normal OOBE.",
        _ => $"Deployment failed: {FailureText(run.FailureCode)}.",
    };

    /// <summary>A failure code as people read it.</summary>
    internal static string FailureText(DeploymentFailure? failure) => failure switch
    {
        DeploymentFailure.NotRegistered => "not registered",
        DeploymentFailure.VirtualMachine => "virtual machine",
        DeploymentFailure.TpmVersion => "TPM 2.0 required",
        DeploymentFailure.ZtdidMismatch => "ZTDID mismatch",
        DeploymentFailure.AlreadyPreProvisioned => "already pre-provisioned",
        DeploymentFailure.ProfileMissing => "profile deleted",
        DeploymentFailure.InvalidDeviceName => "invalid device name",
        null => "normal OOBE",
        _ => failure.ToString()!,
    };
}
