using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Health;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Import;

/// <summary>
/// Looks after imports across instances. At start and every <see cref="ImportJob.Lease"/> after it ends the running imports whose
/// instance stopped vouching for them (killed, say), so that a page on any instance stops showing them as running
/// within two leases rather than at the next start. When this instance stops, it first has its own running
/// imports end after their current batch and record that they were stopped (<see cref="RunningImports"/>).
/// </summary>
internal sealed class ImportKeeper(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<TenantOptions> tenant,
    RunningImports running,
    TimeProvider clock,
    WorkerStatus status,
    ILogger<ImportKeeper> logger) : PortalBackgroundService(status, PortalWorker.Imports)
{
    private int _sweeps;

    /// <summary>How many looks for interrupted imports have finished (tests wait on it).</summary>
    internal int CompletedSweeps => Volatile.Read(ref _sweeps);

    protected override bool Enabled => true;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        var count = running.Count;
        if (count > 0)
        {
            logger.LogInformation("Stopping: {Count} running import(s) end after their current batch", count);
        }

        try
        {
            await running.StopAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("The host's shutdown timeout passed before the running imports ended; their leases lapse and another instance ends them");
        }

        await base.StopAsync(cancellationToken);
    }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ImportJob.Lease, clock);
        try
        {
            do
            {
                try
                {
                    await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
                    var ended = await InterruptedImports.FailAsync(db, tenant.Value.Id, clock.GetUtcNow().UtcDateTime, stoppingToken);
                    if (ended > 0)
                    {
                        logger.LogWarning("Ended {Count} import(s) whose instance stopped without finishing them", ended);
                    }
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is not OperationCanceledException)
                {
                    // The database may be away for a moment; the next tick tries again.
                    logger.LogError(ex, "Looking for interrupted imports failed");
                }
                finally
                {
                    Interlocked.Increment(ref _sweeps);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }
}
