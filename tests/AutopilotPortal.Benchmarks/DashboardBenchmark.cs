using System.Diagnostics;
using AutopilotPortal.Core.Dashboard;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Benchmarks;

/// <summary>
/// <c>dashboard</c>: the overview's read (<see cref="DashboardService.GetAsync"/>) over <c>search</c>'s
/// database (run <c>search --devices N</c> first; opening an older file adds the counts and counts its
/// rows once, which is timed too), beside what the same device figures cost counted from the devices
/// themselves (GROUP BY over every row), in the same run.
/// </summary>
internal static class DashboardBenchmark
{
    public static async Task<int> RunAsync(BenchOptions options)
    {
        var devices = options.Int("devices", 1_000_000);
        var loads = options.Int("loads", 50);
        var database = options.String("database") ?? Path.Combine(Path.GetTempPath(), "autopilot-bench", $"search-{devices}.db");
        if (!BenchDatabase.Exists(database))
        {
            Console.Error.WriteLine($"dashboard: {BenchDatabase.Describe(database)} does not exist; run `search --devices {devices}` first.");
            return 2;
        }

        var start = Stopwatch.StartNew();
        await using var services = await PortalHost.StartAsync(database);
        start.Stop();
        Console.WriteLine($"dashboard: {BenchDatabase.Describe(database)}, opened (and migrated if older) in {start.Elapsed.TotalSeconds:N1} s");
        Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");

        var dashboard = services.GetRequiredService<DashboardService>();
        var warm = await dashboard.GetAsync(PortalCaller.System);
        var times = new List<double>();
        for (var i = 0; i < loads; i++)
        {
            var timer = Stopwatch.StartNew();
            await dashboard.GetAsync(PortalCaller.System);
            times.Add(timer.Elapsed.TotalMilliseconds);
        }

        var factory = services.GetRequiredService<IDbContextFactory<Core.Data.PortalDbContext>>();
        var scans = new List<double>();
        long scanned = 0;
        for (var i = 0; i < 3; i++)
        {
            var timer = Stopwatch.StartNew();
            await using var db = await factory.CreateDbContextAsync();
            var groups = await db.AutopilotDevices.Where(d => d.TenantId == TestTenant.Id)
                .GroupBy(d => new { d.ProfileStatus, d.EnrollmentState }).Select(g => g.LongCount()).ToListAsync();
            scans.Add(timer.Elapsed.TotalMilliseconds);
            scanned = groups.Sum();
        }

        if (scanned != warm.DeviceCount)
        {
            Console.Error.WriteLine($"dashboard: the kept counts say {warm.DeviceCount:N0} devices, the rows {scanned:N0}");
            return 3;
        }

        Console.WriteLine($"{"read",-44} {"p50",8} {"p95",8} {"max",8}  (ms)");
        Console.WriteLine($"{$"overview, {loads} loads",-44} {BenchReads.Percentile(times, 50),8:N1} {BenchReads.Percentile(times, 95),8:N1} {times.Max(),8:N1}");
        Console.WriteLine($"{"device figures counted from the rows, 3 runs",-44} {BenchReads.Percentile(scans, 50),8:N1} {BenchReads.Percentile(scans, 95),8:N1} {scans.Max(),8:N1}");
        Console.WriteLine($"counted / kept (p50): {BenchReads.Percentile(scans, 50) / BenchReads.Percentile(times, 50):N0}×; {warm.DeviceCount:N0} devices agree");
        Console.WriteLine($"load average {File.ReadAllText("/proc/loadavg").Trim()}");
        return 0;
    }
}
