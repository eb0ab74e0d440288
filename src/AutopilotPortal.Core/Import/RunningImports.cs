namespace AutopilotPortal.Core.Import;

/// <summary>
/// The CSV imports this instance is running, so that a stopping instance can end them cleanly: when the host
/// stops, <see cref="StopAsync"/> signals <see cref="Stopping"/>, each import ends after the batch it is writing
/// (a batch commits whole or not at all) and records why, and the stop waits for them to have done so.
/// </summary>
/// <remarks>
/// Not disposable: the container may dispose its singletons before the host has stopped its services, and the
/// stop must still be able to signal. The token source has no timer or registration to release.
/// </remarks>
public sealed class RunningImports
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly object _lock = new();
    private TaskCompletionSource? _idle;
    private int _running;

    /// <summary>Signalled when the instance stops; an import checks it between batches.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>How many imports are running.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _running;
            }
        }
    }

    /// <summary>Counts an import as running until the returned handle is disposed.</summary>
    public IDisposable Enter()
    {
        lock (_lock)
        {
            _running++;
        }

        return new Handle(this);
    }

    /// <summary>Asks every running import to end after its batch and waits until they have, or until <paramref name="cancellationToken"/> gives up.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task idle;
        lock (_lock)
        {
            if (_running == 0)
            {
                _stopping.Cancel();
                return;
            }

            _idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            idle = _idle.Task;
        }

        await _stopping.CancelAsync();
        await idle.WaitAsync(cancellationToken);
    }

    private void Leave()
    {
        lock (_lock)
        {
            if (--_running == 0)
            {
                _idle?.TrySetResult();
            }
        }
    }

    private sealed class Handle(RunningImports owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Leave();
            }
        }
    }
}
