using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Tests.Support;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Core.Tests.Import;

/// <summary>
/// An instance that starts says which imports its stop cut off; with several instances on one database it
/// leaves alone the imports another instance is running, whose lease that instance keeps renewing. An instance
/// that stops ends its own imports after their current batch, saying so; a running instance ends those of an
/// instance that was killed once their lease lapses.
/// </summary>
public sealed class InterruptedImportTests
{
    [Fact]
    public async Task AStartFailsOnlyTheRunningImportsWhoseInstanceStoppedVouchingForThem()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var now = database.Clock.GetUtcNow().UtcDateTime;
        ImportJob Running(string file, DateTime? aliveUntil) => new()
        {
            Id = Guid.NewGuid(), TenantId = TestTenant.Id, FileName = file, Status = ImportJobStatus.Running,
            StartedAt = now.AddMinutes(-10), TotalRows = 2000, AliveUntil = aliveUntil,
        };
        var elsewhere = Running("running-elsewhere.csv", now.AddMinutes(1));
        var cutOff = Running("cut-off.csv", now.AddMinutes(-1));
        var older = Running("from-an-older-build.csv", null);
        await using (var db = await database.CreateDbContextAsync())
        {
            db.ImportJobs.AddRange(elsewhere, cutOff, older);
            await db.SaveChangesAsync();
        }

        await using (await database.StartAnotherInstanceAsync())
        {
        }

        await using var read = await database.CreateDbContextAsync();
        var jobs = await read.ImportJobs.AsNoTracking().ToDictionaryAsync(j => j.FileName);
        Assert.Equal(ImportJobStatus.Running, jobs["running-elsewhere.csv"].Status);
        Assert.Equal(ImportJobStatus.Failed, jobs["cut-off.csv"].Status);
        Assert.Equal(ImportJobStatus.Failed, jobs["from-an-older-build.csv"].Status);
        Assert.StartsWith("The portal stopped during this import after 2,000 rows.", jobs["cut-off.csv"].FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnImportIsVouchedForFromItsStartForOneLease()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        using var csv = TestDevices.Csv(("LEASE0001", TestDevices.Hash(seed: 990, "LEASE0001"), null));

        var job = await database.Get<ImportService>().ImportAsync(Core.Security.PortalCaller.System, csv, "lease.csv");

        await using var db = await database.CreateDbContextAsync();
        var stored = await db.ImportJobs.AsNoTracking().SingleAsync(j => j.Id == job.Id);
        Assert.Equal(database.Clock.GetUtcNow().UtcDateTime + ImportJob.Lease, stored.AliveUntil);
    }

    [Fact]
    public async Task AStoppingInstanceEndsItsImportAfterTheCurrentBatchAndSaysSo()
    {
        await using var database = await PortalTestDatabase.CreateAsync(new Dictionary<string, string?> { ["Import:BatchSize"] = "2" });
        var rows = Enumerable.Range(1, 8).Select(i => ($"STOP{i:D4}", TestDevices.Hash(seed: 700 + i, $"STOP{i:D4}"), (string?)null)).ToArray();
        using var csv = TestDevices.Csv(rows);
        var running = database.Get<RunningImports>();
        Task? stopped = null;
        var firstBatch = 0;

        // The first batch's progress asks the instance to stop, as the host does on SIGTERM.
        var progress = new Inline(p =>
        {
            if (stopped is null)
            {
                firstBatch = p.RowsProcessed;
                stopped = running.StopAsync(CancellationToken.None);
            }
        });
        var job = await database.Get<ImportService>().ImportAsync(Core.Security.PortalCaller.System, csv, "stopping.csv", progress);
        await stopped!;

        // The batch being written when the stop came is whole; none after it was written.
        Assert.Equal(ImportJobStatus.Failed, job.Status);
        Assert.InRange(firstBatch, 1, rows.Length - 1);
        Assert.Equal(firstBatch, job.TotalRows);
        Assert.StartsWith($"The portal stopped during this import after {firstBatch} rows.", job.FailureMessage, StringComparison.Ordinal);
        Assert.Equal(0, running.Count);
        await using var db = await database.CreateDbContextAsync();
        var stored = await db.ImportJobs.AsNoTracking().SingleAsync(j => j.Id == job.Id);
        Assert.Equal(ImportJobStatus.Failed, stored.Status);
        Assert.NotNull(stored.CompletedAt);
        Assert.Equal(firstBatch, await db.ImportRowResults.CountAsync(r => r.ImportJobId == job.Id));
        Assert.Equal(firstBatch, await db.Registrations.CountAsync(r => r.SerialNumber.StartsWith("STOP")));
    }

    [Fact]
    public async Task ARunningInstanceEndsAnImportWhoseInstanceWasKilledOnceItsLeaseLapses()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var now = database.Clock.GetUtcNow().UtcDateTime;
        var killed = new ImportJob
        {
            Id = Guid.NewGuid(), TenantId = TestTenant.Id, FileName = "killed.csv", Status = ImportJobStatus.Running,
            StartedAt = now.AddMinutes(-1), TotalRows = 400, AliveUntil = now.AddMinutes(1),
        };
        await using (var db = await database.CreateDbContextAsync())
        {
            db.ImportJobs.Add(killed);
            await db.SaveChangesAsync();
        }

        var keeper = database.Get<IEnumerable<Microsoft.Extensions.Hosting.IHostedService>>().OfType<ImportKeeper>().Single();
        await keeper.StartAsync(CancellationToken.None);
        try
        {
            // The look at start finds the job still vouched for; the next, one lease later, finds its lease lapsed.
            await WaitForSweepsAsync(keeper, 1);
            Assert.Equal(ImportJobStatus.Running, await StatusAsync(database, killed.Id));
            database.Clock.Advance(ImportJob.Lease);
            await WaitForSweepsAsync(keeper, 2);
        }
        finally
        {
            await keeper.StopAsync(CancellationToken.None);
        }

        await using var read = await database.CreateDbContextAsync();
        var stored = await read.ImportJobs.AsNoTracking().SingleAsync(j => j.Id == killed.Id);
        Assert.Equal(ImportJobStatus.Failed, stored.Status);
        Assert.StartsWith("The portal stopped during this import after 400 rows.", stored.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStopStillSignalsWhenTheContainerDisposedItsSingletonsFirst()
    {
        // A test host (WebApplicationFactory) may dispose the container before the hosted services have stopped.
        var provider = new ServiceCollection().AddSingleton<RunningImports>().BuildServiceProvider();
        var running = provider.GetRequiredService<RunningImports>();
        await provider.DisposeAsync();

        await running.StopAsync(CancellationToken.None);

        Assert.True(running.Stopping.IsCancellationRequested);
    }

    private static async Task<ImportJobStatus> StatusAsync(PortalTestDatabase database, Guid id)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.ImportJobs.Where(j => j.Id == id).Select(j => j.Status).SingleAsync();
    }

    private static async Task WaitForSweepsAsync(ImportKeeper keeper, int sweeps)
    {
        // Real time: the keeper runs on its own thread; the fake clock only drives its timer.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (keeper.CompletedSweeps < sweeps)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The keeper finished {keeper.CompletedSweeps} sweeps, not {sweeps}.");
            await Task.Delay(20);
        }
    }

    /// <summary>Progress reported on the import's own thread, as it happens.</summary>
    private sealed class Inline(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
