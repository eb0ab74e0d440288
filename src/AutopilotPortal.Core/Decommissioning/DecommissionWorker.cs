using AutopilotPortal.Core.Health;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Decommissioning;

/// <summary>Wakes the decommission worker when work is started, so it need not wait for its next poll.</summary>
public sealed class DecommissionSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    /// <summary>Asks the worker to look for work now.</summary>
    public void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
    }

    internal Task WaitAsync(CancellationToken cancellationToken) => _signal.WaitAsync(cancellationToken);
}

/// <summary>
/// Resumes every unfinished decommission on start-up, then looks again every
/// <see cref="DecommissionOptions.PollInterval"/> or as soon as <see cref="DecommissionSignal"/> wakes it.
/// </summary>
internal sealed class DecommissionWorker(
    DecommissionRunner runner,
    DecommissionSignal signal,
    IOptions<DecommissionOptions> options,
    TimeProvider clock,
    WorkerStatus status,
    ILogger<DecommissionWorker> logger) : PortalBackgroundService(status, PortalWorker.Decommission)
{
    protected override bool Enabled => options.Value.Enabled;

    protected override void OnSwitchedOff() => logger.LogInformation("Decommissions do not run on this instance (Decommission:Enabled)");

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (and migrate) before the first look.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var ran = await runner.RunPendingAsync(stoppingToken);
                if (ran > 0)
                {
                    logger.LogInformation("Ran {Count} decommission(s)", ran);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Each decommission records its own failure; this is the database being unavailable. The next look tries again.
                logger.LogError(ex, "Looking for decommissions to run failed");
            }

            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            var delay = Task.Delay(options.Value.PollInterval, clock, wait.Token);
            var woken = signal.WaitAsync(wait.Token);
            await Task.WhenAny(delay, woken);
            await wait.CancelAsync();
            try
            {
                await Task.WhenAll(delay, woken);
            }
            catch (OperationCanceledException)
            {
                // The one that did not finish.
            }
        }
    }
}
