using AutopilotPortal.Tests.Shared;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AutopilotPortal.Core.Accounts;
using AutopilotPortal.Core.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static AutopilotPortal.Benchmarks.BenchReads;

namespace AutopilotPortal.Benchmarks;

/// <summary>
/// <c>first-page</c>: the Devices page in real Chromium against the real host over a large database. Each load is a new
/// browser context and page; times are the browser's own (<c>performance.now()</c>, 0 = navigation start), stamped by a
/// MutationObserver the moment the element is in the laid-out DOM (the paint follows within a frame).
/// Searches: the time from the last keystroke's <c>input</c> event to the first page where every row matches
/// (includes the search box's 250 ms debounce). Figures only; nothing is asserted.
/// </summary>
internal static class FirstPageBenchmark
{
    private const double TargetFirstRowMs = 1_000;
    private const float Timeout = 60_000;

    /// <summary>Installed in every page before the portal's scripts run.</summary>
    private const string Probe = """
        (() => {
          const b = window.__bench = { interactive: null, row: null, filter: null, filtered: null, lastInput: null };
          const rows = () => [...document.querySelectorAll('[data-testid=devices-table] tbody tr [data-testid^=device-serial-]')]
            .filter(l => l.getClientRects().length > 0);
          const check = () => {
            const now = performance.now();
            if (b.interactive === null && document.querySelector('[data-testid=circuit][data-interactive=true]')) b.interactive = now;
            const visible = rows();
            if (b.row === null && visible.length > 0) b.row = now;
            if (b.filter && b.filtered === null && visible.length > 0) {
              const term = b.filter.term;
              const all = visible.every(l => {
                const s = l.textContent.trim().toUpperCase();
                return b.filter.contains ? s.includes(term) : s.startsWith(term);
              });
              if (all) b.filtered = now;
            }
          };
          new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
          document.addEventListener('input', e => {
            if (e.target && e.target.closest && e.target.closest('#devices-search, [data-testid=devices-search]')) {
              b.lastInput = performance.now();
              b.filtered = null;
            }
          }, true);
        })();
        """;

    /// <summary>The read-only local account the benchmark signs in as (the list needs a signed-in user since roles came in).</summary>
    internal const string ReaderName = "first-page-benchmark";

    internal const string ReaderPassword = "First-Page-Benchmark-2026!";

    private const string RowSelector = "[data-testid=devices-table] tbody tr:has([data-testid^=device-serial-])";
    private const string InteractiveSelector = "[data-testid=circuit][data-interactive=true]";
    private const string OverviewSelector = "[data-testid=dashboard-device-count]";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var devices = options.Int("devices", 1_000_000);
        var database = options.String("database") ?? Path.Combine(Path.GetTempPath(), "autopilot-bench", $"search-{devices}.db");
        var loads = options.Int("loads", 20);
        var warmups = options.Int("warmup", 2);
        var searches = options.Int("searches", 10);
        if (!BenchDatabase.Exists(database))
        {
            Console.Error.WriteLine($"first-page: {BenchDatabase.Describe(database)} does not exist. Build it with: dotnet run -c Release --project tests/AutopilotPortal.Benchmarks -- search --devices {devices}");
            return 2;
        }

        var count = await CountDevicesAsync(database);
        var serials = await SampleSerialsAsync(database, 2 * searches + 4);
        Console.WriteLine($"first-page: {BenchDatabase.Describe(database)}, {count:N0} devices in tenant {TestTenant.Id}");

        await EnsureReaderAsync(database);
        var hostStart = Stopwatch.StartNew();
        await using var host = await PortalProcess.StartAsync(database);
        Console.WriteLine($"  host {host.HostAssembly} at {host.BaseUrl} (started and answered GET /devices in {hostStart.Elapsed.TotalSeconds:N1} s)");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(SystemChromium.LaunchOptions());
        Console.WriteLine($"  Chromium {browser.Version}, headless; {warmups} warm-up loads, then {loads} measured");

