using AutopilotPortal.Core.Security;
using System.Diagnostics;
using System.Globalization;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Tests.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Benchmarks;

/// <summary>
/// <c>search</c>: DeviceService.ListAsync (Take 25) over N devices: serial prefixes, serial
/// substrings and the first page; then the query plans and the cost of each SQL command.
/// </summary>
internal static class SearchBenchmark
{
    private const double TargetPrefixP95 = 10;
    private const double TargetContainsP95 = 100;

    /// <summary>Beyond this the portal path would take too long to seed and the bulk seeder takes over.</summary>
    private static readonly TimeSpan PortalSeedBudget = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var devices = options.Int("devices", 1_000_000);
        var queries = options.Int("queries", 200);
        var folder = Path.Combine(Path.GetTempPath(), "autopilot-bench");
        System.IO.Directory.CreateDirectory(folder);
        var database = Path.Combine(folder, $"search-{devices}.db");

        var existing = !options.Flag("fresh") ? await BenchDatabase.CountDevicesAsync(database) : -1;
        if (existing == devices)
        {
            Console.WriteLine($"search: reusing {BenchDatabase.Describe(database)} ({devices:N0} devices)");
        }
        else
        {
            await SeedAsync(database, devices, options.Int("seed-with-portal", 5_000));
        }

        if (!BenchDatabase.OnPostgres)
        {
            // On PostgreSQL the bulk seeder writes through the portal's own staging and bulk writer.
            await CompareShapesAsync(database);
        }

        var capture = new SqlCapture();
        await using var services = await PortalHost.StartAsync(database, capture: capture);
        var list = services.GetRequiredService<DeviceService>();
        var serials = await BenchReads.SampleSerialsAsync(database, 3 * queries + 60);
        var random = new Random(42);

        string Prefix(string s) => s[..Math.Min(s.Length, random.Next(4, 7))];
        string Middle(string s)
        {
            var length = Math.Min(random.Next(3, 6), s.Length - 2);
            return s.Substring(random.Next(1, s.Length - length), length);
        }

        // Warm-up: JIT, EF's query cache, SQLite's page cache.
        for (var i = 0; i < 20; i++)
        {
            await list.ListAsync(PortalCaller.System, new DeviceListQuery(Prefix(serials[i]), SerialMatch.StartsWith));
            await list.ListAsync(PortalCaller.System, new DeviceListQuery(Middle(serials[i + 20]), SerialMatch.Contains));
            await list.ListAsync(PortalCaller.System, new DeviceListQuery());
        }

        var prefix = await MeasureAsync(list, serials.Skip(60).Take(queries).Select(s => new DeviceListQuery(Prefix(s), SerialMatch.StartsWith)).ToList());
        var contains = await MeasureAsync(list, serials.Skip(60 + queries).Take(queries).Select(s => new DeviceListQuery(Middle(s), SerialMatch.Contains)).ToList());
        var firstPage = await MeasureAsync(list, Enumerable.Range(0, queries).Select(_ => new DeviceListQuery()).ToList());

        Console.WriteLine();
        Console.WriteLine($"DeviceService.ListAsync on {BenchDatabase.ProviderLabel}, Take=25, {devices:N0} devices, {queries} queries each (after 20 warm-up), ms");
        Console.WriteLine($"{"query",-34} {"p50",8} {"p95",8} {"p99",8} {"max",8} {"avg total",11}");
        Row("serial starts with (4-6 chars)", prefix);
        Row("serial contains (3-5 chars)", contains);
        Row("first page (no search, by serial)", firstPage);
        Console.WriteLine();
        Console.WriteLine($"target prefix p95 <= {TargetPrefixP95} ms: {(prefix.P(95) <= TargetPrefixP95 ? "met" : "MISSED")} ({prefix.P(95):N1})");
        Console.WriteLine($"target contains p95 <= {TargetContainsP95} ms: {(contains.P(95) <= TargetContainsP95 ? "met" : "MISSED")} ({contains.P(95):N1})");

