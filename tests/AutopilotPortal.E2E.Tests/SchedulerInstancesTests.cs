using System.Text.RegularExpressions;
using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Sync;
using AutopilotPortal.E2E.Tests.Infrastructure;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace AutopilotPortal.E2E.Tests;

/// <summary>
/// Two real portal hosts on one PostgreSQL database, both with the scheduler on and the automatic interval shortened
/// to seconds, so that a sync comes due again and again while both check for it every second: each due sync runs on
/// one instance only, and either instance runs them alone once the other is killed.
/// </summary>
public sealed partial class SchedulerInstancesTests(ITestOutputHelper output)
{
    private static readonly TimeSpan AutomaticInterval = TimeSpan.FromSeconds(4);

    private static readonly string[] SchedulerSettings =
        ["--Sync:AutomaticInterval", "00:00:04", "--Sync:CheckInterval", "00:00:01"];

    private const int SyncsWhileBothRun = 6;
    private const int SyncsOnTheSurvivor = 2;

    [PostgresFact]
    public async Task TwoInstancesRunEachDueScheduledSyncOnceBetweenThemAndEitherRunsThemAlone()
    {
        // Arrange: two hosts on one database, both schedulers on.
        using var database = await TestDatabase.CreateAsync();
        await using var first = await PortalHost.StartOnAsync(database, SchedulerSettings);
        await using var second = await PortalHost.StartOnAsync(database, SchedulerSettings);
        await using var portal = PortalDatabase.Open(database);

        // Act 1: let several syncs come due while both instances compete for them.
        await WaitForSyncsAsync(portal, SyncsWhileBothRun, TimeSpan.FromMinutes(3), first, second);
        var splitWhileBothRan = $"first {StartedSyncs(first).Count}, second {StartedSyncs(second).Count}";
        output.WriteLine($"Syncs started while both ran: {splitWhileBothRan}");

        // Act 2: kill the instance that started more of them (the first on a tie), between syncs or in one; the
        // other goes on alone. A sync cut off by the kill holds the lease until it lapses, so the wait allows for that.
        var (killed, survivor) = StartedSyncs(first).Count >= StartedSyncs(second).Count ? (first, second) : (second, first);
        await killed.KillAsync();
        var atKill = (await CompletedSyncsAsync(portal)).Count;
        await WaitForSyncsAsync(portal, atKill + SyncsOnTheSurvivor, SyncService.LeaseDuration + TimeSpan.FromMinutes(2), survivor);
        await survivor.KillAsync();

        // Assert: every sync that ran completed, as the schedule's, and none completed within an interval of the one
        // before it. Two instances running one due sync would both complete it, moments apart, or one would lose the
        // lease and fail; a sync started before it was due would complete less than the interval after the last.
        var syncs = await CompletedSyncsAsync(portal);
        var log = $"Completed syncs:{Environment.NewLine}{string.Join(Environment.NewLine, syncs.Select(s => $"{s.OccurredAt:HH:mm:ss.ffffff} {s.Outcome} {s.Details}"))}";
        Assert.True(syncs.Count >= atKill + SyncsOnTheSurvivor, log);
        Assert.All(syncs, s => Assert.True(s.Outcome == AuditOutcome.Succeeded && s.Details!.StartsWith("Automatic sync: ", StringComparison.Ordinal), log));
        foreach (var (earlier, later) in syncs.Zip(syncs.Skip(1)))
        {
            // Half the interval: the completion time is read a moment before the audit entry's, and a repeated sync
            // completes within moments of the first.
            Assert.True(later.OccurredAt - earlier.OccurredAt >= AutomaticInterval / 2,
                $"Two syncs completed {(later.OccurredAt - earlier.OccurredAt).TotalMilliseconds:N0} ms apart, within one interval of {AutomaticInterval}.{Environment.NewLine}{log}");
        }

        // Both schedulers ran syncs, each under its own instance id: the killed one started the most while both
        // competed, the survivor those after the kill.
        var killedIds = StartedSyncs(killed);
        var survivorIds = StartedSyncs(survivor);
        Assert.True(killedIds.Count >= 1, $"The killed instance started no sync ({splitWhileBothRan}).{Environment.NewLine}{killed.LogTail()}");
        Assert.True(survivorIds.Count >= SyncsOnTheSurvivor, $"The surviving instance started {survivorIds.Count} syncs.{Environment.NewLine}{survivor.LogTail()}");
        Assert.Single(killedIds.Distinct());
        Assert.Single(survivorIds.Distinct());
        Assert.NotEqual(killedIds[0], survivorIds[0]);
    }

    /// <summary>The completed-sync audit entries, oldest first.</summary>
    private static async Task<List<AuditEntry>> CompletedSyncsAsync(PortalDatabase portal)
    {
        await using var db = await portal.CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().Where(e => e.Action == AuditActions.SyncCompleted).OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>Polls the audit log until <paramref name="count"/> syncs have completed, or fails with the hosts' logs at the deadline.</summary>
    private static async Task WaitForSyncsAsync(PortalDatabase portal, int count, TimeSpan timeout, params PortalHost[] hosts)
    {
        var deadline = DateTime.UtcNow + timeout;
        int completed;
        while ((completed = (await CompletedSyncsAsync(portal)).Count) < count)
        {
            Assert.True(DateTime.UtcNow < deadline,
                $"{completed} syncs completed within {timeout}, not {count}.{Environment.NewLine}" +
                string.Join(Environment.NewLine, hosts.Select(h => $"Host log:{Environment.NewLine}{h.LogTail()}")));
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
    }

    /// <summary>The instance ids in the host's "Automatic sync started on instance …" lines, in order.</summary>
    private static List<string> StartedSyncs(PortalHost host) =>
        StartedLine().Matches(host.LogTail(int.MaxValue)).Select(m => m.Groups["instance"].Value).ToList();

    [GeneratedRegex("Automatic sync started on instance (?<instance>[0-9a-f]{32})")]
    private static partial Regex StartedLine();
}
