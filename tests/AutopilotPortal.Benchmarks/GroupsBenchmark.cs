using System.Diagnostics;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Groups;
using AutopilotPortal.Core.Groups.Rules;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Benchmarks;

/// <summary>
/// <c>groups</c>: full re-evaluation of one dynamic rule over every device of <c>search</c>'s
/// database (run <c>search --devices N</c> first): the rule alone over devices already in memory,
/// the preview (read every device object and evaluate), and the rebuild that also writes the
/// memberships. The benchmark's groups are deleted at the end.
/// </summary>
internal static class GroupsBenchmark
{
    private static readonly string[] Rules =
    [
        "(device.devicePhysicalIds -any (_ -eq \"[OrderId]:Sales\"))",
        "(device.devicePhysicalIDs -any (_ -contains \"[ZTDID]\"))",
        "(device.deviceManufacturer -eq \"HP\") -and (device.deviceModel -match \"^HP EliteBook 8[0-9]0\")",
    ];

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var devices = options.Int("devices", 1_000_000);
        var database = options.String("database") ?? Path.Combine(Path.GetTempPath(), "autopilot-bench", $"search-{devices}.db");
        if (!BenchDatabase.Exists(database))
        {
            Console.Error.WriteLine($"groups: {BenchDatabase.Describe(database)} does not exist; run `search --devices {devices}` first.");
            return 2;
        }

        await using var services = await PortalHost.StartAsync(database);
        var groups = services.GetRequiredService<GroupService>();
        var membership = services.GetRequiredService<GroupMembershipService>();
        var factory = services.GetRequiredService<IDbContextFactory<Core.Data.PortalDbContext>>();

        List<RuleDevice> loaded;
        var read = Stopwatch.StartNew();
        await using (var db = await factory.CreateDbContextAsync())
        {
            loaded = await db.DirectoryDevices.AsNoTracking().Where(d => d.TenantId == TestTenant.Id)
                .Select(d => new DirectoryDevice { Id = d.Id, DeviceId = d.DeviceId, DisplayName = d.DisplayName, AccountEnabled = d.AccountEnabled,
                    Manufacturer = d.Manufacturer, Model = d.Model, PhysicalIds = d.PhysicalIds, TrustType = d.TrustType, OperatingSystem = d.OperatingSystem })
                .AsAsyncEnumerable().Select(d => GroupMembershipService.ToRuleDevice(d)).ToListAsync();
        }

        read.Stop();
        Console.WriteLine($"groups: {loaded.Count:N0} device objects read into memory in {read.Elapsed.TotalSeconds:N1} s ({BenchDatabase.Describe(database)})");
        Console.WriteLine();
        Console.WriteLine($"{"rule",-100} {"eval only",10} {"preview",10} {"rebuild",10} {"members",10}");
        foreach (var text in Rules)
        {
            var rule = MembershipRule.Parse(text);
            var evaluate = Stopwatch.StartNew();
            var matched = 0;
            foreach (var device in loaded)
            {
                if (rule.Matches(device))
                {
                    matched++;
                }
            }

            evaluate.Stop();
            var preview = Stopwatch.StartNew();
            var previewed = await membership.PreviewAsync(rule, 25, null, CancellationToken.None);
            preview.Stop();

            var group = await groups.CreateAsync(PortalCaller.System, $"bench {Guid.NewGuid():N}", null, GroupMembershipType.Assigned, null);
            await using (var db = await factory.CreateDbContextAsync())
            {
                // Make it dynamic without the create-time rebuild, so that the rebuild below is timed alone.
                await db.Groups.Where(g => g.Id == group.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(g => g.MembershipType, GroupMembershipType.Dynamic).SetProperty(g => g.MembershipRule, text));
            }

            var rebuild = Stopwatch.StartNew();
            var result = await membership.RebuildAsync(group.Id);
            rebuild.Stop();
            Console.WriteLine($"{text,-100} {evaluate.Elapsed.TotalSeconds,9:N2}s {preview.Elapsed.TotalSeconds,9:N2}s {rebuild.Elapsed.TotalSeconds,9:N2}s {result.MemberCount,10:N0}");
            if (matched != previewed.Matched || matched != result.MemberCount)
            {
                Console.Error.WriteLine($"groups: counts disagree: in memory {matched:N0}, preview {previewed.Matched:N0}, rebuild {result.MemberCount:N0}");
                return 3;
            }

            await groups.DeleteAsync(PortalCaller.System, group.Id);
        }

        return 0;
    }
}
