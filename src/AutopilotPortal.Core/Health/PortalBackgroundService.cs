using Microsoft.Extensions.Hosting;

namespace AutopilotPortal.Core.Health;

/// <summary>
/// A background worker that keeps its <see cref="WorkerStatus"/> entry true. It is marked running in
/// <see cref="StartAsync"/>, before the host has finished starting, so a health check made once the host has
/// started never sees a worker that is about to run as not running; it is marked stopped or faulted when
/// <see cref="RunAsync"/> ends, whichever way it ends.
/// </summary>
public abstract class PortalBackgroundService(WorkerStatus status, PortalWorker worker) : BackgroundService
{
    /// <summary>Which worker this is.</summary>
    public PortalWorker Worker { get; } = worker;

    /// <summary>False when configuration switches the worker off on this instance; it is then reported as off, not as failed.</summary>
    protected abstract bool Enabled { get; }

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        status.Set(Worker, Enabled ? WorkerState.Running : WorkerState.Off);
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        // A worker stopped before its loop began never ran it, so the loop's end did not say so.
        status.Move(Worker, WorkerState.Running, WorkerState.Stopped);
    }

    /// <summary>The worker's loop; it only runs when <see cref="Enabled"/>.</summary>
    protected abstract Task RunAsync(CancellationToken stoppingToken);

    /// <summary>Called instead of <see cref="RunAsync"/> when the worker is switched off.</summary>
    protected virtual void OnSwitchedOff()
    {
    }

    /// <inheritdoc />
    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            OnSwitchedOff();
            return;
        }

        try
        {
            await RunAsync(stoppingToken);
            status.Move(Worker, WorkerState.Running, WorkerState.Stopped);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            status.Move(Worker, WorkerState.Running, WorkerState.Stopped);
        }
        catch
        {
            status.Set(Worker, WorkerState.Faulted);
            throw;
        }
    }
}
