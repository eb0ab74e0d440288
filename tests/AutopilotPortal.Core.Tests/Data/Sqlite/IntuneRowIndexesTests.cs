using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using AutopilotPortal.Tests.Shared;

namespace AutopilotPortal.Core.Tests.Data.Sqlite;

/// <summary>
/// No insert trigger indexes or counts Intune's rows any more (IntuneRowIndexes): every way a row
/// is inserted must do it, in the inserting transaction.
/// </summary>
public class IntuneRowIndexesTests
{
    [SqliteFact]
    public async Task AnImportIndexesAndCountsTheRowsItRegistersAndNoneOfTheRowsItRefuses()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await using (var setup = await database.CreateDbContextAsync())
        {
            // Row 3 fails in the database: its batch is rolled back and written again row by row.
            await StorageFailure.FailIntuneRowForAsync(setup, "IDXROW00003");
        }

        var rows = Enumerable.Range(1, 6).Select(n => ($"IDXROW{n:D5}", TestDevices.Hash(500 + n, $"IDXROW{n:D5}"), (string?)null)).ToList();
        rows.Add(rows[0]);
        using var csv = TestDevices.Csv([.. rows]);

        var job = await database.Get<ImportService>().ImportAsync(PortalCaller.System, csv, "indexed.csv");

        Assert.Equal((7, 5, 2), (job.TotalRows, job.Registered, job.Failed));
        await IntuneIndexAssert.ConsistentAsync(database);
        var devices = database.Get<DeviceService>();
        foreach (var n in new[] { 1, 2, 4, 5, 6 })
        {
            var found = await devices.ListAsync(PortalCaller.System, new DeviceListQuery($"ROW{n:D5}", SerialMatch.Contains));
            Assert.Equal($"IDXROW{n:D5}", Assert.Single(found.Items).SerialNumber);
        }

        Assert.Empty((await devices.ListAsync(PortalCaller.System, new DeviceListQuery("ROW00003", SerialMatch.Contains))).Items);
        Assert.Equal(5, (await devices.ListAsync(PortalCaller.System, new DeviceListQuery())).TotalCount);
    }

    [SqliteFact]
    public async Task ARowAddedThroughTheChangeTrackerIsIndexedAndCountedAndARolledBackOneLeavesNothing()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var registered = await TestDevices.RegisterAsync(database, 2, groupTag: null, firstSeed: 600);
        await using (var db = await database.CreateDbContextAsync())
        {
            // Two rows copied from registered devices under new serials, the way any code using EF would add one.
            var template = await db.AutopilotDevices.AsNoTracking().Where(d => registered.Contains(d.Id)).ToListAsync();
            await db.AutopilotDevices.Where(d => registered.Contains(d.Id)).ExecuteDeleteAsync();
            db.AutopilotDevices.Add(Copy(template[0], "EFADDED0001"));
            await db.SaveChangesAsync();

            await using (var tx = await db.Database.BeginTransactionAsync())
            {
                db.AutopilotDevices.Add(Copy(template[1], "EFROLLED002"));
                await db.SaveChangesAsync();
                await tx.RollbackAsync();
            }
        }

        await IntuneIndexAssert.ConsistentAsync(database);
        var devices = database.Get<DeviceService>();
        Assert.Equal("EFADDED0001", Assert.Single((await devices.ListAsync(PortalCaller.System, new DeviceListQuery("ADDED", SerialMatch.Contains))).Items).SerialNumber);
        Assert.Empty((await devices.ListAsync(PortalCaller.System, new DeviceListQuery("ROLLED", SerialMatch.Contains))).Items);
        Assert.Equal(1, (await devices.ListAsync(PortalCaller.System, new DeviceListQuery())).TotalCount);
    }

    [SqliteFact]
    public async Task ASaveThatDeletesTheLastRowAndAddsOneIndexesTheNewOneEvenWithTheRowidReused()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var registered = await TestDevices.RegisterAsync(database, 2, groupTag: null, firstSeed: 640);
        await using (var db = await database.CreateDbContextAsync())
        {
            var lastId = Guid.Parse(await db.Database.SqlQuery<string>($"SELECT \"Id\" AS \"Value\" FROM \"IntuneAutopilotDevices\" ORDER BY rowid DESC LIMIT 1").SingleAsync());
            var copy = Copy(await db.AutopilotDevices.AsNoTracking().SingleAsync(d => d.Id == lastId), "REUSED00001");

            // The deletion runs first, so the new row gets the deleted one's rowid.
            db.AutopilotDevices.Remove(await db.AutopilotDevices.SingleAsync(d => d.Id == lastId));
            db.AutopilotDevices.Add(copy);
            await db.SaveChangesAsync();
            var rowids = await db.Database.SqlQuery<long>($"SELECT rowid AS \"Value\" FROM \"IntuneAutopilotDevices\" ORDER BY rowid").ToListAsync();
            Assert.Equal(2, rowids.Distinct().Count());
        }

        await IntuneIndexAssert.ConsistentAsync(database);
        var devicesService = database.Get<DeviceService>();
        Assert.Single((await devicesService.ListAsync(PortalCaller.System, new DeviceListQuery("USED0", SerialMatch.Contains))).Items);
        Assert.Equal(2, (await devicesService.ListAsync(PortalCaller.System, new DeviceListQuery())).TotalCount);
    }

    [SqliteFact]
    public async Task BulkInsertsOutsideATransactionAreRefused()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var registered = await TestDevices.RegisterAsync(database, 1, groupTag: null, firstSeed: 650);
        await using var db = await database.CreateDbContextAsync();
        var device = await db.AutopilotDevices.AsNoTracking().SingleAsync(d => d.Id == registered[0]);
        await db.Database.OpenConnectionAsync();
        using var inserter = AutopilotDeviceInserter.Create(db);

        await Assert.ThrowsAsync<InvalidOperationException>(() => inserter.InsertManyAsync([Copy(device, "NOTX0000001")], CancellationToken.None));
    }

    [SqliteFact]
    public async Task TheCheckFailsWhenARowIsInsertedWithoutBeingIndexed()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var registered = await TestDevices.RegisterAsync(database, 1, groupTag: null, firstSeed: 620);
        await using (var db = await database.CreateDbContextAsync())
        {
            // The row is taken out (the delete trigger unindexes and uncounts it) and put back with
            // plain SQL, which neither indexes nor counts it.
            var id = registered[0].ToString().ToUpperInvariant();
            await db.Database.OpenConnectionAsync();
            await db.Database.ExecuteSqlRawAsync("CREATE TEMP TABLE saved AS SELECT * FROM IntuneAutopilotDevices WHERE Id = {0}", id);
            await db.Database.ExecuteSqlRawAsync("DELETE FROM IntuneAutopilotDevices WHERE Id = {0}", id);
            await IntuneIndexAssert.ConsistentAsync(database);
            await db.Database.ExecuteSqlRawAsync("INSERT INTO IntuneAutopilotDevices SELECT * FROM temp.saved");
        }

        await Assert.ThrowsAnyAsync<Xunit.Sdk.XunitException>(() => IntuneIndexAssert.ConsistentAsync(database));
    }

    /// <summary>The (detached) row as a new row: a new id and serial number, the rest as it was.</summary>
    private static AutopilotDevice Copy(AutopilotDevice device, string serial)
    {
        (device.Id, device.SerialNumber, device.SerialKey) = (Guid.NewGuid(), serial, serial);
        return device;
    }
}
