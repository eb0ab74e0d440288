using AutopilotPortal.Core.Decommissioning;
using AutopilotPortal.Core.Security;
using Microsoft.AspNetCore.Components;
using AutopilotPortal.Web.Shared;
using MudBlazor;

namespace AutopilotPortal.Web.Features.Decommissioning;

/// <summary>Every decommission with its steps, their state and time; bulk progress; retry of a failed one. Refreshes itself while work is running.</summary>
public partial class DecommissionsPage
{
    private const int PageSize = 50;
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private IReadOnlyList<DecommissionView> _items = [];
    private IReadOnlyList<DecommissionBatchProgress> _batches = [];
    private int _total;
    private int _skip;
    private bool _loaded;
    private string? _error;

    [CascadingParameter] public PortalCaller Caller { get; set; } = default!;

    /// <summary>The decommission just started, marked in the list.</summary>
    [SupplyParameterFromQuery(Name = "highlight")]
    public Guid? Highlight { get; set; }

    [Inject] private ViewerClock Viewer { get; set; } = default!;

    [Inject] private DecommissionService Decommissions { get; set; } = default!;

    [Inject] private DecommissionQueries Queries { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private TimeProvider Clock { get; set; } = default!;

    private bool Busy => _items.Any(d => d.State is DecommissionState.Pending or DecommissionState.Running) || _batches.Any(b => b.Remaining > 0);

    protected override async Task OnInitializedAsync()
    {
        if (Caller.Can(PortalPermission.ReadDevices))
        {
            await ReloadAsync();
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && Caller.Can(PortalPermission.ReadDevices))
        {
            _ = RefreshWhileBusyAsync(_stop.Token);
        }
    }

    private async Task RefreshWhileBusyAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval, Clock);
        var ticks = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                // Every second while something runs; every ten seconds otherwise, for work started elsewhere.
                if (Busy || ++ticks % 10 == 0)
                {
                    await InvokeAsync(async () =>
                    {
                        await ReloadAsync();
                        StateHasChanged();
                    });
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The page was left.
        }
    }

    private async Task ReloadAsync()
    {
        try
        {
            // Both read before either is shown: a render between them (the refresh loop's) showed the rows
            // without the bulk progress above them.
            var page = await Queries.ListAsync(Caller, _skip, PageSize);
            var batches = await Queries.BatchesAsync(Caller);
            (_items, _total, _batches) = (page.Items, page.TotalCount, batches);
            _error = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The refresh loop calls this too: any failure (a refusal, a storage error) is shown, never thrown into it.
            _error = $"The list could not be loaded: {ex.Message}";
        }

        _loaded = true;
    }

    private async Task PageAsync(int direction)
    {
        _skip = Math.Max(0, _skip + (direction * PageSize));
        await ReloadAsync();
    }

    private async Task RetryAsync(DecommissionView d)
    {
        try
        {
            await Decommissions.RetryAsync(Caller, d.Id);
            Snackbar.Add($"Retrying the decommission of {d.SerialNumber}.", Severity.Info);
        }
        catch (Exception ex) when (ex is AccessDeniedException or DecommissionRefusedException)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }

        await ReloadAsync();
    }

    private static string KindText(DecommissionKind kind) => kind switch
    {
        DecommissionKind.OneStepDelete => "Delete (Intune record, registration)",
        DecommissionKind.MotherboardReplacement => "Motherboard replacement",
        _ => "Decommission",
    };

    private static string StateText(DecommissionView d) => d.State switch
    {
        DecommissionState.Pending => "Waiting",
        DecommissionState.Running => $"Running ({d.CompletedSteps} of {d.Steps.Count})",
        DecommissionState.Failed => "Failed",
        _ => "Completed",
    };

    private static Color StateColor(DecommissionState state) => state switch
    {
        DecommissionState.Failed => Color.Error,
        DecommissionState.Completed => Color.Success,
        DecommissionState.Running => Color.Info,
        _ => Color.Default,
    };

    private string StepText(DecommissionStepView s) => s.State switch
    {
        DecommissionStepState.Completed => $"done {Viewer.Format(s.CompletedAt, seconds: true)}",
        DecommissionStepState.Failed => "failed",
        _ => "waiting",
    };

    private static string StepIcon(DecommissionStepState state) => state switch
    {
        DecommissionStepState.Completed => Icons.Material.Filled.CheckCircle,
        DecommissionStepState.Failed => Icons.Material.Filled.Error,
        _ => Icons.Material.Outlined.Circle,
    };

    private static Color StepColor(DecommissionStepState state) => state switch
    {
        DecommissionStepState.Completed => Color.Success,
        DecommissionStepState.Failed => Color.Error,
        _ => Color.Default,
    };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
