using System.Data.Common;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Tests.Support;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Core.Tests.Import;

/// <summary>
/// An import's writer decides a batch again inside its write transaction only when another
/// connection may have committed since the batch was decided (the provider's commit watch), and
/// writes the batch's row results with it.
/// </summary>
public class ImportBatchWriterTests
{
    private static readonly Guid PortalTenant = TestTenant.Id;

    [Fact]
    public async Task HardwareRegisteredElsewhereAfterTheBatchWasDecidedIsCaughtInsideTheWrite()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var batches = database.Get<ImportBatchWriter>();
        var (writer, watch, job) = await StartWriterAsync(database);
        await using var _ = writer;
        var batch = await batches.DecideAsync(PortalTenant, [TestDevices.Prepare(TestDevices.Hash(seed: 700))], watch, CancellationToken.None);

        var elsewhere = await database.Get<DeviceRegistrationService>().RegisterAsync(PortalTenant, [TestDevices.Prepare(TestDevices.Hash(seed: 700))], dryRun: false);
        var counts = await batches.WriteAsync(writer, batch, watch, job, CancellationToken.None);

        Assert.True(elsewhere[0].Succeeded);
        Assert.Equal((1, 0, 0, 1), (counts.Rows, counts.Registered, counts.Failed, counts.AlreadyRegistered));
        var result = Assert.Single(await ResultsAsync(database, job));
        Assert.Equal(806, result.ErrorCode);
        Assert.Equal(1, (await database.CountAsync()).Registrations);
    }

    [SqliteFact]
    public async Task WithNothingCommittedSinceTheDecisionTheWriterDoesNotLookAgain()
    {
        var queries = new RegistrationQueries();
        await using var database = await PortalTestDatabase.CreateAsync(configureServices: services =>
            services.ConfigureDbContext<Core.Data.PortalDbContext>(options => options.AddInterceptors(queries)));
        var batches = database.Get<ImportBatchWriter>();
        var (writer, watch, job) = await StartWriterAsync(database);
        await using var _ = writer;
        var rows = Enumerable.Range(710, 3).Select(seed => TestDevices.Prepare(TestDevices.Hash(seed: seed))).ToList();
        var batch = await batches.DecideAsync(PortalTenant, rows, watch, CancellationToken.None);

        queries.Count = 0;
        var counts = await batches.WriteAsync(writer, batch, watch, job, CancellationToken.None);

        Assert.Equal((3, 3, 0), (counts.Rows, counts.Registered, counts.Failed));
        Assert.Equal(0, queries.Count);
        Assert.All(await ResultsAsync(database, job), r => Assert.True(r.Succeeded, r.Message));
        Assert.Equal(3, (await database.CountAsync()).Registrations);
    }

    /// <summary>An import's writer: a context holding its connection open, the watch over it, and a running job.</summary>
    private static async Task<(PortalDbContext Writer, ICommitWatch Watch, ImportJob Job)> StartWriterAsync(PortalTestDatabase database)
    {
        var job = new ImportJob { Id = Guid.NewGuid(), TenantId = PortalTenant, FileName = "batch.csv", Status = ImportJobStatus.Running, StartedAt = database.Clock.GetUtcNow().UtcDateTime };
        await using (var db = await database.CreateDbContextAsync())
        {
            db.ImportJobs.Add(job);
            await db.SaveChangesAsync();
        }

        var writer = await database.CreateDbContextAsync();
        await writer.Database.OpenConnectionAsync();
        var watch = await database.Get<ICommitWatches>().StartAsync(writer, CancellationToken.None);
        return (writer, watch!, job);
    }

    private static async Task<List<ImportRowResult>> ResultsAsync(PortalTestDatabase database, ImportJob job)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.ImportRowResults.Where(r => r.ImportJobId == job.Id).ToListAsync();
    }

    /// <summary>Counts the queries that read registrations or Entra objects (the writer's second look).</summary>
    private sealed class RegistrationQueries : DbCommandInterceptor
    {
        public int Count { get; set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("FROM \"DdsRegistrations\"", StringComparison.Ordinal) || command.CommandText.Contains("FROM \"DirectoryDevices\"", StringComparison.Ordinal))
            {
                Count++;
            }

            return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
        }
    }
}
