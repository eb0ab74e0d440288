using System.Collections.Concurrent;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Groups.Rules;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Groups;

/// <summary>
/// Keeps dynamic groups' members in step with the devices. A change to some devices re-evaluates
/// every dynamic rule against those devices only (<see cref="EvaluateDevicesAsync"/>, inside the
/// caller's transaction); a new or changed rule re-evaluates that one rule over every device
/// (<see cref="RebuildAsync"/>), in chunks, so memory stays flat at any number of devices.
/// Devices whose memberships change have their deployment profile resolved again in the same transaction.
/// </summary>
public sealed class GroupMembershipService(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<TenantOptions> options,
    Profiles.ProfileResolver profiles,
    IDirectoryDeviceScan directoryScan,
    TimeProvider clock,
    ILogger<GroupMembershipService> logger)
{
    /// <summary>Devices read per query during a full re-evaluation.</summary>
    public const int ChunkSize = 5_000;

    private readonly ConcurrentDictionary<string, MembershipRule> _parsed = new(StringComparer.Ordinal);

    private Guid TenantId => options.Value.Id;

    /// <summary>A device object as a rule sees it.</summary>
    public static RuleDevice ToRuleDevice(DirectoryDevice device) => new()
    {
        ObjectId = device.Id,
        DeviceId = device.DeviceId,
        DisplayName = device.DisplayName,
        AccountEnabled = device.AccountEnabled,
        DeviceManufacturer = device.Manufacturer,
        DeviceModel = device.Model,
        DeviceOSType = device.OperatingSystem,
        DeviceTrustType = device.TrustType switch
        {
            DeviceTrustType.ServerAd => "ServerAD",
            DeviceTrustType.Workplace => "Workplace",
            _ => "AzureAD",
        },
        EnrollmentProfileName = device.EnrollmentProfileName,
        DevicePhysicalIds = device.PhysicalIds,
    };

    /// <summary>
    /// Re-evaluates every dynamic group of the tenant against these devices and adds or removes
    /// their memberships on <paramref name="db"/>; the caller saves them with its own change, then
    /// calls <see cref="ResolveProfilesAsync"/> with the ids this returns (the devices whose memberships changed).
    /// </summary>
    public async Task<IReadOnlyCollection<Guid>> EvaluateDevicesAsync(PortalDbContext db, IReadOnlyCollection<DirectoryDevice> devices, CancellationToken cancellationToken)
    {
        if (devices.Count == 0)
        {
            return [];
        }

        var groups = await db.Groups.AsNoTracking()
            .Where(g => g.TenantId == TenantId && g.MembershipType == GroupMembershipType.Dynamic && g.MembershipRule != null)
            .Select(g => new { g.Id, g.MembershipRule })
            .ToListAsync(cancellationToken);
        if (groups.Count == 0)
        {
            return [];
        }

        var rules = groups.Select(g => (g.Id, Rule: Parse(g.MembershipRule!))).Where(r => r.Rule is not null).ToList();
        var dynamicIds = groups.Select(g => g.Id).ToList();
        var changed = new HashSet<Guid>();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var chunk in devices.Chunk(500))
        {
            var ids = chunk.Select(d => d.Id).ToList();
            var existing = await db.GroupMembers
                .Where(m => ids.Contains(m.DeviceObjectId) && dynamicIds.Contains(m.GroupId))
                .ToListAsync(cancellationToken);
            var current = existing.ToLookup(m => m.DeviceObjectId);
            foreach (var device in chunk)
            {
                var input = ToRuleDevice(device);
                var memberOf = current[device.Id].ToDictionary(m => m.GroupId);
                foreach (var (groupId, rule) in rules)
                {
                    var matches = device.TenantId == TenantId && rule!.Matches(input);
                    if (matches && !memberOf.ContainsKey(groupId))
                    {
                        db.GroupMembers.Add(new DirectoryGroupMember { GroupId = groupId, DeviceObjectId = device.Id, AddedAt = now });
                        changed.Add(device.Id);
                    }
                    else if (!matches && memberOf.TryGetValue(groupId, out var membership))
                    {
                        db.GroupMembers.Remove(membership);
                        changed.Add(device.Id);
                    }
                }
            }
        }

        return changed;
    }

    /// <summary>
    /// What follows a change to device objects, on <paramref name="db"/> in the caller's transaction:
    /// the objects join or leave the dynamic groups whose rules now take them or not, the context's
    /// changes are saved, and the devices whose memberships moved get their deployment profile
    /// resolved again. Every writer of device objects (registration, device edits, the simulator)
    /// goes through here. Returns the ids of the objects whose memberships changed.
    /// </summary>
    public async Task<IReadOnlyCollection<Guid>> ApplyDirectoryChangesAsync(PortalDbContext db, IReadOnlyCollection<DirectoryDevice> changed, CancellationToken cancellationToken)
    {
        var moved = await EvaluateDevicesAsync(db, changed, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await ResolveProfilesAsync(db, moved, cancellationToken);
        return moved;
    }

    /// <summary>Resolves the deployment profile of devices whose memberships changed (after they are saved, in the same transaction).</summary>
    public Task<int> ResolveProfilesAsync(PortalDbContext db, IReadOnlyCollection<Guid> deviceObjectIds, CancellationToken cancellationToken) =>
        deviceObjectIds.Count == 0 ? Task.FromResult(0) : profiles.RecomputeForDevicesAsync(db, deviceObjectIds, cancellationToken);

    /// <summary>
    /// Evaluates the group's rule over every device object of the tenant and makes the stored
    /// members match, chunk by chunk, each chunk in its own transaction. Returns the member count.
    /// </summary>
    public async Task<RebuildResult> RebuildAsync(Guid groupId, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var group = await db.Groups.AsNoTracking().FirstOrDefaultAsync(g => g.Id == groupId && g.TenantId == TenantId, cancellationToken)
            ?? throw new InvalidOperationException($"Group {groupId} does not exist.");
        if (group.MembershipType != GroupMembershipType.Dynamic || group.MembershipRule is null)
        {
            return new RebuildResult(0, 0, 0, 0);
        }

        var rule = MembershipRule.Parse(group.MembershipRule);
        var now = clock.GetUtcNow().UtcDateTime;

        // Only a group that carries a profile assignment can change which profile applies.
        var carriesProfiles = await db.ProfileAssignments.AnyAsync(a => a.GroupId == groupId, cancellationToken);
        int scanned = 0, added = 0, removed = 0, timedOut = 0;
        await foreach (var chunk in directoryScan.ScanAsync(db, group.TenantId, ChunkSize, cancellationToken))
        {
            db.ChangeTracker.Clear();
            var ids = chunk.Select(d => d.Id).ToList();
            var members = (await db.GroupMembers.AsNoTracking()
                .Where(m => m.GroupId == groupId && EF.Parameter(ids).Contains(m.DeviceObjectId))
                .Select(m => m.DeviceObjectId)
                .ToListAsync(cancellationToken)).ToHashSet();
            var joining = new List<Guid>();
            var leaving = new List<Guid>();
            foreach (var device in chunk)
            {
                var result = rule.Evaluate(ToRuleDevice(device));
                if (result == RuleMatch.TimedOut)
                {
                    timedOut++;
                }

                var matches = result == RuleMatch.Match;
                if (matches && !members.Contains(device.Id))
                {
                    joining.Add(device.Id);
                }
                else if (!matches && members.Contains(device.Id))
                {
                    leaving.Add(device.Id);
                }
            }

            if (joining.Count > 0 || leaving.Count > 0)
            {
                await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
                using (var inserts = RowInserter<DirectoryGroupMember>.Create(db))
                {
                    foreach (var id in joining)
                    {
                        await inserts.InsertAsync(new DirectoryGroupMember { GroupId = groupId, DeviceObjectId = id, AddedAt = now }, cancellationToken);
                    }

                    await inserts.FlushAsync(cancellationToken);
                }

                if (leaving.Count > 0)
                {
                    await db.GroupMembers.Where(m => m.GroupId == groupId && EF.Parameter(leaving).Contains(m.DeviceObjectId)).ExecuteDeleteAsync(cancellationToken);
                }

                if (carriesProfiles)
                {
                    await ResolveProfilesAsync(db, [.. joining, .. leaving], cancellationToken);
                }

                await tx.CommitAsync(cancellationToken);
                added += joining.Count;
                removed += leaving.Count;
            }

            scanned += chunk.Count;
            progress?.Report(scanned);
        }

        if (timedOut > 0)
        {
            logger.LogWarning("The rule of group {GroupId} timed out on {Count} devices; they are not members", groupId, timedOut);
        }

        var count = await db.GroupMembers.CountAsync(m => m.GroupId == groupId, cancellationToken);
        return new RebuildResult(scanned, added, removed, timedOut) { MemberCount = count };
    }

    /// <summary>
    /// Which devices a rule would take, without writing anything: the first <paramref name="sample"/>
    /// matches in serial order and how many match in all. Reads every device, in chunks.
    /// </summary>
    public async Task<RulePreview> PreviewAsync(MembershipRule rule, int sample, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var matches = new List<DirectoryDevice>();
        int scanned = 0, matched = 0, timedOut = 0;
        await foreach (var chunk in directoryScan.ScanAsync(db, TenantId, ChunkSize, cancellationToken))
        {
            foreach (var device in chunk)
            {
                switch (rule.Evaluate(ToRuleDevice(device)))
                {
                    case RuleMatch.Match:
                        matched++;
                        if (matches.Count < sample)
                        {
                            matches.Add(device);
                        }

                        break;
                    case RuleMatch.TimedOut:
                        timedOut++;
                        break;
                }
            }

            scanned += chunk.Count;
            progress?.Report(scanned);
        }

        return new RulePreview(scanned, matched, timedOut, matches.OrderBy(d => d.DisplayName, StringComparer.OrdinalIgnoreCase).ToList());
    }

    private MembershipRule? Parse(string text)
    {
        if (_parsed.TryGetValue(text, out var rule))
        {
            return rule;
        }

        if (!MembershipRule.TryParse(text, out rule, out var error))
        {
            // Rules are checked when saved; one that no longer parses matches nothing.
            logger.LogError("A stored membership rule does not parse: {Error}", error.Message);
            return null;
        }

        if (_parsed.Count > 10_000)
        {
            _parsed.Clear();
        }

        _parsed[text] = rule;
        return rule;
    }
}

/// <summary>The outcome of re-evaluating one rule over every device.</summary>
public sealed record RebuildResult(int Scanned, int Added, int Removed, int TimedOut)
{
    public int MemberCount { get; init; }
}

/// <summary>What a rule would match: counts and a sample of the matching device objects.</summary>
public sealed record RulePreview(int Scanned, int Matched, int TimedOut, IReadOnlyList<DirectoryDevice> Sample);