        // Every column the list sorts by, both ways: the first page and a page deep in the list.
        Console.WriteLine();
        Console.WriteLine($"sorted pages (no search), 5 of each after 1 warm-up, ms");
        Console.WriteLine($"{"query",-34} {"p50",8} {"p95",8} {"p99",8} {"max",8} {"avg total",11}");
        foreach (var column in Enum.GetValues<DeviceSortColumn>())
        {
            foreach (var descending in new[] { false, true })
            {
                var sortQueries = Enumerable.Range(0, 6).Select(i => new DeviceListQuery(SortBy: column, Descending: descending, Skip: i % 2 == 0 ? 0 : 2_500)).ToList();
                await list.ListAsync(PortalCaller.System, sortQueries[0]);
                Row($"{column} {(descending ? "desc" : "asc")} (page 1, page 101)", await MeasureAsync(list, sortQueries.Skip(1).ToList()));
            }
        }

        await FiltersAsync(list);
        await ExplainAsync(list, capture, database, Prefix(serials[0]), Middle(serials[1]));
        await MatchingAtScaleAsync(services, capture, database, devices);
        return prefix.P(95) <= TargetPrefixP95 && contains.P(95) <= TargetContainsP95 ? 0 : 3;
    }

    /// <summary>
    /// The list's filters, each alone and two together, with the first page and its count: values
    /// taken from a sample of the list (the most common of each column), so each filter matches many.
    /// </summary>
    private static async Task FiltersAsync(DeviceService list)
    {
        var sample = (await list.ListAsync(PortalCaller.System, new DeviceListQuery(Take: 500, Skip: 1_000))).Items;
        static T? Common<T>(IEnumerable<T?> values) => values.Where(v => v is not null).GroupBy(v => v).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault();
        var tag = Common(sample.Select(d => d.GroupTag));
        var manufacturer = Common(sample.Select(d => d.Manufacturer));
        var model = Common(sample.Select(d => d.Model));
        var order = Common(sample.Select(d => d.PurchaseOrder));
        var status = sample.GroupBy(d => d.ProfileStatus).OrderByDescending(g => g.Count()).First().Key;
        var state = sample.GroupBy(d => d.EnrollmentState).OrderByDescending(g => g.Count()).First().Key;
        var contacted = sample.Where(d => d.LastContacted is not null).Select(d => d.LastContacted!.Value).Order().ToList();
        var cases = new List<(string, DeviceFilters)>
        {
            ($"group tag = {tag}", new DeviceFilters { GroupTag = tag }),
            ($"profile status = {status}", new DeviceFilters { ProfileStatus = status }),
            ($"enrollment state = {state}", new DeviceFilters { EnrollmentState = state }),
            ($"manufacturer = {manufacturer}", new DeviceFilters { Manufacturer = manufacturer }),
            ($"model = {model}", new DeviceFilters { Model = model }),
            ($"purchase order = {order}", new DeviceFilters { PurchaseOrder = order }),
            ("group tag + enrollment state", new DeviceFilters { GroupTag = tag, EnrollmentState = state }),
        };
        if (contacted.Count > 1)
        {
            cases.Add(("last contacted in a range", new DeviceFilters { LastContactedFrom = contacted[0], LastContactedTo = contacted[contacted.Count / 2] }));
        }

        Console.WriteLine();
        Console.WriteLine("filtered first pages with their count (by serial), 5 of each after 1 warm-up, ms");
        Console.WriteLine($"{"query",-34} {"p50",8} {"p95",8} {"p99",8} {"max",8} {"avg total",11}");
        foreach (var (name, filters) in cases)
        {
            var queries = Enumerable.Range(0, 6).Select(_ => new DeviceListQuery { Filters = filters }).ToList();
            var first = await list.ListAsync(PortalCaller.System, queries[0]);
            Row($"{name} ({first.TotalCount:N0})", await MeasureAsync(list, queries.Skip(1).ToList()));
        }
    }

    private static async Task SeedAsync(string database, int devices, int portalSample)
    {
        BenchDatabase.Delete(database);
        Console.WriteLine($"search: building {BenchDatabase.Describe(database)} with {devices:N0} devices");
        var sample = Math.Min(devices, portalSample);
        double portalRate;
        await using (var services = await PortalHost.StartAsync(database))
        {
            var seeder = services.GetRequiredService<DemoSeeder>();
            await seeder.SeedAsync(Math.Min(sample, 1_000)); // warm-up (JIT, EF model) inside the sample
            var watch = Stopwatch.StartNew();
            await seeder.SeedAsync(sample);
            watch.Stop();
            var seeded = sample - Math.Min(sample, 1_000);
            portalRate = seeded > 0 ? seeded / watch.Elapsed.TotalSeconds : double.NaN;
            var projected = TimeSpan.FromSeconds(devices / portalRate);
            Console.WriteLine($"  DemoSeeder.SeedAsync (the real registration path): devices {Math.Min(sample, 1_000):N0}..{sample:N0} at {portalRate:N0} devices/s; "
                + $"{devices:N0} would take about {projected.TotalMinutes:N1} min (more: matching looks up every batch, see below)");
            if (projected <= PortalSeedBudget || sample >= devices)
            {
                watch.Restart();
                await seeder.SeedAsync(devices);
                Console.WriteLine($"  DemoSeeder seeded {devices:N0} in {watch.Elapsed.TotalSeconds:N0} s");
                return;
            }
        }

        BenchDatabase.ClearPools();
        Console.WriteLine($"  over the {PortalSeedBudget.TotalMinutes:N0}-minute budget: bulk seeder for devices {sample:N0}..{devices:N0}");
        var bulk = Stopwatch.StartNew();
        await BulkSeeder.SeedAsync(database, sample, devices);
        bulk.Stop();
        Console.WriteLine($"  bulk seeded {devices - sample:N0} devices in {bulk.Elapsed.TotalSeconds:N0} s ({(devices - sample) / bulk.Elapsed.TotalSeconds:N0} devices/s)");
    }

    /// <summary>The first row (written by DemoSeeder through EF) and the last (bulk seeder) must have the same column types and forms.</summary>
    private static async Task CompareShapesAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database}");
        await connection.OpenAsync();
        foreach (var table in new[] { "DdsRegistrations", "DirectoryDevices", "IntuneAutopilotDevices" })
        {
            var columns = new List<string>();
            await using (var info = connection.CreateCommand())
            {
                info.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
                await using var reader = await info.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    columns.Add(reader.GetString(0));
                }
            }

            // Type of every column, and the text with letters and digits masked (GUID case, date form, JSON shape).
            var shape = string.Join(" || '|' || ", columns.Select(c =>
                $"typeof(\"{c}\") || ':' || CASE WHEN typeof(\"{c}\") = 'text' AND length(\"{c}\") < 80 THEN "
                + Mask(c)
                + " ELSE '' END"));
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT (SELECT {shape} FROM \"{table}\" ORDER BY rowid LIMIT 1), (SELECT {shape} FROM \"{table}\" ORDER BY rowid DESC LIMIT 1)";
            await using var rows = await command.ExecuteReaderAsync();
            await rows.ReadAsync();
            var viaEf = rows.GetString(0);
            var viaBulk = rows.GetString(1);
            var differences = columns.Zip(viaEf.Split('|').Zip(viaBulk.Split('|')))
                .Where(c => c.Second.First != c.Second.Second && !IsFreeText(c.First))
                .Select(c => $"{c.First}: EF '{c.Second.First}' vs bulk '{c.Second.Second}'").ToList();
            Console.WriteLine(differences.Count == 0
                ? $"  shape check {table}: same column types and value forms for the EF-written and bulk-written rows"
                : $"  shape check {table}: DIFFERENT {string.Join("; ", differences)}");
        }
    }

    /// <summary>Hex digits (either case kept apart) masked, so GUID case and form, date form and JSON shape compare.</summary>
    private static string Mask(string column)
    {
        var sql = $"\"{column}\"";
        foreach (var c in "0123456789ABCDEF")
        {
            sql = $"replace({sql}, '{c}', 'H')";
        }

        foreach (var c in "abcdef")
        {
            sql = $"replace({sql}, '{c}', 'h')";
        }

        // Runs of digits collapse to one: a stored time drops its fraction's trailing zeros
        // (EF's FFFFFFF), so its length depends on the value, not on how the row was written.
        for (var pass = 0; pass < 4; pass++)
        {
            sql = $"replace(replace({sql}, 'HH', 'H'), 'hh', 'h')";
        }

        return sql;
    }

    private static bool IsFreeText(string column) => column is "SerialNumber" or "SerialKey" or "Model" or "DisplayName" or "Manufacturer"
        or "SkuNumber" or "SystemFamily" or "GroupTag" or "OrderId" or "HardwareHash" or "ProductKeyId" or "ProductKey" or "TpmKeyHash" or "HardwareKey" or "PhysicalIds";

    private static async Task<Timings> MeasureAsync(DeviceService list, IReadOnlyList<DeviceListQuery> queries)
    {
        var times = new List<double>(queries.Count);
        long totals = 0;
        foreach (var query in queries)
        {
            var watch = Stopwatch.StartNew();
            var page = await list.ListAsync(PortalCaller.System, query);
            times.Add(watch.Elapsed.TotalMilliseconds);
            totals += page.TotalCount;
        }

        return new Timings(times, queries.Count == 0 ? 0 : (double)totals / queries.Count);
    }

    private static void Row(string name, Timings t) =>
        Console.WriteLine($"{name,-34} {t.P(50),8:N1} {t.P(95),8:N1} {t.P(99),8:N1} {t.Max,8:N1} {t.AverageTotal,11:N0}");

    /// <summary>The SQL each kind of search sends, its plan, and what each command costs alone.</summary>
    private static async Task ExplainAsync(DeviceService list, SqlCapture capture, string database, string prefix, string middle)
    {
        Console.WriteLine();
        Console.WriteLine("Why: the commands ListAsync sends, their plans, and each command's median over 15 runs (raw ADO.NET)");
        await using var connection = await BenchDatabase.OpenAsync(database);
        foreach (var (label, query) in new[]
        {
            ($"starts with '{prefix}'", new DeviceListQuery(prefix, SerialMatch.StartsWith)),
            ($"contains '{middle}'", new DeviceListQuery(middle, SerialMatch.Contains)),
            ("first page", new DeviceListQuery()),
        })
        {
            capture.Clear();
            capture.Enabled = true;
            await list.ListAsync(PortalCaller.System, query);
            capture.Enabled = false;
            Console.WriteLine($"-- {label}");
            foreach (var command in capture.Commands)
            {
                Console.WriteLine("   " + string.Join(" ", command.Sql.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
                foreach (var line in await QueryLinesAsync(connection, Explain + command.Sql, command.Parameters))
                {
                    Console.WriteLine("     plan: " + line);
                }

                Console.WriteLine($"     median {await MedianAsync(connection, command.Sql, command.Parameters):N1} ms");
            }
        }

        if (BenchDatabase.OnPostgres)
        {
            return;
        }

        // What a capped count would cost (the page shows "1,000+" past the cap).
        Console.WriteLine("-- experiments (not in the portal):");
        var tenant = TestTenant.Id;
        var capped = "SELECT COUNT(*) FROM (SELECT 1 FROM IntuneAutopilotDevices AS i WHERE i.TenantId = @t AND instr(i.SerialKey, @term) > 0 LIMIT 1001)";
        Console.WriteLine($"   contains '{middle}', count capped at 1,001: median {await MedianAsync(connection, capped, [("@t", tenant), ("@term", middle)]):N1} ms");
        var cappedAll = "SELECT COUNT(*) FROM (SELECT 1 FROM IntuneAutopilotDevices AS i WHERE i.TenantId = @t LIMIT 1001)";
        Console.WriteLine($"   first page, count capped at 1,001: median {await MedianAsync(connection, cappedAll, [("@t", tenant)]):N1} ms");
        var rare = "ZZZ";
        Console.WriteLine($"   contains '{rare}' (few matches): uncapped count median {await MedianAsync(connection, "SELECT COUNT(*) FROM IntuneAutopilotDevices AS i WHERE i.TenantId = @t AND instr(i.SerialKey, @term) > 0", [("@t", tenant), ("@term", rare)]):N1} ms, "
            + $"page median {await MedianAsync(connection, "SELECT i.Id FROM IntuneAutopilotDevices AS i WHERE i.TenantId = @t AND instr(i.SerialKey, @term) > 0 ORDER BY i.SerialKey, i.Id LIMIT 25", [("@t", tenant), ("@term", rare)]):N1} ms");
    }

    /// <summary>Matching (FindCandidatesAsync) against a large DDS: a dry run of 500 new devices, nothing written.</summary>
    private static async Task MatchingAtScaleAsync(ServiceProvider services, SqlCapture capture, string database, int devices)
    {
        var registration = services.GetRequiredService<DeviceRegistrationService>();
        var rows = Enumerable.Range(0, 500)
            .Select(i => RegistrationValidator.Prepare(new RegistrationRequest(i + 1, null, null,
                HardwareHashBuilder.Synthetic(new Random(50_000_000 + i)).Build())))
            .ToList();
        capture.Clear();
        capture.Enabled = true;
        await registration.RegisterAsync(TestTenant.Id, rows.Take(10).ToList(), dryRun: true);
        capture.Enabled = false;
        var watch = Stopwatch.StartNew();
        await registration.RegisterAsync(TestTenant.Id, rows, dryRun: true);
        watch.Stop();
        Console.WriteLine();
        Console.WriteLine($"matching at scale: RegisterAsync(dryRun) of one 500-row batch against {devices:N0} registrations: {watch.Elapsed.TotalMilliseconds:N0} ms "
            + $"({500 / watch.Elapsed.TotalSeconds:N0} rows/s before any write)");
        await using var connection = await BenchDatabase.OpenAsync(database);
        foreach (var command in capture.Commands)
        {
            Console.WriteLine("   " + string.Join(" ", command.Sql.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)));
            foreach (var line in await QueryLinesAsync(connection, Explain + command.Sql, command.Parameters))
            {
                Console.WriteLine("     plan: " + line);
            }
        }
    }

    /// <summary>The provider's plan of a query: SQLite's one line a step, PostgreSQL's tree a line a node.</summary>
    private static string Explain => BenchDatabase.OnPostgres ? "EXPLAIN " : "EXPLAIN QUERY PLAN ";

    private static async Task<double> MedianAsync(System.Data.Common.DbConnection connection, string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        var times = new List<double>();
        for (var i = 0; i < 16; i++)
        {
            var watch = Stopwatch.StartNew();
            await QueryLinesAsync(connection, sql, parameters);
            if (i > 0)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        return new Timings(times, 0).P(50);
    }

    private static async Task<List<string>> QueryLinesAsync(System.Data.Common.DbConnection connection, string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            (parameter.ParameterName, parameter.Value) = (name, value ?? DBNull.Value);
            command.Parameters.Add(parameter);
        }

        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.FieldCount >= 4 ? Convert.ToString(reader.GetValue(3), CultureInfo.InvariantCulture)! : Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }

        return lines;
    }

    private sealed record Timings(List<double> Times, double AverageTotal)
    {
        public double Max => Times.Count == 0 ? 0 : Times.Max();

        public double P(int percentile)
        {
            if (Times.Count == 0)
            {
                return 0;
            }

            var sorted = Times.Order().ToList();
            var index = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
            return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
        }
    }
}
