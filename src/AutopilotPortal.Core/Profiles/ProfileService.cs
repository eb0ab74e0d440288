using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Profiles;

/// <summary>
/// Intune's deployment profiles of the portal's tenant: list, read, create, change, delete, assign
/// to groups, export as <c>AutopilotConfigurationFile.json</c>. Reading needs
/// <see cref="PortalPermission.ReadDevices"/>, changing <see cref="PortalPermission.ManageGroupsAndProfiles"/>.
/// Every change writes its audit entry in the same transaction, and an assignment change
/// re-resolves the profile of the devices it concerns in that transaction too.
/// </summary>
public sealed class ProfileService(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<TenantOptions> options,
    AuditService audit, AccessGuard access,
    ProfileResolver resolver,
    TimeProvider clock)
{
    private const string ProfileTarget = "Deployment profile";

    private Guid TenantId => options.Value.Id;

    /// <summary>The tenant's profiles, oldest first (the order in which they win).</summary>
    public async Task<IReadOnlyList<ProfileListItem>> ListAsync(PortalCaller caller, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, "deployment profiles", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.DeploymentProfiles.AsNoTracking()
            .Where(p => p.TenantId == TenantId)
            .OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)
            .Select(p => new ProfileListItem(p.Id, p.DisplayName, p.DeploymentMode, p.JoinType, p.AllowPreProvisioning,
                db.ProfileAssignments.Count(a => a.ProfileId == p.Id), p.CreatedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The tenant's profiles with all their settings, oldest first, in one query (the API writes every setting).</summary>
    public async Task<IReadOnlyList<DeploymentProfile>> ListProfilesAsync(PortalCaller caller, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, "deployment profiles", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.DeploymentProfiles.AsNoTracking()
            .Where(p => p.TenantId == TenantId)
            .OrderBy(p => p.CreatedAt).ThenBy(p => p.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>A profile of the tenant and its assignments; null if there is none with this id in the tenant.</summary>
    public async Task<ProfileDetails?> GetAsync(PortalCaller caller, Guid id, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, $"deployment profile {id}", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var profile = await db.DeploymentProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id && p.TenantId == TenantId, cancellationToken);
        if (profile is null)
        {
            return null;
        }

        var assignments = await (from a in db.ProfileAssignments.AsNoTracking()
                                 join g in db.Groups.AsNoTracking() on a.GroupId equals g.Id
                                 where a.ProfileId == id
                                 orderby a.Kind, g.DisplayName
                                 select new AssignedGroup(g.Id, g.DisplayName, a.Kind, g.MemberCount)).ToListAsync(cancellationToken);
        return new ProfileDetails(profile, assignments);
    }

    /// <summary>Creates a profile. It targets no device until it is assigned.</summary>
    /// <exception cref="ProfileValidationException">A setting breaks a rule.</exception>
    public async Task<DeploymentProfile> CreateAsync(PortalCaller caller, ProfileSettings settings, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ManageGroupsAndProfiles, "new deployment profile", cancellationToken);
        var valid = Check(settings);
        var now = clock.GetUtcNow().UtcDateTime;
        var profile = new DeploymentProfile { Id = Guid.NewGuid(), TenantId = TenantId, DisplayName = valid.DisplayName, CreatedAt = now, UpdatedAt = now };
        valid.ApplyTo(profile);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.DeploymentProfiles.Add(profile);
        audit.Add(db, caller, AuditActions.ProfileCreated, ProfileTarget, profile.DisplayName, profile.Id.ToString(), newValue: valid.Describe());
        await db.SaveChangesAsync(cancellationToken);
        return profile;
    }

    /// <summary>Changes a profile's settings. A new name reaches the devices it applies to at once.</summary>
    /// <exception cref="ProfileValidationException">A setting breaks a rule.</exception>
    /// <exception cref="ProfileException">809 (also for another tenant's profile).</exception>
    public async Task UpdateAsync(PortalCaller caller, Guid id, ProfileSettings settings, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ManageGroupsAndProfiles, $"deployment profile {id}", cancellationToken);
        var valid = Check(settings);
        await InTransactionAsync(async (db, ct) =>
        {
            var profile = await FindOwnAsync(db, id, ct);
            var before = ProfileSettings.From(profile);
            if (before == valid)
            {
                return;
            }

            valid.ApplyTo(profile);
            profile.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            audit.Add(db, caller, AuditActions.ProfileUpdated, ProfileTarget, profile.DisplayName, profile.Id.ToString(), before.Describe(), valid.Describe(),
                details: before.DisplayName == valid.DisplayName ? null : $"Renamed from '{before.DisplayName}'.");
            await db.SaveChangesAsync(ct);
            if (before.DisplayName != valid.DisplayName)
            {
                await db.AutopilotDevices.Where(d => d.DeploymentProfileId == id)
                    .ExecuteUpdateAsync(set => set.SetProperty(d => d.DeploymentProfileName, valid.DisplayName), ct);
            }
        }, cancellationToken);
    }

    /// <summary>Deletes a profile that is assigned to no group.</summary>
    /// <exception cref="ProfileException">809 (also for another tenant's profile), or the profile is still assigned (the message and <see cref="ProfileException.AssignedGroups"/> name the groups).</exception>
    public async Task DeleteAsync(PortalCaller caller, Guid id, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ManageGroupsAndProfiles, $"deployment profile {id}", cancellationToken);
        await InTransactionAsync(async (db, ct) =>
        {
            var profile = await FindOwnAsync(db, id, ct);
            var groups = await (from a in db.ProfileAssignments
                                join g in db.Groups on a.GroupId equals g.Id
                                where a.ProfileId == id
                                orderby g.DisplayName
                                select g.DisplayName).ToListAsync(ct);
            if (groups.Count > 0)
            {
                throw new ProfileException(
                    $"'{profile.DisplayName}' is still assigned to {(groups.Count == 1 ? "the group" : $"{groups.Count} groups:")} {string.Join(", ", groups.Select(g => $"'{g}'"))}. "
                    + "Remove its assignments first, then delete it.",
                    groups);
            }

            db.DeploymentProfiles.Remove(profile);
            audit.Add(db, caller, AuditActions.ProfileDeleted, ProfileTarget, profile.DisplayName, profile.Id.ToString(), ProfileSettings.From(profile).Describe());
            await db.SaveChangesAsync(ct);

            // No assignment means no device should have it; resolve any that still do (another profile may apply).
            await resolver.RecomputeForProfileAsync(db, id, ct);
        }, cancellationToken);
    }

    /// <summary>
    /// Includes a group in, or excludes it from, a profile (changing the kind of an existing
    /// assignment), then re-resolves the group's members. Assigning again the same way changes nothing.
    /// </summary>
    /// <exception cref="ProfileException">809 when the profile does not exist, 810 when it belongs to another tenant, or the group is unknown.</exception>
    public async Task AssignAsync(PortalCaller caller, Guid profileId, Guid groupId, AssignmentKind kind, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ManageGroupsAndProfiles, $"deployment profile {profileId}", cancellationToken);
        await InTransactionAsync(async (db, ct) =>
        {
            var profile = await FindOwnAsync(db, profileId, ct, assigning: true);
            var group = await db.Groups.AsNoTracking().FirstOrDefaultAsync(g => g.Id == groupId && g.TenantId == TenantId, ct)
                ?? throw new ProfileException("Group: the group does not exist in this organization; it may have been deleted. Pick another group.");
            var existing = await db.ProfileAssignments.FirstOrDefaultAsync(a => a.ProfileId == profileId && a.GroupId == groupId, ct);
            if (existing?.Kind == kind)
            {
                return;
            }

            var old = existing is null ? null : $"{existing.Kind}: {group.DisplayName}";
            if (existing is null)
            {
                db.ProfileAssignments.Add(new ProfileAssignment { ProfileId = profileId, GroupId = groupId, Kind = kind, CreatedAt = clock.GetUtcNow().UtcDateTime });
            }
            else
            {
                existing.Kind = kind;
            }

            audit.Add(db, caller, AuditActions.ProfileAssigned, ProfileTarget, profile.DisplayName, profile.Id.ToString(), old, $"{kind}: {group.DisplayName}",
                details: $"Group id {group.Id}");
            await db.SaveChangesAsync(ct);
            await resolver.RecomputeForGroupAsync(db, groupId, ct);
        }, cancellationToken);
    }

    /// <summary>Removes a group's assignment (include or exclude) and re-resolves its members. Removing one that is not there changes nothing.</summary>
    /// <exception cref="ProfileException">809 (also for another tenant's profile).</exception>
    public async Task UnassignAsync(PortalCaller caller, Guid profileId, Guid groupId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ManageGroupsAndProfiles, $"deployment profile {profileId}", cancellationToken);
        await InTransactionAsync(async (db, ct) =>
        {
            var profile = await FindOwnAsync(db, profileId, ct);
            var existing = await db.ProfileAssignments.FirstOrDefaultAsync(a => a.ProfileId == profileId && a.GroupId == groupId, ct);
            if (existing is null)
            {
                return;
            }

            var groupName = await db.Groups.Where(g => g.Id == groupId).Select(g => g.DisplayName).FirstOrDefaultAsync(ct) ?? groupId.ToString();
            db.ProfileAssignments.Remove(existing);
            audit.Add(db, caller, AuditActions.ProfileUnassigned, ProfileTarget, profile.DisplayName, profile.Id.ToString(), $"{existing.Kind}: {groupName}", null,
                details: $"Group id {groupId}");
            await db.SaveChangesAsync(ct);
            await resolver.RecomputeForGroupAsync(db, groupId, ct);
        }, cancellationToken);
    }

    /// <summary>The tenant's groups whose name starts with (or, from three characters, contains) the search, by name; at most <paramref name="take"/>.</summary>
    public async Task<IReadOnlyList<GroupChoice>> SearchGroupsAsync(PortalCaller caller, string? search, int take = 20, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, "groups", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var groups = db.Groups.AsNoTracking().Where(g => g.TenantId == TenantId);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            groups = groups.Where(g => g.DisplayName.ToLower().Contains(term.ToLower()));
        }

        return await groups.OrderBy(g => g.DisplayName).ThenBy(g => g.Id).Take(Math.Clamp(take, 1, 100))
            .Select(g => new GroupChoice(g.Id, g.DisplayName, g.MemberCount, g.MembershipType == GroupMembershipType.Dynamic))
            .ToListAsync(cancellationToken);
    }

    /// <summary>A page of the devices the profile applies to, by serial number.</summary>
    public async Task<PagedResult<AssignedDevice>> ListAssignedDevicesAsync(PortalCaller caller, Guid profileId, int skip, int take, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, $"devices of deployment profile {profileId}", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var devices = db.AutopilotDevices.AsNoTracking().Where(d => d.TenantId == TenantId && d.DeploymentProfileId == profileId);
        (skip, take) = (Math.Max(0, skip), Math.Clamp(take, 1, 500));
        var items = await devices.OrderBy(d => d.SerialKey).ThenBy(d => d.Id)
            .Skip(skip).Take(take)
            .Select(d => new AssignedDevice(d.Id, d.SerialNumber, d.Manufacturer, d.Model, d.GroupTag, d.ProfileStatus, d.ProfileAssignedDateTime))
            .ToListAsync(cancellationToken);
        var total = await Paging.TotalAsync(devices, skip, take, items.Count, cancellationToken);
        return new PagedResult<AssignedDevice>(items, total);
    }

    /// <summary>Serial numbers of the tenant's devices that start with the search, in order; for the name template preview.</summary>
    public async Task<IReadOnlyList<string>> SearchSerialNumbersAsync(PortalCaller caller, string? search, int take = 10, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, "devices", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var devices = db.AutopilotDevices.AsNoTracking().Where(d => d.TenantId == TenantId);
        var term = HardwareIdentity.NormalizeSerial(search);
        if (term.Length > 0)
        {
            var upper = term + "\uffff";
            devices = devices.Where(d => string.Compare(d.SerialKey, term) >= 0 && string.Compare(d.SerialKey, upper) < 0);
        }

        return await devices.OrderBy(d => d.SerialKey).Take(Math.Clamp(take, 1, 50)).Select(d => d.SerialNumber).ToListAsync(cancellationToken);
    }

    /// <summary>The profile as <c>AutopilotConfigurationFile.json</c> (ASCII), for "Autopilot for existing devices". Audited as an export.</summary>
    /// <exception cref="ProfileException">809 (also for another tenant's profile).</exception>
    public async Task<ProfileFile> ExportConfigurationFileAsync(PortalCaller caller, Guid id, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, $"deployment profile {id}", cancellationToken);
        DeploymentProfile profile;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            profile = await FindOwnAsync(db, id, cancellationToken);
        }

        var content = AutopilotConfigurationFile.WriteBytes(profile, TenantId, options.Value.Domain);
        await audit.WriteAsync(caller, AuditActions.DataExported, ProfileTarget, profile.DisplayName, profile.Id.ToString(),
            details: AutopilotConfigurationFile.FileName, cancellationToken: CancellationToken.None);
        return new ProfileFile(AutopilotConfigurationFile.FileName, content);
    }

    private static ProfileSettings Check(ProfileSettings settings)
    {
        var normalized = settings.Normalized();
        var errors = ProfileRules.Validate(normalized);
        return errors.Count > 0 ? throw new ProfileValidationException(errors) : normalized;
    }

    /// <summary>
    /// The tenant's profile, tracked. Another tenant's reads as 809, exactly like an id nobody has,
    /// so an id never confirms that another tenant's profile exists. Only assigning another
    /// tenant's profile is 810, as the service answers it (<paramref name="assigning"/>).
    /// </summary>
    private async Task<DeploymentProfile> FindOwnAsync(PortalDbContext db, Guid id, CancellationToken cancellationToken, bool assigning = false)
    {
        var profile = await db.DeploymentProfiles.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (profile is not null && profile.TenantId == TenantId)
        {
            return profile;
        }

        throw profile is not null && assigning
            ? new ProfileException(new RegistrationError(RegistrationErrorKind.ZtdProfileAssignedToOtherTenant,
                "This deployment profile belongs to another organization; use one of your own profiles."))
            : new ProfileException(new RegistrationError(RegistrationErrorKind.ZtdProfileIsNotRegistered,
                $"No deployment profile has the id {id}; it may have been deleted. Refresh the list."));
    }

    private async Task InTransactionAsync(Func<PortalDbContext, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await work(db, ct);
            await tx.CommitAsync(ct);
        }, cancellationToken);
    }
}
