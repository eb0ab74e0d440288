using AutopilotPortal.Core.Health;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Sync;

/// <summary>
/// Runs the twelve-hourly sync. Every <see cref="SyncOptions.CheckInterval"/> (and once at
/// start) it asks <see cref="SyncService.RunDueSyncAsync"/>, which reads the due time from the
/// last sync stored in the database: a restart neither skips nor repeats a sync, and of several
/// instances exactly one runs it.
/// </summary>
internal sealed class SyncScheduler(
    IServiceScopeFactory scopes,
    IOptions<SyncOptions> options,
    TimeProvider clock,
    WorkerStatus status,
    ILogger<SyncScheduler> logger) : PortalBackgroundService(status, PortalWorker.Sync)
{
    private int _checks;

    /// <summary>How many checks have finished (tests wait on it).</summary>
    internal int CompletedChecks => Volatile.Read(ref _checks);

    protected override bool Enabled => options.Value.Enabled;

    protected override void OnSwitchedOff() => logger.LogInformation("The scheduled sync is off on this instance (Sync:Enabled)");

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, clock);
        try
        {
            do
            {
                await CheckAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task CheckAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SyncService>().RunDueSyncAsync(stoppingToken);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Recorded by the sync itself; the next tick tries again.
            logger.LogError(ex, "The scheduled sync check failed");
        }
        finally
        {
            Interlocked.Increment(ref _checks);
        }
    }
}
