using System.Collections.Concurrent;
using System.Diagnostics;
using AutopilotPortal.Proxy;
using AutopilotPortal.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.Playwright;

namespace AutopilotPortal.Benchmarks;

/// <summary>
/// <c>cluster</c>: two host processes on one PostgreSQL database (search's, <c>search --devices N --provider postgres</c>
/// first) behind the repository's proxy, and N signed-in browser sessions (contexts of one headless Chromium, each with the
/// session cookie and its own sticky-instance cookie) that page and search the Devices list for a bounded time. Each
/// session repeats: type a serial prefix (the action ends when the table says it loaded that search and every visible
/// row starts with it), next page (ends when the first row changed), clear the search (ends when the unfiltered list is
/// back), with a random pause between actions. Printed: sessions per instance (the proxy's instance header on each
/// session's first page), actions and errors, p50/p95/max per action,
/// and each instance's working set before, at peak and at the end. Loopback only; every wait has a deadline.
/// </summary>
internal static class ClusterBenchmark
{
    private const float ActionTimeout = 30_000;
    private const string Rows = "[data-testid=devices-table] tbody tr [data-testid^=device-serial-]";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        if (!BenchDatabase.OnPostgres)
        {
            Console.Error.WriteLine("cluster: several instances share a PostgreSQL database; run with --provider postgres --postgres \"Host=…;Username=…\".");
            return 2;
        }

        var devices = options.Int("devices", 1_000_000);
        var sessions = options.Int("sessions", 200);
        var seconds = options.Int("seconds", 60);
        var pauseMs = options.Int("pause-ms", 3_000);
        var database = options.String("database") ?? Path.Combine(Path.GetTempPath(), "autopilot-bench", $"search-{devices}.db");
        if (!BenchDatabase.Exists(database))
        {
            Console.Error.WriteLine($"cluster: {BenchDatabase.Describe(database)} does not exist. Build it with: dotnet run -c Release --project tests/AutopilotPortal.Benchmarks -- search --devices {devices} --provider postgres --postgres …");
            return 2;
        }

        var count = await BenchDatabase.CountDevicesAsync(database);
        var serials = await BenchReads.SampleSerialsAsync(database, 200);
        await FirstPageBenchmark.EnsureReaderAsync(database);

        // No scheduled sync: one due at start would read every device on one instance during the load, which the
        // proxy's health checks then see as an instance too slow to answer. What a sync costs others is measured apart.
        string[] noSync = ["--Sync:Enabled", "false"];
        await using var first = await PortalProcess.StartAsync(database, logCommands: false, noSync);
        await using var second = await PortalProcess.StartAsync(database, logCommands: false, noSync);
        var instances = new[] { first, second };
        // The proxy's own warnings stay on (an instance marked unhealthy); a request redistributed from it is not news.
        string[] proxyArgs = ["--Proxy:Url", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning",
            "--Logging:LogLevel:Yarp.ReverseProxy.SessionAffinity", "Error", .. instances.SelectMany((host, i) => new[] { $"--Proxy:Instances:{i}", host.BaseUrl.ToString().TrimEnd('/') })];
        await using var proxy = PortalProxy.Create(proxyArgs);
        await proxy.StartAsync();
        var proxyUrl = new Uri(proxy.Urls.Single().TrimEnd('/') + "/");
        Console.WriteLine($"cluster: {BenchDatabase.Describe(database)}, {count:N0} devices; instances {first.BaseUrl} (pid {first.ProcessId}) and {second.BaseUrl} (pid {second.ProcessId}); proxy {proxyUrl}");

        using var playwright = await Playwright.CreateAsync();
        // The sessions share a few renderer processes: the client, not the portal, would otherwise fill a small machine.
        var launch = SystemChromium.LaunchOptions();
        launch.Args = [.. launch.Args ?? [], $"--renderer-process-limit={options.Int("renderers", 4)}"];
        await using var browser = await playwright.Chromium.LaunchAsync(launch);

