using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Tests.Support;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Tests.Data;

/// <summary>
/// The import writes rows without the change tracker. These tests hold it to storing every
/// column exactly as SaveChanges stores it, so that queries, sorting and later edits see no
/// difference between a row from an import and a row from anywhere else.
/// </summary>
public class RowInserterTests
{
    private static readonly DateTime When = new(2026, 11, 22, 17, 27, 37, 343, DateTimeKind.Utc);

    [Fact]
    public async Task RegistrationRowIsStoredExactlyAsSaveChangesStoresIt()
    {
        await AssertSameStorageAsync("DdsRegistrations", id => new DeviceRegistration
        {
            Id = id,
            Ztdid = Guid.NewGuid(),
            TenantId = TestTenant.Id,
            SerialNumber = "abc-123",
            SerialKey = "ABC-123",
            Manufacturer = "Dell Inc.",
            Model = "Latitude 7440",
            SmbiosUuid = new Guid("6e444d56-5975-f980-1ab4-0ed811b5cadb"),
            TpmKeyHash = new string('a', 64),
            HardwareKey = "130527711821717425",
            ProductKeyId = null,
            HardwareHash = [0x4f, 0x41, 0x00, 0x01],
            HardwareHashLength = 3000,
            GroupTag = "Sales",
            Source = RegistrationSource.Partner,
            RegisteredAt = When,
            UpdatedAt = When.AddTicks(1),
        });
    }

    [Fact]
    public async Task DirectoryRowIsStoredExactlyAsSaveChangesStoresIt()
    {
        await AssertSameStorageAsync("DirectoryDevices", id => new DirectoryDevice
        {
            Id = id,
            DeviceId = Guid.NewGuid(),
            TenantId = TestTenant.Id,
            DisplayName = "ABC-123",
            AccountEnabled = true,
            TrustType = DeviceTrustType.ServerAd,
            PhysicalIds = ["[ZTDID]:x", "[OrderId]:Sales \"quoted\""],
            HardwareKey = "42",
            Ztdid = null,
            CreatedAt = When,
        });
    }

    [Fact]
    public async Task AutopilotRowIsStoredExactlyAsSaveChangesStoresIt()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var registration = Guid.NewGuid();
        var registration2 = Guid.NewGuid();
        await using (var db = await database.CreateDbContextAsync())
        {
            foreach (var r in new[] { registration, registration2 })
            {
                db.Registrations.Add(new DeviceRegistration { Id = r, Ztdid = Guid.NewGuid(), TenantId = TestTenant.Id, SerialNumber = "S", SerialKey = "S", Manufacturer = "M", HardwareKey = "1" });
            }

            await db.SaveChangesAsync();
        }

