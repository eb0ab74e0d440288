using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Tests.Support;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Tests.Import;

/// <summary>
/// An instance that starts says which imports its stop cut off; with several instances on one database it
/// leaves alone the imports another instance is running, whose lease that instance keeps renewing.
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
}
