using System.Diagnostics;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Tests.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Benchmarks;

/// <summary>
/// Tops a database up to N devices with the same devices <see cref="DemoSeeder"/> would register
/// (same seeds, compact hashes, group tags), written as the registration service writes them but
/// without matching (seeds are distinct devices): on SQLite with raw prepared ADO.NET in one
/// transaction; on PostgreSQL with the portal's own staging and bulk writer (binary COPY), a
/// transaction per chunk. Preparation (build, decode) of the next chunk runs on the other core while
/// a chunk is inserted.
/// </summary>
internal static class BulkSeeder
{
    private static readonly string[] GroupTags = ["Sales", "Finance", "Engineering", "Kiosk", "HR", string.Empty];

    private const int Chunk = 20_000;

    public static async Task SeedAsync(string databasePath, int from, int to)
    {
        if (BenchDatabase.OnPostgres)
        {
            await SeedPostgresAsync(databasePath, from, to);
            return;
        }

        const int chunk = Chunk;
        await using var connection = new SqliteConnection($"Data Source={databasePath}");
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            // A large page cache for this connection only: index maintenance of a million random GUIDs.
            pragma.CommandText = "PRAGMA cache_size = -1048576;";
            await pragma.ExecuteNonQueryAsync();
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        using var writer = new RawRegistrationWriter(connection, transaction);
        var now = DateTime.UtcNow;
        var watch = Stopwatch.StartNew();
        var next = Task.Run(() => Prepare(from, Math.Min(to, from + chunk)));
        for (var start = from; start < to; start += chunk)
        {
            var rows = await next;
            var nextStart = start + chunk;
            next = nextStart < to ? Task.Run(() => Prepare(nextStart, Math.Min(to, nextStart + chunk))) : Task.FromResult(Array.Empty<PreparedRegistration>());
            foreach (var row in rows)
            {
                writer.Write(TestTenant.Id, row, now);
            }

            var done = Math.Min(to, start + chunk);
            if ((done - from) % 100_000 == 0 || done == to)
            {
                Console.WriteLine($"  bulk seeded {done:N0} ({(done - from) / watch.Elapsed.TotalSeconds:N0} devices/s)");
            }
        }

        writer.Complete();
        Console.WriteLine("  committing...");
        await transaction.CommitAsync();
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        await checkpoint.ExecuteNonQueryAsync();
    }

    private static async Task SeedPostgresAsync(string database, int from, int to)
    {
        await using var services = await PortalHost.StartAsync(database);
        var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var now = DateTime.UtcNow;
        var watch = Stopwatch.StartNew();
        var next = Task.Run(() => Prepare(from, Math.Min(to, from + Chunk)));
        for (var start = from; start < to; start += Chunk)
        {
            var rows = await next;
            var nextStart = start + Chunk;
            next = nextStart < to ? Task.Run(() => Prepare(nextStart, Math.Min(to, nextStart + Chunk))) : Task.FromResult(Array.Empty<PreparedRegistration>());
            await using (var db = await factory.CreateDbContextAsync())
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                await BenchRows.CopyAsync(db, RegistrationStaging.StageAll(TestTenant.Id, rows, now, RegistrationLayouts.For(db), RegistrationSource.CsvImport));
                await transaction.CommitAsync();
            }

            var done = Math.Min(to, start + Chunk);
            if ((done - from) % 100_000 == 0 || done == to)
            {
                Console.WriteLine($"  bulk seeded {done:N0} ({(done - from) / watch.Elapsed.TotalSeconds:N0} devices/s)");
            }
        }

        await using var analyze = await BenchDatabase.OpenAsync(database);
        await using var command = analyze.CreateCommand();
        command.CommandText = "VACUUM ANALYZE";
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    private static PreparedRegistration[] Prepare(int from, int to)
    {
        var rows = new PreparedRegistration[to - from];
        Parallel.For(from, to, i =>
        {
            // Exactly DemoSeeder's request for device i.
            var builder = HardwareHashBuilder.Synthetic(new Random(i + 1));
            var request = new RegistrationRequest(i + 1, null, null, builder.Build(), GroupTags[i % GroupTags.Length]);
            var prepared = RegistrationValidator.Prepare(request);
            rows[i - from] = prepared.Error is null ? prepared : throw new InvalidOperationException($"Seed {i + 1}: {prepared.Error.Message}");
        });
        return rows;
    }
}
