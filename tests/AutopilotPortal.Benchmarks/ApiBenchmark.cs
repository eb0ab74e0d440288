using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AutopilotPortal.Core.ApiClients;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using static AutopilotPortal.Benchmarks.BenchReads;

namespace AutopilotPortal.Benchmarks;

/// <summary>
/// <c>api</c>: the Graph-shaped API over HTTP against the real host (its own process on 127.0.0.1, EF's command log
/// off), with a bearer token from the host's token endpoint for an API client made in the database.
/// Over <c>search</c>'s database: every device listed through <c>@odata.nextLink</c> (per-page times, no id twice,
/// the count equal to the database's), then serial filters (<c>contains</c> and <c>startswith</c>). Then, into a fresh
/// database, the <c>import</c> action with 1,000 full-size hashes per request, polled until every record reads
/// <c>complete</c>, beside <see cref="ImportService"/> importing a CSV of the same devices into another fresh database.
/// </summary>
internal static class ApiBenchmark
{
    private const string Devices = "beta/deviceManagement/windowsAutopilotDeviceIdentities";
    private const string Imported = "beta/deviceManagement/importedWindowsAutopilotDeviceIdentities";
    private const int ImportBatch = 1_000;
    private const int FirstImportSeed = 3_000_000;

    /// <summary>The wait after each warm-up import, as <see cref="ImportBenchmark"/> waits (tiered compilation).</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var devices = options.Int("devices", 1_000_000);
        var database = options.String("database") ?? Path.Combine(Path.GetTempPath(), "autopilot-bench", $"search-{devices}.db");
        var top = options.Int("top", 1_000);
        var queries = options.Int("queries", 50);
        var importRows = options.Int("import-rows", ImportBatch);
        if (!BenchDatabase.Exists(database))
        {
            Console.Error.WriteLine($"api: {BenchDatabase.Describe(database)} does not exist. Build it with: dotnet run -c Release --project tests/AutopilotPortal.Benchmarks -- search --devices {devices}");
            return 2;
        }

        if (importRows < 1 || importRows % ImportBatch != 0)
        {
            Console.Error.WriteLine($"api: --import-rows must be a multiple of {ImportBatch:N0} (one import action takes at most {ImportBatch:N0}).");
            return 2;
        }

        var count = await CountDevicesAsync(database);
        var serials = await SampleSerialsAsync(database, 2 * (queries + 5));
        Console.WriteLine($"api: {BenchDatabase.Describe(database)}, {count:N0} devices in tenant {TestTenant.Id}");
        var failed = false;

        var secret = await CreateClientAsync(database, PortalRole.Reader);
        var hostStart = Stopwatch.StartNew();
        await using (var host = await PortalProcess.StartAsync(database, logCommands: false))
        {
            Console.WriteLine($"  host {host.HostAssembly} at {host.BaseUrl} (started in {hostStart.Elapsed.TotalSeconds:N1} s)");
            using var http = await HttpAsync(host.BaseUrl, secret);
            failed |= !await ListEverythingAsync(http, top, count);
            await FiltersAsync(http, serials, queries);
            PrintHostProblems(host);
        }

