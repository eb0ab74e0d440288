using System.Globalization;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Sync;
using AutopilotPortal.Web.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AutopilotPortal.Web.Features.Devices;

/// <summary>
/// The devices toolbar's Sync button and the last sync's time and status beside it. While a sync
/// runs (started here, by the schedule or on another instance) it polls every second, and tells
/// the page when the sync has finished so that the list reloads.
/// </summary>
public partial class SyncButton
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _disposed = new();
    private SyncSettingsView? _settings;
    private bool _requesting;
    private string? _pollError;
    private Task _polling = Task.CompletedTask;

    [CascadingParameter] public PortalCaller Caller { get; set; } = default!;

    /// <summary>Raised when a sync this component saw running has finished.</summary>
    [Parameter] public EventCallback OnCompleted { get; set; }

    [Inject] private SyncService Sync { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private TimeProvider Clock { get; set; } = default!;

    [Inject] private ViewerClock Viewer { get; set; } = default!;

    private string StatusText => _settings switch
    {
        null => "Loading sync status…",
        { IsRunning: true } => "Sync in progress…",
        { LastSyncDateTime: null, SyncStatus: SyncStatus.Failed } => "Never synced; the last sync failed",
        { LastSyncDateTime: null } => "Never synced",
        { SyncStatus: SyncStatus.Failed } s => $"Last sync {Viewer.Format(s.LastSyncDateTime)} ({Viewer.Relative(s.LastSyncDateTime!.Value)}); the last attempt failed",
        var s => $"Last sync {Viewer.Format(s.LastSyncDateTime)} ({Viewer.Relative(s.LastSyncDateTime!.Value)}) · completed",
    };

    protected override async Task OnInitializedAsync()
    {
        _settings = await Sync.GetSettingsAsync(Caller, _disposed.Token);
        StartPollingIfRunning();
    }

    private async Task SyncAsync()
    {
        _requesting = true;
        try
        {
            var result = await Sync.RequestSyncAsync(Caller, _disposed.Token);
            switch (result.Kind)
            {
                case SyncRequestKind.Started:
                    Snackbar.Add("Sync started", Severity.Info);
                    break;
                case SyncRequestKind.InProgress:
                    Snackbar.Add("A sync is in progress", Severity.Warning);
                    break;
                default:
                    var at = result.AvailableAt is { } available ? $"{Viewer.Format(available)} ({Viewer.Relative(available)})" : "a few minutes";
                    Snackbar.Add($"Synced recently; you can sync again at {at}", Severity.Warning);
                    break;
            }

            _settings = await Sync.GetSettingsAsync(Caller, _disposed.Token);
            if (result.Kind == SyncRequestKind.Started && !_settings.IsRunning)
            {
                // A small sync can end before the first look: the list is out of date already.
                await OnCompleted.InvokeAsync();
            }
            else
            {
                StartPollingIfRunning();
            }
        }
        catch (AccessDeniedException ex)
        {
            Snackbar.Add(ex.Message, Severity.Error);
        }
        finally
        {
            _requesting = false;
        }
    }

    private void StartPollingIfRunning()
    {
        if (_settings?.IsRunning == true && _polling.IsCompleted)
        {
            _pollError = null;
            _polling = PollAsync(_disposed.Token);
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(PollInterval, Clock);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                _settings = await Sync.GetSettingsAsync(Caller, cancellationToken);
                await InvokeAsync(StateHasChanged);
                if (!_settings.IsRunning)
                {
                    await InvokeAsync(OnCompleted.InvokeAsync);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The page was left.
        }
        catch (Exception ex)
        {
            // Whatever stopped it (a refusal, a storage error): stop polling and say so; leaving
            // the page awaits this loop and must not rethrow it.
            _pollError = $"The sync status could not be read: {ex.Message}";
            await InvokeAsync(StateHasChanged);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        await _polling;
        _disposed.Dispose();
        GC.SuppressFinalize(this);
    }
}
