using AutopilotPortal.Core.Data.Sqlite;
using AutopilotPortal.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using AutopilotPortal.Tests.Shared;

namespace AutopilotPortal.Core.Tests.Data.Sqlite;

/// <summary>
/// The SQLite commit watch tells a writer whether another connection may have committed since a
/// batch was decided (the import's use of it: ImportBatchWriterTests).
/// </summary>
public class SqliteCommitWatchTests
{
    [SqliteFact]
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

    [SqliteFact]
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
    private static async Task<(Core.Data.PortalDbContext Writer, SqliteCommitWatch Watch)> StartWriterAsync(PortalTestDatabase database)
    {
        var writer = await database.CreateDbContextAsync();
        await writer.Database.OpenConnectionAsync();
        return (writer, (await SqliteCommitWatch.StartAsync(writer, CancellationToken.None))!);
    }

    private static async Task<bool> InTransactionAsync(Core.Data.PortalDbContext writer, SqliteCommitWatch watch, int? mark)
    {
        await using var tx = await writer.Database.BeginTransactionAsync();
        var holds = await watch.NothingCommittedSinceAsync(writer, mark, CancellationToken.None);
        await tx.CommitAsync();
        return holds;
    }

    /// <summary>A registration through the service, on its own connection.</summary>
    private static async Task CommitElsewhereAsync(PortalTestDatabase database) =>
        await TestDevices.RegisterAsync(database, 1, groupTag: null, firstSeed: 720);
}
