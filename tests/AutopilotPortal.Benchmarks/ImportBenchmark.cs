using AutopilotPortal.Core.Security;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Data.Sqlite;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Import.Csv;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Tests.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Benchmarks;

/// <summary>
/// <c>import</c>: writes a Windows-style CSV, then runs the floor (<c>import-floor</c>) and the
/// portal (<c>import-portal</c>) each in a fresh child process, so neither's allocations or
/// warm caches pollute the other's figures, and prints both.
/// </summary>
internal static class ImportBenchmark
{
    private const double TargetRowsPerSecond = 10_000;
    private const double TargetPeakMegabytes = 300;
    private const int FirstSeed = 1_000_000;
    private const int WarmupRows = 1_000;

    /// <summary>Warm-up files of <see cref="WarmupRows"/> other devices each, loaded before the measured file.</summary>
    private const int WarmupFiles = 3;

    private const int WarmupTotal = WarmupRows * WarmupFiles;

    /// <summary>
    /// The wait after each warm-up load: .NET counts calls to a method only once no new method has been
    /// compiled for a while, then compiles the ones called often again, optimized, on a background thread
    /// (tiered compilation). Without the waits that work and the slower first code land in the measured import.
    /// </summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var rows = options.Int("rows", 10_000);
        var folder = Path.Combine(Path.GetTempPath(), "autopilot-bench", $"import-{Environment.ProcessId}");
        System.IO.Directory.CreateDirectory(folder);
        try
        {
            var csv = Path.Combine(folder, $"devices-{rows}.csv");
            var generate = Stopwatch.StartNew();
            var bytes = DeviceCsvWriter.WriteIntuneCsv(csv, rows, FirstSeed);
            Console.WriteLine($"import: {rows:N0} rows, UTF-16LE with BOM, CRLF, full 4000-char hashes: {bytes / 1048576.0:N1} MB written in {generate.Elapsed.TotalSeconds:N1} s ({csv})");

            // Both sides first load small files of other devices, unmeasured, and wait for the runtime
            // to finish optimizing: the figure is the steady rate of a running portal, not the JIT and
            // query compilation of a cold process. The cold figure is measured too, in a third process.
            for (var k = 0; k < WarmupFiles; k++)
            {
                DeviceCsvWriter.WriteIntuneCsv(WarmupPaths(csv)[k], WarmupRows, FirstSeed + rows + 1 + (k * WarmupRows));
            }

            var floor = await RunChildAsync("import-floor", csv, Path.Combine(folder, "floor.db"), Path.Combine(folder, "floor.json"), options);
            var portal = await RunChildAsync("import-portal", csv, Path.Combine(folder, "portal.db"), Path.Combine(folder, "portal.json"), options);
            var cold = await RunChildAsync("import-portal", csv, Path.Combine(folder, "cold.db"), Path.Combine(folder, "cold.json"), options, "--cold");
            if (floor is null || portal is null || cold is null)
            {
                Console.Error.WriteLine("import: a child process failed; see its output above.");
                return 1;
            }

            Print(rows, floor, portal, cold);
            var ok = portal.Verified == rows && floor.Verified == rows
                && portal.RowsPerSecond >= TargetRowsPerSecond && portal.PeakWorkingSetMegabytes < TargetPeakMegabytes;
            return ok ? 0 : 3;
        }
        finally
        {
            if (!options.Flag("keep"))
            {
                foreach (var name in new[] { "floor.db", "portal.db", "cold.db", "engine.db" })
                {
                    BenchDatabase.Delete(Path.Combine(folder, name));
                }

                System.IO.Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>
    /// Parse with the portal's reader, decode, and insert the same three rows per device in one transaction: on SQLite
    /// with raw prepared ADO.NET; on PostgreSQL with the portal's own staging and one binary COPY per table for the whole
    /// file. No matching, no row results, no groups.
    /// </summary>
    public static async Task<int> RunFloorAsync(BenchOptions options)
    {
        var (csv, database, resultPath) = ChildPaths(options);
        BenchDatabase.Delete(database);

        // The schema is migrated by the portal so that the floor writes the same tables and indexes.
        await using var services = await PortalHost.StartAsync(database);
        if (BenchDatabase.OnPostgres)
        {
            var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
            return await MeasureFloorAsync(csv, database, resultPath, "floor (CsvHelper reader + binary COPY)", "stage + COPY", path => LoadByCopyAsync(factory, path));
        }

        BenchDatabase.ClearPools();
        var status = await MeasureFloorAsync(csv, database, resultPath, "floor (CsvHelper reader + raw ADO.NET)", "raw inserts", path => LoadRawAsync(database, path));
        if (status != 0)
        {
            return status;
        }

        // The engine's own floor: the rows the raw floor wrote, copied by SQLite itself into a new
        // database of the same schema with every index, then indexed and counted as the writers do.
        var engineDatabase = Path.Combine(Path.GetDirectoryName(database)!, "engine.db");
        BenchDatabase.Delete(engineDatabase);
        await (await PortalHost.StartAsync(engineDatabase)).DisposeAsync();

        BenchDatabase.ClearPools();
        var (copied, seconds) = await CopyByEngineAsync(database, engineDatabase);
        BenchDatabase.Delete(engineDatabase);
        var floorResult = JsonSerializer.Deserialize<ImportResult>(await File.ReadAllTextAsync(resultPath))!;
        await File.WriteAllTextAsync(resultPath, JsonSerializer.Serialize(floorResult with { EngineRows = copied, EngineSeconds = seconds }));
        return 0;
    }

    /// <summary>
    /// SQLite's INSERT … SELECT of every device's three rows from <paramref name="source"/> into
    /// <paramref name="target"/> (migrated, empty), then the writers' index step over them, in one transaction.
    /// </summary>
    private static async Task<(int Rows, double Seconds)> CopyByEngineAsync(string source, string target)
    {
        await using var connection = new SqliteConnection($"Data Source={target}");
        await connection.OpenAsync();
        await using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=10000; ATTACH DATABASE $source AS src;";
            setup.Parameters.AddWithValue("$source", source);
            await setup.ExecuteNonQueryAsync();
        }

        var watch = Stopwatch.StartNew();
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using (var copy = connection.CreateCommand())
        {
            copy.Transaction = transaction;
            copy.CommandText = """
                INSERT INTO main."DdsRegistrations" SELECT * FROM src."DdsRegistrations";
                INSERT INTO main."DirectoryDevices" SELECT * FROM src."DirectoryDevices";
                INSERT INTO main."IntuneAutopilotDevices" SELECT * FROM src."IntuneAutopilotDevices";
                """;
            await copy.ExecuteNonQueryAsync();
        }

        string ids;
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = """SELECT json_group_array("Id") FROM main."IntuneAutopilotDevices";""";
            ids = (string)(await read.ExecuteScalarAsync())!;
        }

        await using (var index = connection.CreateCommand())
        {
            index.Transaction = transaction;
            index.CommandText = IntuneRowIndexes.IndexRowsSql;
            index.Parameters.AddWithValue("$ids", ids);
            await index.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        watch.Stop();
        await using var count = connection.CreateCommand();
        count.CommandText = """SELECT count(*) FROM main."IntuneAutopilotDevices";""";
        var rows = Convert.ToInt32(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        return (rows, watch.Elapsed.TotalSeconds);
    }

    /// <summary>The floor's measured frame: parsing alone, the warm-up files, then the file with memory sampled.</summary>
    private static async Task<int> MeasureFloorAsync(string csv, string database, string resultPath, string name, string insertLabel,
        Func<string, Task<(int Rows, long Prepare, long Insert)>> load)
    {
        // Parsing alone, for reference: the reader's share of either figure.
        var parse = Stopwatch.StartNew();
        var parsed = 0;
        await using (var reader = await DeviceCsvReader.OpenAsync(OpenCsv(csv)))
        {
            await foreach (var _ in reader.ReadRowsAsync())
            {
                parsed++;
            }
        }

        parse.Stop();
        foreach (var warmup in WarmupPaths(csv))
        {
            await load(warmup);
            await Task.Delay(Settle);
        }

        var baseline = SettledWorkingSet();
        await using var sampler = new MemorySampler();
        var watch = Stopwatch.StartNew();
        var (rows, prepare, insert) = await load(csv);
        watch.Stop();
        await sampler.StopAsync();

        var verified = (int)await BenchDatabase.CountDevicesAsync(database) - WarmupTotal;
        var result = new ImportResult(name, rows, verified, watch.Elapsed.TotalSeconds, parsed, parse.Elapsed.TotalSeconds,
            baseline, sampler.PeakWorkingSet, Process.GetCurrentProcess().PeakWorkingSet64, sampler.PeakManaged,
            $"decode/validate (RegistrationValidator.Prepare) {Stopwatch.GetElapsedTime(0, prepare).TotalSeconds:N2} s, {insertLabel} {Stopwatch.GetElapsedTime(0, insert).TotalSeconds:N2} s");
        await File.WriteAllTextAsync(resultPath, JsonSerializer.Serialize(result));
        return 0;
    }

    /// <summary>Each row decoded and written as it is read, with raw prepared ADO.NET, in one transaction.</summary>
    private static async Task<(int Rows, long Prepare, long Insert)> LoadRawAsync(string database, string path)
    {
        var rows = 0;
        long prepare = 0, insert = 0;
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            // The same connection settings the portal's connections get (SqlitePragmaInterceptor).
            pragma.CommandText = "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; PRAGMA wal_autocheckpoint=10000;";
            await pragma.ExecuteNonQueryAsync();
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        using var writer = new RawRegistrationWriter(connection, transaction);
        var now = DateTime.UtcNow;
        await foreach (var (prepared, ticks) in ReadPreparedAsync(path))
        {
            rows++;
            prepare += ticks;
            var t1 = Stopwatch.GetTimestamp();
            if (prepared.Error is null)
            {
                writer.Write(TestTenant.Id, prepared, now);
            }

            insert += Stopwatch.GetTimestamp() - t1;
        }

        var index = Stopwatch.GetTimestamp();
        writer.Complete();
        insert += Stopwatch.GetTimestamp() - index;
        await transaction.CommitAsync();
        return (rows, prepare, insert);
    }

    /// <summary>Every row decoded first, then staged as the portal stages them and copied, one COPY per table, in one transaction.</summary>
    private static async Task<(int Rows, long Prepare, long Insert)> LoadByCopyAsync(IDbContextFactory<PortalDbContext> factory, string path)
    {
        var rows = 0;
        long prepare = 0;
        var valid = new List<PreparedRegistration>();
        await foreach (var (prepared, ticks) in ReadPreparedAsync(path))
        {
            rows++;
            prepare += ticks;
            if (prepared.Error is null)
            {
                valid.Add(prepared);
            }
        }

        var t1 = Stopwatch.GetTimestamp();
        await using var db = await factory.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await BenchRows.CopyAsync(db, RegistrationStaging.StageAll(TestTenant.Id, valid, DateTime.UtcNow, RegistrationLayouts.For(db), RegistrationSource.CsvImport));
        await transaction.CommitAsync();
        return (rows, prepare, Stopwatch.GetTimestamp() - t1);
    }

    /// <summary>The file's rows, each decoded and validated as the portal does, with the ticks that took.</summary>
    private static async IAsyncEnumerable<(PreparedRegistration Row, long Ticks)> ReadPreparedAsync(string path)
    {
        await using var reader = await DeviceCsvReader.OpenAsync(OpenCsv(path));
        await foreach (var row in reader.ReadRowsAsync())
        {
            var t0 = Stopwatch.GetTimestamp();
            var prepared = RegistrationValidator.Prepare(new RegistrationRequest(row.LineNumber, row.SerialNumber, row.ProductKey,
                row.HardwareHash, row.GroupTag, row.AssignedUser));
            yield return (prepared, Stopwatch.GetTimestamp() - t0);
        }
    }

    /// <summary>The real thing: AddPortalCore, a migrated database, ImportService.ImportAsync over the file.</summary>
    public static async Task<int> RunPortalAsync(BenchOptions options)
    {
        var (csv, database, resultPath) = ChildPaths(options);
        BenchDatabase.Delete(database);
        var batch = options.String("batch") is null ? (int?)null : options.Int("batch", 500);
        var stats = options.Flag("profile") ? new SqlStats() : null;
        await using var services = await PortalHost.StartAsync(database, batch, stats);
        var import = services.GetRequiredService<ImportService>();
        var cold = options.Flag("cold");
        var warmed = cold ? 0 : WarmupTotal;
        if (!cold)
        {
            foreach (var warmup in WarmupPaths(csv))
            {
                await import.ImportAsync(PortalCaller.System, OpenCsv(warmup), Path.GetFileName(warmup));
                await Task.Delay(Settle);
            }
        }

        var baseline = SettledWorkingSet();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var collectionsBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var workItemsBefore = ThreadPool.CompletedWorkItemCount;
        var pausedBefore = GC.GetTotalPauseDuration();
        var (jittedBefore, jitTimeBefore) = (System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());
        var allocatedBefore = GC.GetTotalAllocatedBytes();
        ImportJob job;
        var watch = Stopwatch.StartNew();
        await using (var sampler = new MemorySampler())
        {
            job = await import.ImportAsync(PortalCaller.System, OpenCsv(csv), Path.GetFileName(csv));
            watch.Stop();
            await sampler.StopAsync();

            var factory = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
            await using var db = await factory.CreateDbContextAsync();
            var verified = await db.AutopilotDevices.CountAsync(d => d.TenantId == TestTenant.Id) - warmed;
            var registrations = await db.Registrations.CountAsync(r => r.TenantId == TestTenant.Id) - warmed;
            var directory = await db.DirectoryDevices.CountAsync(d => d.TenantId == TestTenant.Id) - warmed;
            var results = await db.ImportRowResults.CountAsync(r => r.ImportJobId == job.Id);
            var note = $"job {job.Status}: {job.TotalRows:N0} rows, {job.Registered:N0} registered, {job.Failed:N0} failed; "
                + $"tables: {registrations:N0} registrations, {directory:N0} directory objects, {verified:N0} Intune rows, {results:N0} row results";
            var result = new ImportResult(cold ? "portal, first import of a new process" : "portal (ImportService.ImportAsync)", job.TotalRows, verified, watch.Elapsed.TotalSeconds, 0, 0,
                baseline, sampler.PeakWorkingSet, Process.GetCurrentProcess().PeakWorkingSet64, sampler.PeakManaged, note);
            await File.WriteAllTextAsync(resultPath, JsonSerializer.Serialize(result));
        }

        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
        Console.WriteLine($"portal: {cpu:N2} s of CPU in {watch.Elapsed.TotalSeconds:N2} s ({cpu / watch.Elapsed.TotalSeconds:N1} cores busy); collections during the import: "
            + $"gen0 {GC.CollectionCount(0) - collectionsBefore.Item1}, gen1 {GC.CollectionCount(1) - collectionsBefore.Item2}, gen2 {GC.CollectionCount(2) - collectionsBefore.Item3}; "
            + $"paused {(GC.GetTotalPauseDuration() - pausedBefore).TotalSeconds:N2} s; {(GC.GetTotalAllocatedBytes() - allocatedBefore) / 1048576.0:N0} MB allocated; "
            + $"thread-pool work items {ThreadPool.CompletedWorkItemCount - workItemsBefore:N0}; "
            + $"methods compiled {System.Runtime.JitInfo.GetCompiledMethodCount() - jittedBefore:N0} in {(System.Runtime.JitInfo.GetCompilationTime() - jitTimeBefore).TotalSeconds:N2} s");
        if (stats is not null)
        {
            Console.WriteLine($"portal --profile: SQL time by statement kind, of {watch.Elapsed.TotalSeconds:N2} s wall:");
            foreach (var line in stats.Lines().Take(10))
            {
                Console.WriteLine("  " + line);
            }
        }

        return job.Status == ImportJobStatus.Completed ? 0 : 1;
    }

    private static void Print(int rows, ImportResult floor, ImportResult portal, ImportResult cold)
    {
        var ratio = portal.RowsPerSecond / floor.RowsPerSecond;
        Console.WriteLine();
        Console.WriteLine($"{"import of " + rows.ToString("N0", CultureInfo.InvariantCulture) + " rows, " + BenchDatabase.ProviderLabel,-42} {"rows",8} {"counted",8} {"seconds",8} {"rows/s",9} {"peak WS MB",11} {"OS peak MB",11} {"peak heap MB",13} {"WS before MB",13}");
        foreach (var r in new[] { floor, portal, cold })
        {
            Console.WriteLine($"{r.Name,-42} {r.Rows,8:N0} {r.Verified,8:N0} {r.Seconds,8:N2} {r.RowsPerSecond,9:N0} {Mb(r.PeakWorkingSet),11:N0} {Mb(r.OsPeakWorkingSet),11:N0} {Mb(r.PeakManaged),13:N0} {Mb(r.BaselineWorkingSet),13:N0}");
        }

        Console.WriteLine();
        Console.WriteLine($"floor, parsing alone (DeviceCsvReader, no decode, no insert): {floor.ParsedRows / floor.ParseSeconds:N0} rows/s ({floor.ParseSeconds:N2} s)");
        Console.WriteLine($"floor: {floor.Note}");
        Console.WriteLine($"portal: {portal.Note}");
        Console.WriteLine($"ratio portal/floor (rows/s, same run): {ratio:N2}  (floor is {1 / ratio:N1}x faster)");
        if (floor.EngineSeconds > 0)
        {
            var engine = floor.EngineRows / floor.EngineSeconds;
            Console.WriteLine($"engine floor (SQLite INSERT … SELECT of the floor's {floor.EngineRows:N0} devices, three rows each, into the same schema with every index, "
                + $"then the writers' index step): {engine:N0} rows/s ({floor.EngineSeconds:N2} s)");
            Console.WriteLine($"ratio portal/engine floor: {portal.RowsPerSecond / engine:N2}; floor (raw inserts)/engine floor: {floor.RowsPerSecond / engine:N2}; "
                + $"parse alone/engine floor: {floor.ParsedRows / floor.ParseSeconds / engine:N2}");
        }

        Console.WriteLine($"target portal >= {TargetRowsPerSecond:N0} rows/s: {(portal.RowsPerSecond >= TargetRowsPerSecond ? "met" : "MISSED")} ({portal.RowsPerSecond:N0}; "
            + $"after {WarmupFiles} warm-up imports of {WarmupRows:N0} rows, each followed by a {Settle.TotalSeconds:N0} s pause; a new process's first import: {cold.RowsPerSecond:N0})");
        Console.WriteLine($"target peak working set < {TargetPeakMegabytes:N0} MB during the portal import: {(portal.PeakWorkingSetMegabytes < TargetPeakMegabytes ? "met" : "MISSED")} ({portal.PeakWorkingSetMegabytes:N0} MB sampled, {Mb(portal.OsPeakWorkingSet):N0} MB OS peak for the whole child process)");
        Console.WriteLine($"all rows registered: portal {(portal.Verified == rows ? "yes" : "NO")} ({portal.Verified:N0}/{rows:N0}), floor {(floor.Verified == rows ? "yes" : "NO")} ({floor.Verified:N0}/{rows:N0})");
    }

    private static async Task<ImportResult?> RunChildAsync(string command, string csv, string database, string resultPath, BenchOptions options, params string[] extra)
    {
        var (fileName, prefix) = PortalHost.Self();
        var start = new ProcessStartInfo(fileName) { UseShellExecute = false };
        foreach (var arg in prefix)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var arg in new[] { command, "--csv", csv, "--db", database, "--result", resultPath })
        {
            start.ArgumentList.Add(arg);
        }

        if (options.Flag("profile") && command == "import-portal")
        {
            start.ArgumentList.Add("--profile");
        }

        if (options.String("batch") is { } batch)
        {
            start.ArgumentList.Add("--batch");
            start.ArgumentList.Add(batch);
        }

        foreach (var arg in extra)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        return File.Exists(resultPath) ? JsonSerializer.Deserialize<ImportResult>(await File.ReadAllTextAsync(resultPath)) : null;
    }

    private static string[] WarmupPaths(string csv) =>
        Enumerable.Range(1, WarmupFiles).Select(k => Path.Combine(Path.GetDirectoryName(csv)!, $"warmup-{k}.csv")).ToArray();

    private static (string Csv, string Database, string Result) ChildPaths(BenchOptions options) =>
        (options.String("csv") ?? throw new ArgumentException("--csv is required"),
         options.String("db") ?? throw new ArgumentException("--db is required"),
         options.String("result") ?? throw new ArgumentException("--result is required"));

    private static FileStream OpenCsv(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, useAsync: true);

    private static long SettledWorkingSet()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static double Mb(long bytes) => bytes / 1048576.0;
}

internal sealed record ImportResult(
    string Name,
    int Rows,
    int Verified,
    double Seconds,
    int ParsedRows,
    double ParseSeconds,
    long BaselineWorkingSet,
    long PeakWorkingSet,
    long OsPeakWorkingSet,
    long PeakManaged,
    string? Note)
{
    /// <summary>Devices the engine floor copied (SQLite only; 0 where it did not run).</summary>
    public int EngineRows { get; init; }

    /// <summary>How long the engine floor's copy and index step took.</summary>
    public double EngineSeconds { get; init; }

    public double RowsPerSecond => Rows / Seconds;

    public double PeakWorkingSetMegabytes => PeakWorkingSet / 1048576.0;
}
