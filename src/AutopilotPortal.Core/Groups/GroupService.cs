using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Groups.Rules;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Groups;

/// <summary>
/// Entra device groups: assigned groups whose members are added by hand, and dynamic groups whose
/// members follow a membership rule. Reading needs <see cref="PortalPermission.ReadDevices"/>;
/// changes need <see cref="PortalPermission.ManageGroupsAndProfiles"/> and are audited.
/// </summary>
public sealed class GroupService(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<TenantOptions> options,
    GroupMembershipService membership,
    AuditService audit, AccessGuard access,
    TimeProvider clock)
{
    private const string TargetType = "Group";

    private Guid TenantId => options.Value.Id;

    /// <summary>A page of groups by name; <paramref name="search"/> matches anywhere in the name.</summary>
    public async Task<PagedResult<DirectoryGroup>> ListAsync(PortalCaller caller, string? search, int skip, int take, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, "groups", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var groups = db.Groups.AsNoTracking().Where(g => g.TenantId == TenantId);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            groups = db.TextMatching().WhereLike(groups, g => g.DisplayName, LikePattern.Contains(term));
        }

        (skip, take) = (Math.Max(0, skip), Math.Clamp(take, 1, 500));
        var items = await groups.OrderBy(g => g.DisplayName).ThenBy(g => g.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return new PagedResult<DirectoryGroup>(items, await Paging.TotalAsync(groups, skip, take, items.Count, cancellationToken));
    }

    /// <summary>
    /// A keyset page for automation, in id order: at most <paramref name="take"/> groups matching
    /// <paramref name="filter"/> after <paramref name="after"/>, and whether more follow.
    /// </summary>
    public async Task<(IReadOnlyList<DirectoryGroup> Items, bool More)> ReadPageAsync(
        PortalCaller caller, GroupFilter filter, Guid? after, int take, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, "groups", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var groups = db.Groups.AsNoTracking().Where(g => g.TenantId == TenantId);
        if (filter.DisplayNameEquals is { } name)
        {
            groups = groups.Where(g => g.DisplayName == name);
        }

        if (filter.DisplayNameStartsWith is { } prefix)
        {
            // A range on the (TenantId, DisplayName) index.
            var end = prefix + "\uffff";
            groups = groups.Where(g => string.Compare(g.DisplayName, prefix) >= 0 && string.Compare(g.DisplayName, end) < 0);
        }

        if (filter.MembershipType is { } type)
        {
            // The (TenantId, MembershipType) index.
            groups = groups.Where(g => g.MembershipType == type);
        }

        if (after is { } last)
        {
            groups = groups.Where(g => g.Id.CompareTo(last) > 0);
        }

        var items = await groups.OrderBy(g => g.Id).Take(take + 1).ToListAsync(cancellationToken);
        return items.Count > take ? (items[..take], true) : (items, false);
    }

    public async Task<DirectoryGroup?> GetAsync(PortalCaller caller, Guid id, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, id.ToString(), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Groups.AsNoTracking().FirstOrDefaultAsync(g => g.Id == id && g.TenantId == TenantId, cancellationToken);
    }

    /// <summary>A page of a group's members, by device name.</summary>
    public async Task<PagedResult<GroupMemberItem>> ListMembersAsync(PortalCaller caller, Guid groupId, int skip, int take, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, groupId.ToString(), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var members = from m in db.GroupMembers.AsNoTracking()
                      join d in db.DirectoryDevices.AsNoTracking() on m.DeviceObjectId equals d.Id
                      where m.GroupId == groupId && d.TenantId == TenantId
                      select new { m, d };
        var total = await db.Groups.Where(g => g.Id == groupId && g.TenantId == TenantId).Select(g => g.MemberCount).FirstOrDefaultAsync(cancellationToken);
        var items = await members.OrderBy(x => x.d.DisplayName).ThenBy(x => x.d.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500))
            .Select(x => new GroupMemberItem(x.d.Id, x.d.DisplayName, x.d.Manufacturer, x.d.Model, x.d.OrderId, x.m.AddedAt))
            .ToListAsync(cancellationToken);
        return new PagedResult<GroupMemberItem>(items, Math.Max(total, items.Count + Math.Max(0, skip)));
    }

    /// <summary>Creates a group; a dynamic group's rule is checked, and its members are found at once.</summary>
    /// <exception cref="GroupException">The name is empty or taken, or the rule does not parse (the message points at the position).</exception>
    public async Task<DirectoryGroup> CreateAsync(PortalCaller caller, string displayName, string? description, GroupMembershipType type, string? rule,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ManageGroupsAndProfiles, displayName, cancellationToken);
        var name = ValidateName(displayName);
        var text = type == GroupMembershipType.Dynamic ? ValidateRule(rule).Text : null;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.Groups.AnyAsync(g => g.TenantId == TenantId && g.DisplayName == name, cancellationToken))
        {
            throw new GroupException("DisplayName", $"A group named '{name}' already exists; choose another name.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var group = new DirectoryGroup
        {
            Id = Guid.NewGuid(),
            TenantId = TenantId,
            DisplayName = name,
            Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim(),
            MembershipType = type,
            MembershipRule = text,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Groups.Add(group);
        audit.Add(db, caller, AuditActions.GroupCreated, TargetType, name, group.Id.ToString(), newValue: text ?? "assigned");
        await db.SaveChangesAsync(cancellationToken);
        if (type == GroupMembershipType.Dynamic)
        {
            await membership.RebuildAsync(group.Id, progress, cancellationToken);
        }

        return (await GetAsync(caller, group.Id, cancellationToken))!;
    }

    /// <summary>Changes a dynamic group's rule and re-evaluates it over every device.</summary>
    public async Task<RebuildResult> ChangeRuleAsync(PortalCaller caller, Guid groupId, string rule, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ManageGroupsAndProfiles, groupId.ToString(), cancellationToken);
        var parsed = ValidateRule(rule);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var group = await FindAsync(db, groupId, cancellationToken);
            if (group.MembershipType != GroupMembershipType.Dynamic)
            {
                throw new GroupException("MembershipRule", $"'{group.DisplayName}' is an assigned group: its members are added by hand, it has no rule.");
            }

            if (group.MembershipRule == parsed.Text)
            {
                return new RebuildResult(0, 0, 0, 0) { MemberCount = group.MemberCount };
            }

            audit.Add(db, caller, AuditActions.GroupRuleChanged, TargetType, group.DisplayName, group.Id.ToString(), group.MembershipRule, parsed.Text);
            group.MembershipRule = parsed.Text;
            group.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
        }

        return await membership.RebuildAsync(groupId, progress, cancellationToken);
    }

    /// <summary>Which devices a rule would take, before it is saved (Entra's "Validate rules"). Writes nothing.</summary>
    public async Task<RulePreview> PreviewRuleAsync(PortalCaller caller, MembershipRule rule, int sample, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, "rule preview", cancellationToken);
        return await membership.PreviewAsync(rule, sample, progress, cancellationToken);
    }

    /// <summary>Adds devices (directory object ids) to an assigned group; ones already members are left as they are.</summary>
    /// <summary>
    /// The Entra object of the Autopilot device with this serial number (exactly, ignoring case), for
    /// adding it to an assigned group: null when no device has the serial, or when it has no object.
    /// </summary>
    /// <summary>
    /// Finds the device to add as a member by its serial number or, for a serial several devices share (a firmware
    /// placeholder such as SMBIOS_STRING_INDEX_0), by its SMBIOS UUID.
    /// </summary>
    /// <exception cref="GroupException">Several devices have the serial; the message lists their SMBIOS UUIDs.</exception>
    public async Task<(bool Found, Guid? ObjectId)> FindMemberBySerialAsync(PortalCaller caller, string serialNumber, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ManageGroupsAndProfiles, serialNumber, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var devices = db.AutopilotDevices.AsNoTracking().Where(d => d.TenantId == TenantId);
        if (Guid.TryParse(serialNumber.Trim(), out var uuid))
        {
            devices = devices.Where(d => db.Registrations.Any(r => r.Id == d.RegistrationId && r.SmbiosUuid == uuid));
        }
        else
        {
            var key = Registration.HardwareIdentity.NormalizeSerial(serialNumber);
            devices = devices.Where(d => d.SerialKey == key);
        }

        var found = await devices
            .Select(d => new { d.DirectoryObjectId, Uuid = db.Registrations.Where(r => r.Id == d.RegistrationId).Select(r => r.SmbiosUuid).FirstOrDefault() })
            .Take(11).ToListAsync(cancellationToken);
        if (found.Count > 1)
        {
            var uuids = string.Join(", ", found.Take(10).Select(f => f.Uuid?.ToString() ?? "none"));
            throw new GroupException("Members",
                $"{(found.Count > 10 ? "More than 10" : found.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))} devices have the serial number '{serialNumber.Trim()}' " +
                $"(a firmware placeholder, most likely): enter the SMBIOS UUID of the one to add instead ({uuids}).");
        }

        var device = found.SingleOrDefault();
        var objectId = device?.DirectoryObjectId is { } id && await db.DirectoryDevices.AnyAsync(o => o.Id == id, cancellationToken) ? id : (Guid?)null;
        return (device is not null, objectId);
    }

    public async Task<int> AddMembersAsync(PortalCaller caller, Guid groupId, IReadOnlyCollection<Guid> deviceObjectIds, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ManageGroupsAndProfiles, groupId.ToString(), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var group = await FindAssignedAsync(db, groupId, cancellationToken);
        var ids = deviceObjectIds.Distinct().ToList();
        var devices = await db.DirectoryDevices.AsNoTracking().Where(d => ids.Contains(d.Id) && d.TenantId == TenantId)
            .Select(d => new { d.Id, d.DisplayName }).ToListAsync(cancellationToken);
        if (devices.Count != ids.Count)
        {
            throw new GroupException("Members", $"{ids.Count - devices.Count} of the chosen devices no longer exist; refresh and try again.");
        }

        var already = (await db.GroupMembers.Where(m => m.GroupId == groupId && ids.Contains(m.DeviceObjectId)).Select(m => m.DeviceObjectId)
            .ToListAsync(cancellationToken)).ToHashSet();
        var now = clock.GetUtcNow().UtcDateTime;
        var joined = devices.Where(d => !already.Contains(d.Id)).ToList();
        foreach (var device in joined)
        {
            db.GroupMembers.Add(new DirectoryGroupMember { GroupId = groupId, DeviceObjectId = device.Id, AddedAt = now });
            audit.Add(db, caller, AuditActions.GroupMemberAdded, TargetType, group.DisplayName, group.Id.ToString(), newValue: device.DisplayName);
        }

        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await membership.ResolveProfilesAsync(db, joined.Select(d => d.Id).ToList(), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return devices.Count - already.Count;
    }

    /// <summary>Removes devices from an assigned group.</summary>
    public async Task<int> RemoveMembersAsync(PortalCaller caller, Guid groupId, IReadOnlyCollection<Guid> deviceObjectIds, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ManageGroupsAndProfiles, groupId.ToString(), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var group = await FindAssignedAsync(db, groupId, cancellationToken);
        var ids = deviceObjectIds.Distinct().ToList();
        var members = await (from m in db.GroupMembers
                             join d in db.DirectoryDevices on m.DeviceObjectId equals d.Id
                             where m.GroupId == groupId && ids.Contains(m.DeviceObjectId)
                             select new { m, d.DisplayName }).ToListAsync(cancellationToken);
        foreach (var member in members)
        {
            db.GroupMembers.Remove(member.m);
            audit.Add(db, caller, AuditActions.GroupMemberRemoved, TargetType, group.DisplayName, group.Id.ToString(), oldValue: member.DisplayName);
        }

        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await membership.ResolveProfilesAsync(db, members.Select(m => m.m.DeviceObjectId).ToList(), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return members.Count;
    }

    /// <summary>Deletes a group and its memberships.</summary>
    public async Task DeleteAsync(PortalCaller caller, Guid groupId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ManageGroupsAndProfiles, groupId.ToString(), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var group = await FindAsync(db, groupId, cancellationToken);
        var assignedProfiles = await (from a in db.ProfileAssignments
                                      join p in db.DeploymentProfiles on a.ProfileId equals p.Id
                                      where a.GroupId == groupId
                                      select p.DisplayName).Distinct().ToListAsync(cancellationToken);
        if (assignedProfiles.Count > 0)
        {
            throw new GroupException("Group",
                $"'{group.DisplayName}' cannot be deleted: the deployment profiles {string.Join(", ", assignedProfiles.Order().Select(n => $"'{n}'"))} are assigned to it. Remove those assignments first.");
        }

        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.GroupMembers.Where(m => m.GroupId == groupId).ExecuteDeleteAsync(cancellationToken);
        db.Groups.Remove(group);
        audit.Add(db, caller, AuditActions.GroupDeleted, TargetType, group.DisplayName, group.Id.ToString(), oldValue: group.MembershipRule ?? "assigned");
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>Checks a rule as the editor needs it: the parsed rule, or the error with its position.</summary>
    public static MembershipRule ValidateRule(string? rule)
    {
        if (string.IsNullOrWhiteSpace(rule))
        {
            throw new GroupException("MembershipRule", "A dynamic group needs a membership rule, for example (device.devicePhysicalIds -any (_ -eq \"[OrderId]:Sales\")).");
        }

        return MembershipRule.TryParse(rule.Trim(), out var parsed, out var error)
            ? parsed
            : throw new GroupException("MembershipRule", error.Message) { RuleError = error };
    }

    private static string ValidateName(string? displayName)
    {
        var name = displayName?.Trim() ?? string.Empty;
        if (name.Length == 0)
        {
            throw new GroupException("DisplayName", "Enter a group name.");
        }

        return name.Length > 256 ? throw new GroupException("DisplayName", $"The group name has {name.Length} characters; at most 256 are allowed.") : name;
    }

    private async Task<DirectoryGroup> FindAsync(PortalDbContext db, Guid groupId, CancellationToken cancellationToken) =>
        await db.Groups.FirstOrDefaultAsync(g => g.Id == groupId && g.TenantId == TenantId, cancellationToken)
        ?? throw new GroupException("Group", "The group no longer exists; it may have been deleted. Refresh the list.");

    private async Task<DirectoryGroup> FindAssignedAsync(PortalDbContext db, Guid groupId, CancellationToken cancellationToken)
    {
        var group = await FindAsync(db, groupId, cancellationToken);
        return group.MembershipType == GroupMembershipType.Assigned
            ? group
            : throw new GroupException("Members", $"'{group.DisplayName}' is a dynamic group: its rule decides its members, they cannot be added or removed by hand.");
    }
}

/// <summary>
/// What an automation filter may ask of the groups: the display name equal or starting with (index
/// (TenantId, DisplayName)) and the membership type (index (TenantId, MembershipType)), combined with "and".
/// </summary>
public sealed record GroupFilter
{
    public string? DisplayNameEquals { get; init; }

    public string? DisplayNameStartsWith { get; init; }

    public GroupMembershipType? MembershipType { get; init; }
}

/// <summary>A member of a group as its page lists it.</summary>
public sealed record GroupMemberItem(Guid DeviceObjectId, string DisplayName, string? Manufacturer, string? Model, string? GroupTag, DateTime AddedAt);

/// <summary>A change to a group was refused; the message says what is wrong, <see cref="RuleError"/> where in the rule.</summary>
public sealed class GroupException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;

    public MembershipRuleError? RuleError { get; init; }
}