        failed |= !await ImportAsync(importRows);
        return failed ? 3 : 0;
    }

    /// <summary>Pages through every device, following <c>@odata.nextLink</c> as it is.</summary>
    private static async Task<bool> ListEverythingAsync(HttpClient http, int top, long count)
    {
        // Warm-up: JIT and EF's query cache in the host, the first pages in SQLite's cache.
        string? next = $"{Devices}?$top={top}";
        for (var i = 0; i < 3 && next is not null; i++)
        {
            using var page = JsonDocument.Parse((await GetAsync(http, next)).Body);
            next = NextLink(page.RootElement);
        }

        long counted;
        using (var first = JsonDocument.Parse((await GetAsync(http, $"{Devices}?$top=1&$count=true")).Body))
        {
            counted = first.RootElement.GetProperty("@odata.count").GetInt64();
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var times = new List<double>();
        long bytes = 0, items = 0, duplicates = 0, oversized = 0;
        next = $"{Devices}?$top={top}";
        var total = Stopwatch.StartNew();
        while (next is not null)
        {
            var (body, ms) = await GetAsync(http, next);
            times.Add(ms);
            bytes += body.Length;
            using var page = JsonDocument.Parse(body);
            var value = page.RootElement.GetProperty("value");
            oversized += value.GetArrayLength() > top ? 1 : 0;
            foreach (var device in value.EnumerateArray())
            {
                items++;
                duplicates += ids.Add(device.GetProperty("id").GetString()!) ? 0 : 1;
            }

            next = NextLink(page.RootElement);
        }

        total.Stop();
        Console.WriteLine();
        Console.WriteLine($"GET {Devices}?$top={top}, following @odata.nextLink to the end, ms per page (request sent to last byte read)");
        Console.WriteLine($"{"",-44} {"p50",8} {"p95",8} {"max",8}");
        Row($"{times.Count:N0} pages", times);
        Console.WriteLine($"  {total.Elapsed.TotalSeconds:N1} s in all ({items / total.Elapsed.TotalSeconds:N0} devices/s, {bytes / 1048576.0:N0} MB of JSON, "
            + $"{bytes / (double)Math.Max(1, items):N0} bytes per device; the client's parsing included)");
        var ok = duplicates == 0 && items == count && ids.Count == count && counted == count && oversized == 0;
        Console.WriteLine($"  devices seen {items:N0}, distinct ids {ids.Count:N0}, ids seen twice {duplicates:N0}, pages over $top {oversized:N0}; "
            + $"database {count:N0}, @odata.count {counted:N0}: {(ok ? "every device once" : "MISMATCH")}");
        return ok;
    }

    /// <summary><c>contains</c> (3–5 characters from a serial's middle) and <c>startswith</c> (4–6 from its start), first page of each.</summary>
    private static async Task FiltersAsync(HttpClient http, IReadOnlyList<string> serials, int queries)
    {
        var random = new Random(42);
        string Middle(string s)
        {
            var length = Math.Min(random.Next(3, 6), s.Length - 2);
            return s.Substring(random.Next(1, s.Length - length), length);
        }

        string Prefix(string s) => s[..Math.Min(s.Length, random.Next(4, 7))];
        var contains = serials.Take(queries + 5).Select(s => ("contains", Middle(s))).ToList();
        var startsWith = serials.Skip(queries + 5).Take(queries + 5).Select(s => ("startswith", Prefix(s))).ToList();

        Console.WriteLine();
        Console.WriteLine($"GET {Devices}?$filter=…, first page (default $top, 1,000), {queries} of each after 5 warm-up, ms");
        Console.WriteLine($"{"",-44} {"p50",8} {"p95",8} {"max",8} {"avg rows",9}");
        foreach (var (name, terms) in new[] { ("contains(serialNumber,'…') 3-5 chars", contains), ("startswith(serialNumber,'…') 4-6 chars", startsWith) })
        {
            var times = new List<double>();
            long rows = 0, wrong = 0;
            for (var i = 0; i < terms.Count; i++)
            {
                var (function, term) = terms[i];
                var filter = Uri.EscapeDataString($"{function}(serialNumber,'{term.Replace("'", "''", StringComparison.Ordinal)}')");
                var (body, ms) = await GetAsync(http, $"{Devices}?$filter={filter}");
                if (i < 5)
                {
                    continue;
                }

                times.Add(ms);
                using var page = JsonDocument.Parse(body);
                foreach (var device in page.RootElement.GetProperty("value").EnumerateArray())
                {
                    rows++;
                    var serial = device.GetProperty("serialNumber").GetString() ?? string.Empty;
                    var matches = function == "contains"
                        ? serial.Contains(term, StringComparison.OrdinalIgnoreCase)
                        : serial.StartsWith(term, StringComparison.OrdinalIgnoreCase);
                    wrong += matches ? 0 : 1;
                }
            }

            Console.WriteLine($"{name,-44} {Percentile(times, 50),8:N1} {Percentile(times, 95),8:N1} {(times.Count == 0 ? 0 : times.Max()),8:N1} {rows / (double)Math.Max(1, times.Count),9:N0}"
                + (wrong == 0 ? string.Empty : $"  {wrong:N0} rows NOT MATCHING"));
        }
    }

    /// <summary>
    /// The import action into a fresh database, then <see cref="ImportService"/> over a CSV of the same devices into
    /// another: each first imports 1,000 other devices, unmeasured, and waits <see cref="Settle"/>.
    /// </summary>
    private static async Task<bool> ImportAsync(int rows)
    {
        var folder = Path.Combine(Path.GetTempPath(), "autopilot-bench", $"api-{Environment.ProcessId}");
        System.IO.Directory.CreateDirectory(folder);
        try
        {
            var warmupSeed = FirstImportSeed + rows;
            double apiSeconds, postSeconds;
            bool apiOk;
            var apiDatabase = Path.Combine(folder, "api.db");
            var secret = await CreateClientAsync(apiDatabase, PortalRole.Admin);
            await using (var host = await PortalProcess.StartAsync(apiDatabase, logCommands: false))
            {
                using var http = await HttpAsync(host.BaseUrl, secret);
                await PostImportAsync(http, warmupSeed, ImportBatch);
                await Task.Delay(Settle);

                // One import action per 1,000 devices, then reads of every record until each says complete.
                var bodies = Enumerable.Range(0, rows / ImportBatch).Select(b => ImportBody(FirstImportSeed, b * ImportBatch, ImportBatch)).ToList();
                var watch = Stopwatch.StartNew();
                var ids = new HashSet<string>(StringComparer.Ordinal);
                foreach (var body in bodies)
                {
                    foreach (var id in await PostImportAsync(http, body))
                    {
                        ids.Add(id);
                    }
                }

                postSeconds = watch.Elapsed.TotalSeconds;
                var (complete, other, polls) = await PollAsync(http, ids);
                watch.Stop();
                apiSeconds = watch.Elapsed.TotalSeconds;
                long listed;
                using (var devices = JsonDocument.Parse((await GetAsync(http, $"{Devices}?$top=1&$count=true")).Body))
                {
                    listed = devices.RootElement.GetProperty("@odata.count").GetInt64();
                }

                apiOk = ids.Count == rows && complete == rows && listed == rows + ImportBatch;
                Console.WriteLine();
                Console.WriteLine($"POST {Imported}/import, {rows:N0} devices in {rows / ImportBatch:N0} request(s) of {ImportBatch:N0}, full 4000-char hashes, into a fresh database");
                Console.WriteLine($"  records {ids.Count:N0}; after {polls} poll(s) {complete:N0} complete, {other:N0} not; devices listed {listed:N0} "
                    + $"(of which {ImportBatch:N0} warm-up): {(apiOk ? "all registered" : "MISMATCH")}");
                PrintHostProblems(host);
            }

            BenchDatabase.ClearPools();
            var csv = Path.Combine(folder, "devices.csv");
            var warmupCsv = Path.Combine(folder, "warmup.csv");
            DeviceCsvWriter.WriteIntuneCsv(csv, rows, FirstImportSeed);
            DeviceCsvWriter.WriteIntuneCsv(warmupCsv, ImportBatch, warmupSeed);
            ImportJob job;
            double csvSeconds;
            await using (var services = await PortalHost.StartAsync(Path.Combine(folder, "csv.db")))
            {
                var import = services.GetRequiredService<ImportService>();
                await using (var warmup = File.OpenRead(warmupCsv))
                {
                    await import.ImportAsync(PortalCaller.System, warmup, Path.GetFileName(warmupCsv));
                }

                await Task.Delay(Settle);
                await using var file = new FileStream(csv, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, useAsync: true);
                var watch = Stopwatch.StartNew();
                job = await import.ImportAsync(PortalCaller.System, file, Path.GetFileName(csv));
                csvSeconds = watch.Elapsed.TotalSeconds;
            }

            BenchDatabase.ClearPools();
            var csvOk = job.Status == ImportJobStatus.Completed && job.Registered == rows;
            var apiRate = rows / apiSeconds;
            var csvRate = rows / csvSeconds;
            Console.WriteLine();
            Console.WriteLine($"{"import of " + rows.ToString("N0", CultureInfo.InvariantCulture) + " devices, after 1,000 warm-up",-58} {"seconds",8} {"rows/s",9}");
            Console.WriteLine($"{"API: import action(s) + polls until every record complete",-58} {apiSeconds,8:N2} {apiRate,9:N0}");
            Console.WriteLine($"{"API: the import action(s) alone",-58} {postSeconds,8:N2} {rows / postSeconds,9:N0}");
            Console.WriteLine($"{"CSV: ImportService.ImportAsync, in process",-58} {csvSeconds,8:N2} {csvRate,9:N0}");
            Console.WriteLine($"  CSV job {job.Status}: {job.TotalRows:N0} rows, {job.Registered:N0} registered, {job.Failed:N0} failed");
            Console.WriteLine($"ratio API/CSV (rows/s, same run): {apiRate / csvRate:N2}");
            return apiOk && csvOk;
        }
        finally
        {
            BenchDatabase.ClearPools();
            System.IO.Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// Rows <paramref name="firstIndex"/> onwards of the CSV <see cref="DeviceCsvWriter.WriteIntuneCsv"/> writes from
    /// <paramref name="fileSeed"/>, each as the body <c>Get-WindowsAutopilotInfo -Online</c> sends for a device.
    /// </summary>
    private static byte[] ImportBody(int fileSeed, int firstIndex, int rows)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("importedWindowsAutopilotDeviceIdentities");
            for (var i = 0; i < rows; i++)
            {
                var (serial, hash, tag, user) = DeviceCsvWriter.Row(firstIndex + i, fileSeed);
                json.WriteStartObject();
                json.WriteString("@odata.type", "#microsoft.graph.importedWindowsAutopilotDeviceIdentity");
                json.WriteString("groupTag", tag);
                json.WriteString("serialNumber", serial);
                json.WriteString("productKey", string.Empty);
                json.WriteString("hardwareIdentifier", hash);
                json.WriteString("assignedUserPrincipalName", user);
                json.WriteStartObject("state");
                json.WriteString("@odata.type", "microsoft.graph.importedWindowsAutopilotDeviceIdentityState");
                json.WriteString("deviceImportStatus", "pending");
                json.WriteString("deviceRegistrationId", string.Empty);
                json.WriteNumber("deviceErrorCode", 0);
                json.WriteString("deviceErrorName", string.Empty);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static Task<List<string>> PostImportAsync(HttpClient http, int firstSeed, int rows) =>
        PostImportAsync(http, ImportBody(firstSeed, 0, rows));

    private static async Task<List<string>> PostImportAsync(HttpClient http, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync($"{Imported}/import", content);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {Imported}/import: {(int)response.StatusCode} {text}");
        }

        using var page = JsonDocument.Parse(text);
        return [.. page.RootElement.GetProperty("value").EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];
    }

    /// <summary>Reads every record (pages of 1,000, following <c>@odata.nextLink</c>) until each of <paramref name="ids"/> says complete.</summary>
    private static async Task<(int Complete, int Other, int Polls)> PollAsync(HttpClient http, HashSet<string> ids)
    {
        for (var poll = 1; ; poll++)
        {
            int complete = 0, pending = 0, other = 0;
            for (string? next = $"{Imported}?$top={ImportBatch}"; next is not null;)
            {
                using var page = JsonDocument.Parse((await GetAsync(http, next)).Body);
                foreach (var record in page.RootElement.GetProperty("value").EnumerateArray())
                {
                    if (!ids.Contains(record.GetProperty("id").GetString()!))
                    {
                        continue;
                    }

                    switch (record.GetProperty("state").GetProperty("deviceImportStatus").GetString())
                    {
                        case "complete":
                            complete++;
                            break;
                        case "unknown" or "pending":
                            pending++;
                            break;
                        default:
                            other++;
                            break;
                    }
                }

                next = NextLink(page.RootElement);
            }

            if (pending == 0 || poll >= 600)
            {
                return (complete, other + pending, poll);
            }

            await Task.Delay(100);
        }
    }

    /// <summary>An API client with <paramref name="role"/> in the database, made through the portal's own service (migrates a new file).</summary>
    private static async Task<ApiClientSecret> CreateClientAsync(string database, PortalRole role)
    {
        ApiClientSecret created;
        await using (var services = await PortalHost.StartAsync(database))
        {
            created = await services.GetRequiredService<ApiClientService>()
                .CreateAsync(PortalCaller.System, $"api-benchmark {Guid.NewGuid():N}", role, TimeSpan.FromDays(1));
        }

        BenchDatabase.ClearPools();
        return created;
    }

    /// <summary>A client with the bearer token the host's token endpoint gives for <paramref name="client"/> (client credentials).</summary>
    private static async Task<HttpClient> HttpAsync(Uri baseUrl, ApiClientSecret client)
    {
        var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromMinutes(10) };
        using var response = await http.PostAsync($"{TestTenant.Id}/oauth2/v2.0/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = client.Client.ClientId.ToString(),
            ["client_secret"] = client.Secret,
            ["scope"] = "https://graph.microsoft.com/.default",
        }));
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>One GET: the body and the milliseconds from sending the request to reading its last byte.</summary>
    private static async Task<(byte[] Body, double Milliseconds)> GetAsync(HttpClient http, string url)
    {
        var watch = Stopwatch.StartNew();
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsByteArrayAsync();
        var ms = watch.Elapsed.TotalMilliseconds;
        return response.IsSuccessStatusCode
            ? (body, ms)
            : throw new InvalidOperationException($"GET {url}: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
    }

    private static string? NextLink(JsonElement page) =>
        page.TryGetProperty("@odata.nextLink", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;

    private static void PrintHostProblems(PortalProcess host)
    {
        var problems = host.Log.Where(l => l.StartsWith("warn:", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal)).ToList();
        Console.WriteLine(problems.Count == 0 ? "  host log: no warnings or errors" : $"  host log: {problems.Count} warnings/errors; the last few:");
        foreach (var line in problems.TakeLast(5))
        {
            Console.WriteLine("    " + (line.Length > 400 ? line[..400] + "…" : line));
        }
    }

    private static void Row(string name, List<double> times) =>
        Console.WriteLine($"{name,-44} {Percentile(times, 50),8:N1} {Percentile(times, 95),8:N1} {(times.Count == 0 ? 0 : times.Max()),8:N1}");
}