        // Signed in once through the proxy; each session is a new context with that sign-in cookie (valid on either
        // instance: the key ring is in the database) and no instance cookie, so the proxy places it.
        string signedIn;
        await using (var login = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = proxyUrl.ToString() }))
        {
            var page = await login.NewPageAsync();
            await page.GotoAsync("account/login");
            await page.GetByLabel("User name").FillAsync(FirstPageBenchmark.ReaderName);
            await page.GetByLabel("Password").FillAsync(FirstPageBenchmark.ReaderPassword);
            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
            // Signed in: the browser leaves the login page for the overview.
            await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = ActionTimeout });
            var cookies = (await login.CookiesAsync()).Where(c => c.Name != PortalProxy.AffinityCookie).ToList();
            await login.ClearCookiesAsync();
            await login.AddCookiesAsync(cookies.Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite, Expires = c.Expires }));
            signedIn = await login.StorageStateAsync();
        }

        await using var memory = new InstanceMemory(instances.Select(i => i.ProcessId).ToArray());
        var baseline = memory.Current();

        // Open the sessions, eight at a time; each is ready when its first row is visible.
        var open = new List<double>();
        var pages = new IPage?[sessions];
        var contexts = new IBrowserContext?[sessions];
        var placedOn = new string?[sessions];
        var openErrors = 0;
        var ramp = Stopwatch.StartNew();
        using (var gate = new SemaphoreSlim(8))
        {
            await Task.WhenAll(Enumerable.Range(0, sessions).Select(async i =>
            {
                await gate.WaitAsync();
                try
                {
                    var context = await browser.NewContextAsync(new BrowserNewContextOptions
                    {
                        StorageState = signedIn,
                        BaseURL = proxyUrl.ToString(),
                        ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
                    });
                    context.SetDefaultTimeout(ActionTimeout);
                    contexts[i] = context;
                    var page = await context.NewPageAsync();
                    var watch = Stopwatch.StartNew();
                    var response = await page.GotoAsync("devices");
                    placedOn[i] = response?.Headers.GetValueOrDefault(PortalProxy.InstanceHeader.ToLowerInvariant());
                    await page.Locator(Rows).First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
                    await page.Locator("[data-testid=circuit][data-interactive=true]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
                    lock (open)
                    {
                        open.Add(watch.Elapsed.TotalMilliseconds);
                    }

                    pages[i] = page;
                }
                catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
                {
                    Interlocked.Increment(ref openErrors);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        ramp.Stop();
        var placed = placedOn.Where(p => p is not null).GroupBy(p => p!).ToDictionary(g => g.Key, g => g.Count());

        var afterOpen = memory.Current();
        Console.WriteLine($"  {pages.Count(p => p is not null)} of {sessions} sessions open in {ramp.Elapsed.TotalSeconds:N1} s ({openErrors} failed to open); "
            + $"by the proxy's {PortalProxy.InstanceHeader}: {string.Join(", ", placed.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}"))}");

        // The load: every open session acts until the deadline.
        var times = new ConcurrentDictionary<string, ConcurrentBag<double>>();
        var errors = new ConcurrentDictionary<string, int>();
        memory.ResetPeak();
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var load = Stopwatch.StartNew();
        await Task.WhenAll(pages.Select((page, i) => page is null ? Task.CompletedTask : ActAsync(page, new Random(i), serials, pauseMs, deadline, times, errors)));
        load.Stop();
        var peak = memory.Peak();
        var end = memory.Current();

        foreach (var context in contexts.OfType<IBrowserContext>())
        {
            await context.CloseAsync();
        }

        Console.WriteLine();
        Console.WriteLine($"{pages.Count(p => p is not null)} signed-in sessions through the proxy for {load.Elapsed.TotalSeconds:N0} s, pause 0–{pauseMs:N0} ms between actions, ms");
        Console.WriteLine($"{"action",-44} {"count",7} {"errors",7} {"p50",8} {"p95",8} {"max",8}");
        Console.WriteLine($"{"open /devices (first row, circuit)",-44} {open.Count,7:N0} {openErrors,7:N0} {BenchReads.Percentile(open, 50),8:N0} {BenchReads.Percentile(open, 95),8:N0} {(open.Count == 0 ? 0 : open.Max()),8:N0}");
        foreach (var kind in new[] { "search prefix (incl. 250 ms debounce)", "next page", "clear search", "reload after an error" })
        {
            var list = times.GetValueOrDefault(kind)?.ToList() ?? [];
            Console.WriteLine($"{kind,-44} {list.Count,7:N0} {errors.GetValueOrDefault(kind),7:N0} {BenchReads.Percentile(list, 50),8:N0} {BenchReads.Percentile(list, 95),8:N0} {(list.Count == 0 ? 0 : list.Max()),8:N0}");
        }

        var actions = times.Values.Sum(b => b.Count);
        Console.WriteLine($"actions {actions:N0} ({actions / load.Elapsed.TotalSeconds:N1}/s), errors {errors.Values.Sum():N0} (an error is an action past {ActionTimeout / 1000:N0} s or the page's error or reconnect UI)");
        Console.WriteLine();
        Console.WriteLine($"{"instance",-12} {"before MB",10} {"sessions open MB",17} {"peak MB",9} {"end MB",9} {"per session MB",15}");
        for (var i = 0; i < instances.Length; i++)
        {
            var sessionsHere = placed.GetValueOrDefault($"instance-{i}");
            var perSession = sessionsHere == 0 ? 0 : (afterOpen[i] - baseline[i]) / (double)sessionsHere;
            Console.WriteLine($"{"instance-" + i,-12} {Mb(baseline[i]),10:N0} {Mb(afterOpen[i]),17:N0} {Mb(peak[i]),9:N0} {Mb(end[i]),9:N0} {Mb((long)perSession),15:N2}");
        }

        Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
        return errors.Values.Sum() == 0 && openErrors == 0 ? 0 : 3;
    }

    private static async Task ActAsync(IPage page, Random random, List<string> serials, int pauseMs, DateTime deadline,
        ConcurrentDictionary<string, ConcurrentBag<double>> times, ConcurrentDictionary<string, int> errors)
    {
        var input = page.Locator("input[data-testid=devices-search], [data-testid=devices-search] input").First;
        var step = 0;
        while (DateTime.UtcNow < deadline)
        {
            await Task.Delay(random.Next(pauseMs));
            if (DateTime.UtcNow >= deadline)
            {
                break;
            }

            var kind = (step++ % 3) switch { 0 => "search prefix (incl. 250 ms debounce)", 1 => "next page", _ => "clear search" };
            var watch = Stopwatch.StartNew();
            try
            {
                switch (kind)
                {
                    case "next page":
                        var before = await page.EvaluateAsync<string?>($"() => document.querySelector('{Rows}')?.textContent ?? null");
                        var next = page.Locator("[data-testid=devices-pager] button[aria-label='Next page']").First;
                        if (!await next.IsEnabledAsync())
                        {
                            continue;
                        }

                        watch.Restart();
                        await next.ClickAsync();
                        await WaitAsync(page, $"b => {{ const r = document.querySelector('{Rows}'); return r && r.textContent !== b; }}", before);
                        break;
                    case "clear search":
                        await input.FillAsync(string.Empty);
                        await WaitAsync(page, $"() => document.querySelector('[data-testid=devices-table]')?.dataset.loadedSearch === '' && !!document.querySelector('{Rows}')", null);
                        break;
                    default:
                        var serial = serials[random.Next(serials.Count)];
                        var term = serial[..4].ToUpperInvariant();
                        await input.FillAsync(term);
                        await WaitAsync(page, $$"""
                            t => {
                              const table = document.querySelector('[data-testid=devices-table]');
                              if (!table || (table.dataset.loadedSearch || '').toUpperCase() !== t) return false;
                              const rows = [...document.querySelectorAll('{{Rows}}')];
                              return rows.length > 0 && rows.every(r => r.textContent.trim().toUpperCase().startsWith(t));
                            }
                            """, term);
                        break;
                }

                times.GetOrAdd(kind, _ => []).Add(watch.Elapsed.TotalMilliseconds);
            }
            catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
            {
                errors.AddOrUpdate(kind, 1, (_, n) => n + 1);
                try
                {
                    await page.ReloadAsync();
                    await page.Locator(Rows).First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
                }
                catch (Exception reload) when (reload is PlaywrightException or TimeoutException)
                {
                    errors.AddOrUpdate("reload after an error", 1, (_, n) => n + 1);
                    return;
                }
            }
        }
    }

    /// <summary>Waits for the predicate, failing at once when the page shows its error or reconnect UI.</summary>
    private static async Task WaitAsync(IPage page, string predicate, object? argument)
    {
        var done = await page.WaitForFunctionAsync($$"""
            a => {
              const failed = [...document.querySelectorAll('#blazor-error-ui, #components-reconnect-modal')].some(e => e.getClientRects().length > 0 && getComputedStyle(e).display !== 'none');
              if (failed) return 'failed';
              return ({{predicate}})(a) ? 'done' : false;
            }
            """, argument, new PageWaitForFunctionOptions { Timeout = ActionTimeout, PollingInterval = 20 });
        if (await done.JsonValueAsync<string>() == "failed")
        {
            throw new PlaywrightException("The page showed its error or reconnect UI.");
        }
    }

    private static double Mb(long bytes) => bytes / 1048576.0;

    /// <summary>The working sets of the instances' processes, sampled every 250 ms.</summary>
    private sealed class InstanceMemory : IAsyncDisposable
    {
        private readonly Process[] _processes;
        private readonly long[] _peak;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _sampling;

        public InstanceMemory(int[] processIds)
        {
            _processes = processIds.Select(Process.GetProcessById).ToArray();
            _peak = new long[processIds.Length];
            _sampling = Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                {
                    var now = Current();
                    lock (_peak)
                    {
                        for (var i = 0; i < now.Length; i++)
                        {
                            _peak[i] = Math.Max(_peak[i], now[i]);
                        }
                    }
                }
            });
        }

        public long[] Current() => _processes.Select(p =>
        {
            p.Refresh();
            return p.HasExited ? 0 : p.WorkingSet64;
        }).ToArray();

        public long[] Peak()
        {
            lock (_peak)
            {
                return [.. _peak];
            }
        }

        public void ResetPeak()
        {
            lock (_peak)
            {
                Array.Clear(_peak);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _sampling;
            }
            catch (OperationCanceledException)
            {
            }

            foreach (var process in _processes)
            {
                process.Dispose();
            }

            _stop.Dispose();
        }
    }
}
