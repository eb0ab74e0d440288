using System.Data.Common;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Tests.Support;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Core.Tests.Registration;

/// <summary>
/// An import's writer decides a batch again inside its write transaction only when another
/// connection may have committed since the batch was decided (ForeignCommitWatch).
/// </summary>
public class ForeignCommitWatchTests
{
    [Fact]
    public async Task HardwareRegisteredElsewhereAfterTheBatchWasDecidedIsCaughtInsideTheWrite()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var service = database.Get<DeviceRegistrationService>();
        var (writer, watch) = await StartWriterAsync(database);
        await using var _ = writer;
        var decision = await service.DecideAndStageAsync(TestTenant.Id, [TestDevices.Prepare(TestDevices.Hash(seed: 700))], watch, CancellationToken.None);

        var elsewhere = await service.RegisterAsync(TestTenant.Id, [TestDevices.Prepare(TestDevices.Hash(seed: 700))], dryRun: false);
        var outcomes = await service.CommitAsync(decision, writer, alongside: null, CancellationToken.None);

        Assert.True(elsewhere[0].Succeeded);
        RegistrationAssert.Failed(outcomes[0], 806, "ZtdDeviceAlreadyAssigned");
        Assert.Equal(1, (await database.CountAsync()).Registrations);
    }

    [Fact]
    public async Task WithNothingCommittedSinceTheDecisionTheWriterDoesNotLookAgain()
    {
        var queries = new RegistrationQueries();
        await using var database = await PortalTestDatabase.CreateAsync(configureServices: services =>
            services.ConfigureDbContext<Core.Data.PortalDbContext>(options => options.AddInterceptors(queries)));
        var service = database.Get<DeviceRegistrationService>();
        var (writer, watch) = await StartWriterAsync(database);
        await using var _ = writer;
        var rows = Enumerable.Range(710, 3).Select(seed => TestDevices.Prepare(TestDevices.Hash(seed: seed))).ToList();
        var decision = await service.DecideAndStageAsync(TestTenant.Id, rows, watch, CancellationToken.None);

        queries.Count = 0;
        var outcomes = await service.CommitAsync(decision, writer, alongside: null, CancellationToken.None);

        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Error?.Message));
        Assert.Equal(0, queries.Count);
        Assert.Equal(3, (await database.CountAsync()).Registrations);
    }

    [Fact]
    public async Task ACommitInAnEarlierGapStillCountsForADecisionMadeBeforeIt()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var (writer, watch) = await StartWriterAsync(database);
        await using var _ = writer;

        var early = watch.Mark();
        await CommitElsewhereAsync(database);
        Assert.False(await InTransactionAsync(writer, watch, early));

        // The commit was seen at that transaction's start: a decision made after it is safe,
        // one made before it (an import reads up to two batches ahead) is not.
        var later = watch.Mark();
        Assert.True(await InTransactionAsync(writer, watch, later));
        Assert.False(await InTransactionAsync(writer, watch, early));
        Assert.False(await InTransactionAsync(writer, watch, mark: null));
    }

    [Fact]
    public async Task AnotherConnectionsVersionIsNeverTakenForTheWritersOwn()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var (writer, watch) = await StartWriterAsync(database);
        await using var _ = writer;
        var mark = watch.Mark();
        await using var other = await database.CreateDbContextAsync();
        await other.Database.OpenConnectionAsync();

        Assert.False(await InTransactionAsync(other, watch, mark));
        Assert.True(await InTransactionAsync(writer, watch, mark));
    }

    /// <summary>An import's writer: a context holding its connection open, and the watch over it.</summary>
    private static async Task<(Core.Data.PortalDbContext Writer, ForeignCommitWatch Watch)> StartWriterAsync(PortalTestDatabase database)
    {
        var writer = await database.CreateDbContextAsync();
        await writer.Database.OpenConnectionAsync();
        return (writer, (await ForeignCommitWatch.StartAsync(writer, CancellationToken.None))!);
    }

    private static async Task<bool> InTransactionAsync(Core.Data.PortalDbContext writer, ForeignCommitWatch watch, int? mark)
    {
        await using var tx = await writer.Database.BeginTransactionAsync();
        var holds = await watch.NothingCommittedSinceAsync(writer, mark, CancellationToken.None);
        await tx.CommitAsync();
        return holds;
    }

    /// <summary>A registration through the service, on its own connection.</summary>
    private static async Task CommitElsewhereAsync(PortalTestDatabase database) =>
        await TestDevices.RegisterAsync(database, 1, groupTag: null, firstSeed: 720);

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
