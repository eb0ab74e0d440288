using System.Diagnostics;

namespace AutopilotPortal.Benchmarks;

/// <summary>Samples the process working set and the managed heap every 50 ms on a background task, keeping the peaks.</summary>
internal sealed class MemorySampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public MemorySampler()
    {
        _loop = Task.Run(LoopAsync);
    }

    public long PeakWorkingSet { get; private set; }

    public long PeakManaged { get; private set; }

    public int Samples { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    public async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
            await _loop;
            Sample();
        }
    }

    private async Task LoopAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        try
        {
            do
            {
                Sample();
            }
            while (await timer.WaitForNextTickAsync(_stop.Token));
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Sample()
    {
        using var process = Process.GetCurrentProcess();
        PeakWorkingSet = Math.Max(PeakWorkingSet, process.WorkingSet64);
        PeakManaged = Math.Max(PeakManaged, GC.GetTotalMemory(forceFullCollection: false));
        Samples++;
    }
}
