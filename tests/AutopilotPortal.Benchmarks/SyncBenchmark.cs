using System.Diagnostics;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Sync;
using AutopilotPortal.Tests.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Benchmarks;

/// <summary>
/// <c>sync</c>: a fresh database whose deployment service holds N registrations that Intune has
/// never seen (written as an OEM registration leaves them: the DDS row alone), then one
/// <see cref="SyncService.SyncAsync"/>, which creates N Entra objects and N Intune rows; then every
/// registration's group tag is changed in DDS and a second sync copies the N changes.
/// </summary>
internal static class SyncBenchmark
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var rows = options.Int("rows", 100_000);
        var folder = Path.Combine(Path.GetTempPath(), "autopilot-bench");
        Directory.CreateDirectory(folder);
        var database = Path.Combine(folder, $"sync-{rows}.db");
        BenchDatabase.Delete(database);
        await using var services = await PortalHost.StartAsync(database);
        Console.WriteLine($"sync: writing {rows:N0} registrations to DDS only ({BenchDatabase.Describe(database)})");
        var prepared = Prepare(rows);
        if (BenchDatabase.OnPostgres)
        {
            await WritePostgresRegistrationsAsync(services, prepared);
        }
        else
        {
            await WriteRegistrationsAsync(database, prepared);
        }

        var sync = services.GetRequiredService<SyncService>();
        await using var memory = new MemorySampler();
        var watch = Stopwatch.StartNew();
        var added = await sync.SyncAsync(SyncTrigger.Manual) ?? throw new InvalidOperationException("The sync did not run.");
        watch.Stop();
        var addSeconds = watch.Elapsed.TotalSeconds;

        await using (var connection = await BenchDatabase.OpenAsync(database))
        {
            await using var change = connection.CreateCommand();
            change.CommandText = "UPDATE \"DdsRegistrations\" SET \"GroupTag\" = 'Changed', \"UpdatedAt\" = \"UpdatedAt\";";
            await change.ExecuteNonQueryAsync();
        }

        watch.Restart();
        var changed = await sync.SyncAsync(SyncTrigger.Manual) ?? throw new InvalidOperationException("The sync did not run.");
        watch.Stop();
        var changeSeconds = watch.Elapsed.TotalSeconds;

        watch.Restart();
        var idle = await sync.SyncAsync(SyncTrigger.Manual) ?? throw new InvalidOperationException("The sync did not run.");
        watch.Stop();
        await memory.StopAsync();

        var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        var devices = await db.AutopilotDevices.CountAsync(d => d.TenantId == TestTenant.Id && d.GroupTag == "Changed");
        Console.WriteLine();
        Console.WriteLine($"{"sync on " + BenchDatabase.ProviderLabel,-40} {"seconds",10} {"rows/s",10}  summary");
        Console.WriteLine($"{"new registrations (create object + row)",-40} {addSeconds,10:N1} {added.Added / addSeconds,10:N0}  {added}");
        Console.WriteLine($"{"changed group tags",-40} {changeSeconds,10:N1} {changed.Updated / changeSeconds,10:N0}  {changed}");
        Console.WriteLine($"{"nothing to do",-40} {watch.Elapsed.TotalSeconds,10:N1} {rows / watch.Elapsed.TotalSeconds,10:N0}  {idle}");
        Console.WriteLine($"peak working set {memory.PeakWorkingSet / 1024 / 1024:N0} MB, peak managed heap {memory.PeakManaged / 1024 / 1024:N0} MB; {devices:N0} Intune rows carry the changed tag");
        return added.Added == rows && changed.Updated == rows && devices == rows ? 0 : 1;
    }

    private static PreparedRegistration[] Prepare(int rows)
    {
        var prepared = new PreparedRegistration[rows];
        Parallel.For(0, rows, i =>
        {
            var builder = HardwareHashBuilder.Synthetic(new Random(i + 1));
            prepared[i] = RegistrationValidator.Prepare(new RegistrationRequest(i + 2, null, null, builder.Build(), i % 3 == 0 ? "Sales" : null));
        });
        return prepared;
    }

    /// <summary>The registrations alone, through the portal's staging and bulk writer (binary COPY), in one transaction.</summary>
    private static async Task WritePostgresRegistrationsAsync(ServiceProvider services, PreparedRegistration[] prepared)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await BenchRows.CopyRegistrationsAsync(db, RegistrationStaging.StageAll(TestTenant.Id, prepared, DateTime.UtcNow, RegistrationLayouts.For(db), RegistrationSource.CsvImport));
        await transaction.CommitAsync();
    }

    private static async Task WriteRegistrationsAsync(string database, PreparedRegistration[] prepared)
    {
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        using (var writer = new RawRegistrationWriter(connection, transaction))
        {
            var now = DateTime.UtcNow;
            foreach (var row in prepared)
            {
                writer.WriteRegistrationOnly(TestTenant.Id, row, now);
            }

            writer.Complete();
        }

        await transaction.CommitAsync();
    }
}
