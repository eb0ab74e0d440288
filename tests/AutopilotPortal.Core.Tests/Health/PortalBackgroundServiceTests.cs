using AutopilotPortal.Core.Health;

namespace AutopilotPortal.Core.Tests.Health;

public sealed class PortalBackgroundServiceTests
{
    [Fact]
    public async Task AWorkerIsRunningAsSoonAsItIsStartedAndStoppedOnceItIsStopped()
    {
        var status = new WorkerStatus();
        using var worker = new TestWorker(status, enabled: true, _ => Task.Delay(Timeout.Infinite, _));
        Assert.Equal(WorkerState.NotStarted, status[PortalWorker.Sync]);

        await worker.StartAsync(CancellationToken.None);
        var whileRunning = status[PortalWorker.Sync];
        await worker.StopAsync(CancellationToken.None);

        Assert.Equal(WorkerState.Running, whileRunning);
        Assert.Equal(WorkerState.Stopped, status[PortalWorker.Sync]);
        Assert.Equal(WorkerState.NotStarted, status[PortalWorker.Decommission]);
    }

    [Fact]
    public async Task AWorkerWhoseLoopThrowsIsFaulted()
    {
        var status = new WorkerStatus();
        var fail = new TaskCompletionSource();
        using var worker = new TestWorker(status, enabled: true, _ => fail.Task);
        await worker.StartAsync(CancellationToken.None);

        fail.SetException(new InvalidOperationException("the loop broke"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => worker.ExecuteTask!);

        Assert.Equal(WorkerState.Faulted, status[PortalWorker.Sync]);
        Assert.False(WorkerStatus.IsHealthy(status[PortalWorker.Sync]));
    }

    [Fact]
    public async Task AWorkerWhoseLoopReturnsIsStopped()
    {
        var status = new WorkerStatus();
        var finish = new TaskCompletionSource();
        using var worker = new TestWorker(status, enabled: true, _ => finish.Task);
        await worker.StartAsync(CancellationToken.None);

        finish.SetResult();
        await worker.ExecuteTask!;

        Assert.Equal(WorkerState.Stopped, status[PortalWorker.Sync]);
    }

    [Fact]
    public async Task AWorkerSwitchedOffIsOffAndHealthyAndNeverRunsItsLoop()
    {
        var status = new WorkerStatus();
        var ran = false;
        using var worker = new TestWorker(status, enabled: false, _ =>
        {
            ran = true;
            return Task.CompletedTask;
        });

        await worker.StartAsync(CancellationToken.None);
        await worker.ExecuteTask!;

        Assert.False(ran);
        Assert.Equal(WorkerState.Off, status[PortalWorker.Sync]);
        Assert.True(WorkerStatus.IsHealthy(status[PortalWorker.Sync]));
    }

    private sealed class TestWorker(WorkerStatus status, bool enabled, Func<CancellationToken, Task> loop)
        : PortalBackgroundService(status, PortalWorker.Sync)
    {
        protected override bool Enabled => enabled;

        protected override Task RunAsync(CancellationToken stoppingToken) => loop(stoppingToken);
    }
}