        // Signed in once through the login page; every measured load is a new browser context with that session's cookies.
        string session;
        await using (var login = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.BaseUrl.ToString() }))
        {
            var page = await login.NewPageAsync();
            await page.GotoAsync("account/login");
            await page.GetByLabel("User name").FillAsync(ReaderName);
            await page.GetByLabel("Password").FillAsync(ReaderPassword);
            await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
            // Signed in: the browser leaves the login page for the overview.
            await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal), new PageWaitForURLOptions { Timeout = (float)Timeout });
            session = await login.StorageStateAsync();
        }

        Console.WriteLine($"  signed in as the reader '{ReaderName}'");

        var interactive = new List<double>();
        var firstRow = new List<double>();
        var wall = new List<double>();
        var fcp = new List<double>();
        host.ClearCommands();
        for (var i = 0; i < warmups + loads; i++)
        {
            if (i == warmups)
            {
                host.ClearCommands();
            }

            await using var context = await NewContextAsync(browser, host.BaseUrl, session);
            var page = await context.NewPageAsync();
            var watch = Stopwatch.StartNew();
            await page.GotoAsync("devices", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            await page.Locator(RowSelector).First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
            var wallMs = watch.Elapsed.TotalMilliseconds;
            await page.Locator(InteractiveSelector).WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
            var stamps = await StampsAsync(page);
            if (i < warmups)
            {
                continue;
            }

            interactive.Add(stamps.Interactive ?? double.NaN);
            firstRow.Add(stamps.Row ?? double.NaN);
            fcp.Add(stamps.FirstContentfulPaint ?? double.NaN);
            wall.Add(wallMs);
        }

        var pageCommands = host.Commands;

        // The overview: its first figure (the device count, from the kept counts) visible.
        var overview = new List<double>();
        for (var i = 0; i < warmups + loads; i++)
        {
            await using var context = await NewContextAsync(browser, host.BaseUrl, session);
            var page = await context.NewPageAsync();
            var watch = Stopwatch.StartNew();
            await page.GotoAsync("", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            await page.Locator(OverviewSelector).WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
            if (i >= warmups)
            {
                overview.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        // Searches: a fresh page each time, first page shown and circuit interactive, then type the term.
        var prefix = new List<double>();
        var contains = new List<double>();
        var random = new Random(42);
        host.ClearCommands();
        for (var i = 0; i < searches + 1; i++)
        {
            var serial = serials[i];
            var prefixTerm = serial[..Math.Min(serial.Length, random.Next(4, 7))];
            var other = serials[searches + 1 + i];
            var length = Math.Min(random.Next(3, 6), other.Length - 2);
            var middleTerm = other.Substring(random.Next(1, other.Length - length), length);
            var p = await SearchOnceAsync(browser, host.BaseUrl, session, prefixTerm, contains: false);
            var c = await SearchOnceAsync(browser, host.BaseUrl, session, middleTerm, contains: true);
            if (i == 0)
            {
                continue; // warm-up
            }

            prefix.Add(p);
            contains.Add(c);
        }

        var searchCommands = host.Commands;

        Console.WriteLine();
        Console.WriteLine($"Devices page in Chromium, {count:N0} devices, {loads} loads (after {warmups} warm-up), ms from navigation start");
        Console.WriteLine($"{"",-52} {"p50",8} {"p95",8} {"max",8}");
        Row("first contentful paint (prerendered shell)", fcp);
        Row("circuit interactive ([data-interactive=true])", interactive);
        Row("first data row visible", firstRow);
        Row("first data row, wall clock incl. Playwright", wall);
        Console.WriteLine();
        Console.WriteLine($"Overview page (/) in Chromium, {loads} loads (after {warmups} warm-up), ms from navigation start, wall clock incl. Playwright");
        Row("device count figure visible", overview);
        Console.WriteLine();
        Console.WriteLine($"Search box, {searches} of each (after 1 warm-up), ms from the last keystroke (includes the 250 ms debounce)");
        Row("serial starts with (4-6 chars): filtered page", prefix);
        Row("serial contains (3-5 chars): filtered page", contains);
        Console.WriteLine();
        var p95 = Percentile(firstRow, 95);
        Console.WriteLine($"target first page visible within {TargetFirstRowMs:N0} ms: p95 {p95:N0} ms ({(p95 <= TargetFirstRowMs ? "within" : "OVER")}); not asserted");

        Console.WriteLine();
        Console.WriteLine("Host's own SQL times (EF 'Executed DbCommand'), measured loads:");
        PrintCommands(pageCommands);
        Console.WriteLine("Host's own SQL times, searches:");
        PrintCommands(searchCommands);
        var problems = host.Log.Where(l => l.StartsWith("warn:", StringComparison.Ordinal) || l.StartsWith("fail:", StringComparison.Ordinal) || l.StartsWith("crit:", StringComparison.Ordinal)).ToList();
        Console.WriteLine(problems.Count == 0 ? "Host log: no warnings or errors." : $"Host log: {problems.Count} warnings/errors; the last few:");
        foreach (var line in problems.TakeLast(5))
        {
            Console.WriteLine("  " + (line.Length > 400 ? line[..400] + "…" : line));
        }

        return 0;
    }

    /// <summary>Creates the benchmark's reader account, or resets its password, through the portal's own user service.</summary>
    internal static async Task EnsureReaderAsync(string database)
    {
        await using var services = await PortalHost.StartAsync(database);
        var accounts = services.GetRequiredService<LocalUserService>();
        var existing = (await accounts.ListAsync(PortalCaller.System, ReaderName, 0, 10)).Items.FirstOrDefault(u => u.UserName == ReaderName);
        if (existing is null)
        {
            await accounts.CreateAsync(PortalCaller.System, ReaderName, PortalRole.Reader, ReaderPassword);
        }
        else
        {
            await accounts.ResetPasswordAsync(PortalCaller.System, existing.Id, ReaderPassword);
        }

        BenchDatabase.ClearPools();
    }

    private static async Task<IBrowserContext> NewContextAsync(IBrowser browser, Uri baseUrl, string session)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            StorageState = session,
            BaseURL = baseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        context.SetDefaultTimeout(Timeout);
        context.SetDefaultNavigationTimeout(Timeout);
        await context.AddInitScriptAsync(Probe);
        return context;
    }

    private static async Task<double> SearchOnceAsync(IBrowser browser, Uri baseUrl, string session, string term, bool contains)
    {
        await using var context = await NewContextAsync(browser, baseUrl, session);
        var page = await context.NewPageAsync();
        await page.GotoAsync("devices");
        await page.Locator(InteractiveSelector).WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await page.Locator(RowSelector).First.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        if (contains)
        {
            // Match: Contains. Changing it reloads the (still unfiltered) first page: let that settle before typing.
            await page.Locator("[data-testid=devices-search-match]").First.ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasText = "Contains" }).First.ClickAsync();
            await page.Locator(".mud-popover-open").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Detached });
            await page.WaitForTimeoutAsync(750);
        }

        var upper = term.Trim().ToUpperInvariant();
        await page.EvaluateAsync("f => { window.__bench.filter = f; window.__bench.filtered = null; }", new { term = upper, contains });
        var input = page.Locator("input[data-testid=devices-search], [data-testid=devices-search] input, input#devices-search").First;
        await input.ClickAsync();
        await input.PressSequentiallyAsync(term, new LocatorPressSequentiallyOptions { Delay = 40 });
        await page.WaitForFunctionAsync("() => window.__bench.filtered !== null && window.__bench.lastInput !== null",
            null, new PageWaitForFunctionOptions { Timeout = Timeout, PollingInterval = 20 });
        var result = await page.EvaluateAsync<JsonElement>("() => window.__bench.filtered - window.__bench.lastInput");
        return result.GetDouble();
    }

    private static async Task<Stamps> StampsAsync(IPage page)
    {
        var json = await page.EvaluateAsync<JsonElement>("""
            () => ({
              interactive: window.__bench.interactive,
              row: window.__bench.row,
              fcp: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime ?? null,
            })
            """);
        static double? Read(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Number ? e.GetProperty(name).GetDouble() : null;
        return new Stamps(Read(json, "interactive"), Read(json, "row"), Read(json, "fcp"));
    }

    private static void PrintCommands(IReadOnlyList<SqlTiming> commands)
    {
        if (commands.Count == 0)
        {
            Console.WriteLine("  (none logged)");
            return;
        }

        foreach (var group in commands.GroupBy(c => Shorten(c.Sql)).OrderByDescending(g => g.Max(c => c.Milliseconds)))
        {
            var times = group.Select(c => c.Milliseconds).ToList();
            Console.WriteLine($"  {group.Count(),4}× p50 {Percentile(times, 50),6:N0} ms  max {times.Max(),6:N0} ms  {group.Key}");
        }
    }

    private static string Shorten(string sql)
    {
        var text = string.Join(" ", sql.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));
        var from = text.IndexOf(" FROM ", StringComparison.Ordinal);
        if (text.StartsWith("SELECT", StringComparison.Ordinal) && from > 0 && !text.StartsWith("SELECT COUNT", StringComparison.Ordinal))
        {
            text = "SELECT …" + text[from..];
        }

        return text.Length > 220 ? text[..220] + "…" : text;
    }

    private static void Row(string name, List<double> times) =>
        Console.WriteLine($"{name,-52} {Percentile(times, 50),8:N0} {Percentile(times, 95),8:N0} {(times.Count == 0 ? 0 : times.Max()),8:N0}");

    private sealed record Stamps(double? Interactive, double? Row, double? FirstContentfulPaint);
}
