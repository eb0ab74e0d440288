namespace AutopilotPortal.Core.Health;

/// <summary>The portal's background workers, each of which reports whether it runs to <see cref="WorkerStatus"/>.</summary>
public enum PortalWorker
{
    /// <summary>The twelve-hourly sync (<c>SyncScheduler</c>).</summary>
    Sync,

    /// <summary>The decommission runner (<c>DecommissionWorker</c>).</summary>
    Decommission,

    /// <summary>The keeper of imports across instances (<c>ImportKeeper</c>).</summary>
    Imports,
}

/// <summary>Where one background worker is.</summary>
public enum WorkerState
{
    /// <summary>The host has not started it (yet).</summary>
    NotStarted,

    /// <summary>Started and neither stopped nor failed.</summary>
    Running,

    /// <summary>Switched off on this instance by configuration (<c>Sync:Enabled</c>, <c>Decommission:Enabled</c>): nothing is wrong.</summary>
    Off,

    /// <summary>Its loop ended: the host is stopping, or it was stopped.</summary>
    Stopped,

    /// <summary>Its loop ended with an exception.</summary>
    Faulted,
}

/// <summary>
/// What each background worker last said about itself: <see cref="PortalBackgroundService"/> sets
/// <see cref="WorkerState.Running"/> (or <see cref="WorkerState.Off"/>) as the host starts it, and
/// <see cref="WorkerState.Stopped"/> or <see cref="WorkerState.Faulted"/> when its loop ends. The health
/// check reads it. Safe to read and write from any thread.
/// </summary>
public sealed class WorkerStatus
{
    private static readonly PortalWorker[] Workers = Enum.GetValues<PortalWorker>();

    private readonly int[] _states = new int[Workers.Length];

    /// <summary>The worker's state now.</summary>
    public WorkerState this[PortalWorker worker] => (WorkerState)Volatile.Read(ref _states[(int)worker]);

    /// <summary>Every worker with its state.</summary>
    public IReadOnlyDictionary<PortalWorker, WorkerState> Snapshot() => Workers.ToDictionary(w => w, w => this[w]);

    /// <summary>Whether the worker does what this instance expects of it: it runs, or it is switched off here.</summary>
    public static bool IsHealthy(WorkerState state) => state is WorkerState.Running or WorkerState.Off;

    internal void Set(PortalWorker worker, WorkerState state) => Volatile.Write(ref _states[(int)worker], (int)state);

    /// <summary>Moves the worker from <paramref name="from"/> to <paramref name="to"/>, and only from there.</summary>
    internal bool Move(PortalWorker worker, WorkerState from, WorkerState to) =>
        Interlocked.CompareExchange(ref _states[(int)worker], (int)to, (int)from) == (int)from;
}
