using System.Linq.Expressions;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Intune;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Profiles;

/// <summary>
/// Decides which deployment profile applies to a device and writes it onto Intune's device rows:
/// among the profiles with an include assignment on a group the device's directory object is a
/// member of, and no exclude assignment on any group it is a member of, the oldest (created first)
/// wins. A device whose profile changes becomes <see cref="ProfileAssignmentStatus.Pending"/>
/// (the deployment service's sync later moves it on); one that no profile targets becomes
/// <see cref="ProfileAssignmentStatus.NotAssigned"/>. A device whose profile does not change is
/// left alone, so its status is kept.
/// </summary>
/// <remarks>
/// Every method works on the caller's context and inside its transaction, reads what has been
/// saved (call <c>SaveChanges</c> first) and writes with set-based updates that bypass the change
/// tracker. Devices are handled in chunks of <see cref="ChunkSize"/>; no method loads a whole group.
/// </remarks>
public sealed class ProfileResolver(TimeProvider clock)
{
    /// <summary>How many devices one query resolves.</summary>
    public const int ChunkSize = 500;

    /// <summary>
    /// Resolves the devices of these directory objects (for example after their group membership
    /// changed). Objects without an Autopilot device are ignored. Returns how many devices changed profile.
    /// </summary>
    public async Task<int> RecomputeForDevicesAsync(PortalDbContext db, IReadOnlyCollection<Guid> deviceObjectIds, CancellationToken cancellationToken = default)
    {
        var changed = 0;
        foreach (var chunk in deviceObjectIds.Distinct().Chunk(ChunkSize))
        {
            changed += await ResolveAsync(db, d => d.DirectoryObjectId != null && chunk.Contains(d.DirectoryObjectId.Value), cancellationToken);
        }

        return changed;
    }

    /// <summary>Resolves every member of a group (after one of its assignments changed), a chunk at a time.</summary>
    public async Task<int> RecomputeForGroupAsync(PortalDbContext db, Guid groupId, CancellationToken cancellationToken = default)
    {
        var changed = 0;
        Guid? after = null;
        while (true)
        {
            // Keyset paging on the membership key: each chunk is one index range, however large the group.
            var members = db.GroupMembers.AsNoTracking().Where(m => m.GroupId == groupId);
            if (after is { } last)
            {
                members = members.Where(m => m.DeviceObjectId.CompareTo(last) > 0);
            }

            var chunk = await members.OrderBy(m => m.DeviceObjectId).Select(m => m.DeviceObjectId).Take(ChunkSize).ToListAsync(cancellationToken);
            if (chunk.Count == 0)
            {
                return changed;
            }

            changed += await ResolveAsync(db, d => d.DirectoryObjectId != null && chunk.Contains(d.DirectoryObjectId.Value), cancellationToken);
            after = chunk[^1];
        }
    }

    /// <summary>
    /// Resolves every device a profile may concern: the members of each group it is assigned to
    /// and the devices it applies to now (so that a device it no longer targets falls back to the
    /// next profile or to none).
    /// </summary>
    public async Task<int> RecomputeForProfileAsync(PortalDbContext db, Guid profileId, CancellationToken cancellationToken = default)
    {
        var changed = 0;
        var groups = await db.ProfileAssignments.AsNoTracking().Where(a => a.ProfileId == profileId).Select(a => a.GroupId).ToListAsync(cancellationToken);
        foreach (var group in groups)
        {
            changed += await RecomputeForGroupAsync(db, group, cancellationToken);
        }

        Guid? after = null;
        while (true)
        {
            var current = db.AutopilotDevices.AsNoTracking().Where(d => d.DeploymentProfileId == profileId);
            if (after is { } last)
            {
                current = current.Where(d => d.Id.CompareTo(last) > 0);
            }

            var chunk = await current.OrderBy(d => d.Id).Select(d => d.Id).Take(ChunkSize).ToListAsync(cancellationToken);
            if (chunk.Count == 0)
            {
                return changed;
            }

            changed += await ResolveAsync(db, d => chunk.Contains(d.Id), cancellationToken);
            after = chunk[^1];
        }
    }

    private async Task<int> ResolveAsync(PortalDbContext db, Expression<Func<AutopilotDevice, bool>> devices, CancellationToken cancellationToken)
    {
        var rows = await db.AutopilotDevices.AsNoTracking()
            .Where(devices)
            .Select(d => new
            {
                d.Id,
                d.DeploymentProfileId,
                // The oldest profile that includes and does not exclude the device: one correlated subquery.
                Winner = db.DeploymentProfiles
                    .Where(p => p.TenantId == d.TenantId
                        && db.ProfileAssignments.Any(a => a.ProfileId == p.Id && a.Kind == AssignmentKind.Include
                            && db.GroupMembers.Any(m => m.GroupId == a.GroupId && m.DeviceObjectId == d.DirectoryObjectId))
                        && !db.ProfileAssignments.Any(a => a.ProfileId == p.Id && a.Kind == AssignmentKind.Exclude
                            && db.GroupMembers.Any(m => m.GroupId == a.GroupId && m.DeviceObjectId == d.DirectoryObjectId)))
                    .OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)
                    .Select(p => (Guid?)p.Id)
                    .FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);

        var changes = rows.Where(r => r.Winner != r.DeploymentProfileId).GroupBy(r => r.Winner, r => r.Id).ToList();
        if (changes.Count == 0)
        {
            return 0;
        }

        var winnerIds = changes.Where(g => g.Key != null).Select(g => g.Key!.Value).ToList();
        var names = await db.DeploymentProfiles.AsNoTracking().Where(p => winnerIds.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => p.DisplayName, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = 0;
        foreach (var change in changes)
        {
            var ids = change.ToList();
            if (change.Key is { } profileId)
            {
                var name = names[profileId];
                changed += await db.AutopilotDevices.Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(set => set
                    .SetProperty(d => d.DeploymentProfileId, profileId)
                    .SetProperty(d => d.DeploymentProfileName, name)
                    .SetProperty(d => d.ProfileStatus, ProfileAssignmentStatus.Pending)
                    .SetProperty(d => d.ProfileAssignedDateTime, now), cancellationToken);
            }
            else
            {
                changed += await db.AutopilotDevices.Where(d => ids.Contains(d.Id)).ExecuteUpdateAsync(set => set
                    .SetProperty(d => d.DeploymentProfileId, (Guid?)null)
                    .SetProperty(d => d.DeploymentProfileName, (string?)null)
                    .SetProperty(d => d.ProfileStatus, ProfileAssignmentStatus.NotAssigned)
                    .SetProperty(d => d.ProfileAssignedDateTime, (DateTime?)null), cancellationToken);
            }
        }

        return changed;
    }
}
