using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Groups;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Decommissioning;

/// <summary>
/// The single-record deletes that stand beside a decommission and run at once, in one transaction
/// with their audit entry: an Autopilot device's direct delete (refused while it is enrolled) and
/// an Entra object's delete on its own (possible, warned against), with the plan the warning shows.
/// </summary>
public sealed class RecordDeletionService(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<TenantOptions> options,
    AuditService audit, AccessGuard access,
    DecommissionSteps steps,
    GroupMembershipService membership)
{
    private const string DeviceTarget = "Device";

    /// <summary>What deleting a registered device's Entra object on its own does (DESIGN.md, Decommission).</summary>
    public static IReadOnlyList<string> EntraObjectConsequences { get; } =
    [
        "The device falls out of every dynamic group whose rule matched the object (group tag, ZTDID), and with them out of the deployment profile those groups assign.",
        "Self-deploying and pre-provisioning deployments of the device then fail with a ZTDID mismatch: they need the Entra object stamped with its ZTDID, and the ZTDID is never issued again.",
        "A user-driven deployment creates a new Entra object without the ZTDID, which no Autopilot dynamic group matches.",
        "The Autopilot device keeps pointing at the deleted object: its association is broken until the device is decommissioned and registered again.",
    ];

    private Guid TenantId => options.Value.Id;

    /// <summary>
    /// Deletes an Autopilot device directly (its registration and Intune row), the way Intune's
    /// "Delete" does for a device that never enrolled. Refused, with the reason and the workflow
    /// offered, while the device is enrolled; the Entra object stays.
    /// </summary>
    /// <exception cref="DecommissionRefusedException">The device is enrolled, being decommissioned, or gone.</exception>
    public async Task DeleteAutopilotDeviceAsync(PortalCaller caller, Guid deviceId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.DeleteDevices, deviceId.ToString(), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var device = await db.AutopilotDevices.AsNoTracking().FirstOrDefaultAsync(a => a.Id == deviceId && a.TenantId == TenantId, cancellationToken)
            ?? throw new DecommissionRefusedException("The device no longer exists; it may have been deleted already.");
        var request = Decommission.Capture(TenantId, device, null);
        // Enrolled means Intune has a managed-device record for it: the same test the plan (and so the dialog) makes.
        if (await DecommissionSteps.IsEnrolledAsync(db, request, device, cancellationToken))
        {
            throw new DecommissionRefusedException(DecommissionSteps.EnrolledReason(device.SerialNumber), offerWorkflow: true);
        }

        if (await db.Decommissions.AnyAsync(d => d.AutopilotDeviceId == deviceId && d.State != DecommissionState.Completed, cancellationToken))
        {
            throw new DecommissionRefusedException($"Device {device.SerialNumber} is being decommissioned already; see Decommissions.");
        }

        try
        {
            await steps.RemoveRegistrationAsync(db, request, cancellationToken);
        }
        catch (DecommissionStepException ex)
        {
            throw new DecommissionRefusedException(ex.Message);
        }

        audit.Add(db, caller, AuditActions.DeviceDeleted, DeviceTarget, device.SerialNumber, device.Id.ToString(),
            details: $"Autopilot registration (ZTDID {device.Ztdid}) and Intune row deleted; the Entra object was kept.");
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>What deleting this Entra object on its own would do, for the warning; null when it does not exist.</summary>
    public async Task<EntraDeletePlan?> PlanEntraDeleteAsync(PortalCaller caller, Guid objectId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.DeleteDevices, objectId.ToString(), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await PlanEntraDeleteAsync(db, objectId, cancellationToken);
    }

    private async Task<EntraDeletePlan?> PlanEntraDeleteAsync(PortalDbContext db, Guid objectId, CancellationToken cancellationToken)
    {
        var o = await db.DirectoryDevices.AsNoTracking().FirstOrDefaultAsync(x => x.Id == objectId && x.TenantId == TenantId, cancellationToken);
        if (o is null)
        {
            return null;
        }

        var serial = await db.AutopilotDevices.AsNoTracking().Where(a => a.DirectoryObjectId == objectId).Select(a => a.SerialNumber).FirstOrDefaultAsync(cancellationToken);
        var groups = await db.GroupMembers.AsNoTracking().Where(m => m.DeviceObjectId == objectId)
            .Join(db.Groups, m => m.GroupId, g => g.Id, (m, g) => g.DisplayName).OrderBy(n => n).ToListAsync(cancellationToken);
        var consequences = new List<string>();
        if (serial is not null || o.Ztdid is not null)
        {
            consequences.AddRange(EntraObjectConsequences);
        }
        else
        {
            consequences.Add("The object leaves its groups. It is not an Autopilot device's object.");
        }

        if (o.TrustType == DeviceTrustType.ServerAd)
        {
            consequences.Add("It is hybrid joined (synced from on-premises AD): Entra Connect brings it back at its next sync unless you delete the computer object in on-premises AD.");
        }

        return new EntraDeletePlan(o.DisplayName, serial, groups, consequences);
    }

    /// <summary>
    /// Deletes an Entra device object on its own. Possible for a registered device's object, and
    /// warned against (<see cref="EntraObjectConsequences"/>): it leaves its groups, the device's
    /// profile is resolved again, and the Autopilot device shows the broken association.
    /// </summary>
    /// <exception cref="DecommissionRefusedException">The object does not exist.</exception>
    public async Task DeleteEntraObjectAsync(PortalCaller caller, Guid objectId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.DeleteDevices, objectId.ToString(), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var plan = await PlanEntraDeleteAsync(db, objectId, cancellationToken)
            ?? throw new DecommissionRefusedException("That Entra object no longer exists.");
        var removed = await db.DirectoryDevices.Where(o => o.Id == objectId && o.TenantId == TenantId).ExecuteDeleteAsync(cancellationToken);
        if (removed == 0)
        {
            throw new DecommissionRefusedException("That Entra object no longer exists.");
        }

        // Its memberships went with it (cascade): the Autopilot device's profile follows its groups.
        await membership.ResolveProfilesAsync(db, [objectId], cancellationToken);
        audit.Add(db, caller, AuditActions.EntraObjectDeleted, "Entra device", plan.DisplayName, objectId.ToString(),
            details: plan.AutopilotSerialNumber is { } serial
                ? $"Deleted out of order: Autopilot device {serial} keeps its registration and now has no Entra object. Left groups: {(plan.Groups.Count == 0 ? "none" : string.Join(", ", plan.Groups))}."
                : $"Left groups: {(plan.Groups.Count == 0 ? "none" : string.Join(", ", plan.Groups))}.");
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }
}