        var next = new Queue<Guid>([registration, registration2]);
        await AssertSameStorageAsync(database, "IntuneAutopilotDevices", id => new AutopilotDevice
        {
            Id = id,
            TenantId = TestTenant.Id,
            RegistrationId = next.Dequeue(),
            Ztdid = Guid.NewGuid(),
            SerialNumber = "abc",
            SerialKey = "ABC",
            Manufacturer = "HP",
            EnrollmentState = EnrollmentState.NotContacted,
            ProfileStatus = ProfileAssignmentStatus.AssignedOutOfSync,
            LastContactedDateTime = When,
            ManagedDeviceId = null,
            CreatedAt = When,
        });
    }

    [Fact]
    public async Task ImportResultRowGetsItsKeyFromTheDatabase()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await using var db = await database.CreateDbContextAsync();
        var job = await AddJobAsync(db);

        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            using var inserter = RowInserter<ImportRowResult>.Create(db);
            await inserter.InsertAsync(new ImportRowResult { ImportJobId = job.Id, LineNumber = 2, ErrorCode = 802, Succeeded = false }, CancellationToken.None);
            await inserter.InsertAsync(new ImportRowResult { ImportJobId = job.Id, LineNumber = 3, Succeeded = true }, CancellationToken.None);
            await inserter.FlushAsync(CancellationToken.None);
            await tx.CommitAsync();
        }

        var rows = await db.ImportRowResults.AsNoTracking().OrderBy(r => r.LineNumber).ToListAsync();
        Assert.Equal([2, 3], rows.Select(r => r.LineNumber));
        Assert.NotEqual(rows[0].Id, rows[1].Id);
        Assert.Equal(802, rows[0].ErrorCode);
        Assert.True(rows[1].Succeeded);
    }

    [Fact]
    public async Task TextWithANulCharacterIsStoredAsSaveChangesStoresIt()
    {
        // PostgreSQL's text cannot hold U+0000; its model converts it, and the copy must go through the same conversion.
        await AssertSameStorageAsync("DirectoryDevices", id => new DirectoryDevice
        {
            Id = id,
            DeviceId = Guid.NewGuid(),
            TenantId = TestTenant.Id,
            DisplayName = "PC\0-7",
            PhysicalIds = ["[OrderId]:A\0B"],
            HardwareKey = "7",
            CreatedAt = When,
        });
    }

    [PostgresFact]
    public async Task CopiedRowsArriveWhenFlushedAndARefusedRowLeavesNoneOfItsBatch()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await using var db = await database.CreateDbContextAsync();
        var job = await AddJobAsync(db);

        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            using var inserter = RowInserter<ImportRowResult>.Create(db);
            await inserter.InsertAsync(new ImportRowResult { ImportJobId = job.Id, LineNumber = 2, Succeeded = true }, CancellationToken.None);
            Assert.Equal(0, await db.ImportRowResults.CountAsync());
            await inserter.FlushAsync(CancellationToken.None);
            Assert.Equal(1, await db.ImportRowResults.CountAsync());

            // A flush writes only what it has not written before.
            await inserter.FlushAsync(CancellationToken.None);
            Assert.Equal(1, await db.ImportRowResults.CountAsync());
            await tx.CommitAsync();
        }

        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            using var inserter = RowInserter<ImportRowResult>.Create(db);
            await inserter.InsertAsync(new ImportRowResult { ImportJobId = job.Id, LineNumber = 3, Succeeded = true }, CancellationToken.None);
            await inserter.InsertAsync(new ImportRowResult { ImportJobId = Guid.NewGuid(), LineNumber = 4, Succeeded = true }, CancellationToken.None);
            var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => inserter.FlushAsync(CancellationToken.None));
            Assert.Equal(Npgsql.PostgresErrorCodes.ForeignKeyViolation, refused.SqlState);
            await tx.RollbackAsync();
        }

        var lines = await db.ImportRowResults.AsNoTracking().Select(r => r.LineNumber).ToListAsync();
        Assert.Equal([2], lines);
    }

    [PostgresFact]
    public async Task ACopyOutsideATransactionIsRefused()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await using var db = await database.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        using var inserter = RowInserter<ImportRowResult>.Create(db);
        await inserter.InsertAsync(new ImportRowResult { ImportJobId = Guid.NewGuid(), LineNumber = 2 }, CancellationToken.None);
        await Assert.ThrowsAsync<InvalidOperationException>(() => inserter.FlushAsync(CancellationToken.None));
    }

    private static async Task<ImportJob> AddJobAsync(PortalDbContext db)
    {
        var job = new ImportJob { Id = Guid.NewGuid(), TenantId = TestTenant.Id, FileName = "x.csv", StartedAt = When };
        db.ImportJobs.Add(job);
        await db.SaveChangesAsync();
        return job;
    }

    private static async Task AssertSameStorageAsync<T>(string table, Func<Guid, T> make) where T : class
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await AssertSameStorageAsync(database, table, make);
    }

    private static async Task AssertSameStorageAsync<T>(PortalTestDatabase database, string table, Func<Guid, T> make) where T : class
    {
        var tracked = Guid.NewGuid();
        var inserted = Guid.NewGuid();
        await using var db = await database.CreateDbContextAsync();
        db.Add(make(tracked));
        await db.SaveChangesAsync();
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            using var inserter = RowInserter<T>.Create(db);
            await inserter.InsertAsync(make(inserted), CancellationToken.None);
            await inserter.FlushAsync(CancellationToken.None);
            await tx.CommitAsync();
        }

        var columns = AutopilotPortal.Tests.Shared.TestDatabase.OnPostgres
            ? await db.Database.SqlQuery<string>($"SELECT column_name::text AS \"Value\" FROM information_schema.columns WHERE table_name = {table}").ToListAsync()
            : await db.Database.SqlQuery<string>($"SELECT name AS Value FROM pragma_table_info({table})").ToListAsync();
        Assert.NotEmpty(columns);
        foreach (var column in columns)
        {
#pragma warning disable EF1002 // table and column names come from the schema, not from input
            // The stored type and value of each column; ids differ by design, so only their form is compared.
            var sql = AutopilotPortal.Tests.Shared.TestDatabase.OnPostgres
                ? $"SELECT pg_typeof(\"{column}\")::text || ':' || CASE WHEN pg_typeof(\"{column}\") = 'uuid'::regtype THEN 'uuid' " +
                    $"ELSE coalesce(\"{column}\"::text, 'NULL') END AS \"Value\" FROM \"{table}\" WHERE \"Id\"::text = {{0}}"
                : $"SELECT typeof(\"{column}\") || ':' || CASE WHEN typeof(\"{column}\") = 'text' AND length(\"{column}\") = 36 AND \"{column}\" GLOB '*-*-*-*-*' " +
                    $"THEN CASE WHEN \"{column}\" = upper(\"{column}\") THEN 'GUID' ELSE 'guid' END ELSE coalesce(quote(\"{column}\"), 'NULL') END AS Value " +
                    $"FROM \"{table}\" WHERE \"Id\" = {{0}}";
            var (trackedId, insertedId) = AutopilotPortal.Tests.Shared.TestDatabase.OnPostgres
                ? (tracked.ToString(), inserted.ToString())
                : (tracked.ToString().ToUpperInvariant(), inserted.ToString().ToUpperInvariant());
            var expected = await db.Database.SqlQueryRaw<string>(sql, trackedId).SingleAsync();
            var actual = await db.Database.SqlQueryRaw<string>(sql, insertedId).SingleAsync();
#pragma warning restore EF1002
            Assert.True(expected == actual, $"{table}.{column}: SaveChanges stored {expected}, the inserter {actual}");
        }

        var reread = await db.Set<T>().AsNoTracking().CountAsync();
        Assert.Equal(2, reread);
    }
}
