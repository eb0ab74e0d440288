using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Groups;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Decommissioning;

/// <summary>
/// Decommissions devices in the order the real services require (Intune managed-device record →
/// Autopilot registration → Entra object), and the deletes that stand beside it: an Autopilot
/// device's direct delete (refused while it is enrolled), an Entra object's delete on its own
/// (possible, warned against) and motherboard replacement. Requests are written here; the
/// <see cref="DecommissionWorker"/> runs them (docs/decisions/0010).
/// </summary>
public sealed class DecommissionService(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<TenantOptions> options,
    AuditService audit, AccessGuard access,
    DecommissionSteps steps,
    GroupMembershipService membership,
    DeviceRegistrationService registration,
    DecommissionSignal signal,
    TimeProvider clock)
{
    /// <summary>The most devices one request takes.</summary>
    public const int MaxDevices = 1000;

    private const string DeviceTarget = "Device";

    /// <summary>What deleting a registered device's Entra object on its own does (DESIGN.md, Decommission).</summary>
    public static IReadOnlyList<string> EntraObjectConsequences { get; } =
    [
        "The device falls out of every dynamic group whose rule matched the object (group tag, ZTDID), and with them out of the deployment profile those groups assign.",
        "Self-deploying and pre-provisioning deployments of the device then fail with a ZTDID mismatch: they need the Entra object stamped with its ZTDID, and the ZTDID is never issued again.",
        "A user-driven deployment creates a new Entra object without the ZTDID, which no Autopilot dynamic group matches.",
        "The Autopilot device keeps pointing at the deleted object: its association is broken until the device is decommissioned and registered again.",
    ];

    /// <summary>Why an old hardware hash cannot register the repaired device.</summary>
    public const string OldHashExplanation =
        "A hardware hash identifies the motherboard it was captured on: its SMBIOS UUID, its serial number and its TPM. After a motherboard replacement the old hash " +
        "describes hardware that is no longer in the device, so the deployment service would never match the repaired device to it. Capture a new hash on the repaired " +
        "device (Get-WindowsAutopilotInfo) and register that one; it becomes a new device with a new ZTDID.";

    private Guid TenantId => options.Value.Id;

    /// <summary>What decommissioning these devices would remove, per device, and what stops any of them.</summary>
    public async Task<DecommissionPlan> PlanAsync(PortalCaller caller, IReadOnlyCollection<Guid> deviceIds, DecommissionKind kind, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.DeleteDevices, Describe(deviceIds), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return new DecommissionPlan(kind, (await PlanWithRecordsAsync(db, RequestIds(deviceIds), cancellationToken)).Items);
    }

    /// <summary>
    /// Starts decommissioning the devices: one decommission per device (one batch when several),
    /// written in one transaction with their audit entries; the worker runs them. Refused as a
    /// whole, with the reason, when a device does not exist or is being decommissioned already.
    /// </summary>
    /// <exception cref="DecommissionRefusedException">A device cannot be decommissioned now.</exception>
    public async Task<IReadOnlyList<Guid>> StartAsync(PortalCaller caller, IReadOnlyCollection<Guid> deviceIds, DecommissionKind kind, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.DeleteDevices, Describe(deviceIds), cancellationToken);
        if (kind == DecommissionKind.MotherboardReplacement)
        {
            throw new DecommissionRefusedException("A motherboard replacement needs the new hardware hash: use the motherboard replacement flow.");
        }

        var ids = await StartCoreAsync(caller, deviceIds, kind, null, null, cancellationToken);
        signal.Wake();
        return ids;
    }

    /// <summary>
    /// Motherboard replacement: decommissions the old device in full and then registers
    /// <paramref name="newHardwareHash"/> (captured on the repaired device) as a new device with a new ZTDID.
    /// The hash is checked first; the old board's hash is refused with <see cref="OldHashExplanation"/>.
    /// </summary>
    /// <exception cref="DecommissionRefusedException">The hash is not valid, is the old board's, or is registered already.</exception>
    public async Task<Guid> ReplaceMotherboardAsync(PortalCaller caller, Guid oldDeviceId, string? newHardwareHash, string? groupTag, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.DeleteDevices, oldDeviceId.ToString(), cancellationToken);
        if (string.IsNullOrWhiteSpace(newHardwareHash))
        {
            throw new DecommissionRefusedException("Paste the new hardware hash, or upload the CSV that Get-WindowsAutopilotInfo wrote on the repaired device.");
        }

        try
        {
            // The new device's tag is held to what a tag edit allows (length, no control characters).
            groupTag = DeviceEditService.ValidateGroupTag(groupTag);
        }
        catch (DeviceValidationException ex)
        {
            throw new DecommissionRefusedException(ex.Message);
        }

        var prepared = RegistrationValidator.Prepare(new RegistrationRequest(2, null, null, newHardwareHash.Trim(), groupTag));
        if (prepared.Error is { } invalid)
        {
            throw new DecommissionRefusedException($"{invalid.Label}: {invalid.Message}");
        }

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var old = await db.AutopilotDevices.AsNoTracking().Where(a => a.Id == oldDeviceId && a.TenantId == TenantId)
                .Join(db.Registrations, a => a.RegistrationId, r => r.Id, (a, r) => new { r.HardwareKey, r.SmbiosUuid })
                .FirstOrDefaultAsync(cancellationToken)
                ?? throw new DecommissionRefusedException("The device no longer exists; it may have been decommissioned already.");
            if (old.HardwareKey == prepared.Identity!.HardwareKey || (old.SmbiosUuid is not null && old.SmbiosUuid == prepared.Identity.SmbiosUuid))
            {
                throw new DecommissionRefusedException("This is the old motherboard's hash. " + OldHashExplanation);
            }
        }

        var decision = await registration.DecideAsync(TenantId, [prepared], cancellationToken);
        if (decision.Outcomes[0]?.Error is { } refused)
        {
            throw new DecommissionRefusedException($"The new hash cannot be registered: {refused.Label}: {refused.Message}");
        }

        var ids = await StartCoreAsync(caller, [oldDeviceId], DecommissionKind.MotherboardReplacement, newHardwareHash.Trim(), groupTag, cancellationToken);
        signal.Wake();
        return ids[0];
    }

    /// <summary>Runs a failed decommission again from the step that failed (and the Intune step again if the device has re-enrolled meanwhile).</summary>
    /// <exception cref="DecommissionRefusedException">It does not exist or has not failed.</exception>
    public async Task RetryAsync(PortalCaller caller, Guid decommissionId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.DeleteDevices, decommissionId.ToString(), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var d = await db.Decommissions.Include(x => x.Steps).FirstOrDefaultAsync(x => x.Id == decommissionId && x.TenantId == TenantId, cancellationToken)
            ?? throw new DecommissionRefusedException("That decommission does not exist.");
        if (d.State != DecommissionState.Failed)
        {
            throw new DecommissionRefusedException($"The decommission of {d.SerialNumber} has not failed ({d.State}); only a failed one can be retried.");
        }

        var device = await db.AutopilotDevices.AsNoTracking().FirstOrDefaultAsync(a => a.RegistrationId == d.RegistrationId, cancellationToken);
        var reenrolled = await DecommissionSteps.IsEnrolledAsync(db, d, device, cancellationToken);
        foreach (var step in d.Steps)
        {
            if (step.State == DecommissionStepState.Failed
                || (reenrolled && step.Kind == DecommissionStepKind.IntuneManagedDevice && d.Steps.Any(s => s.State != DecommissionStepState.Completed && s.Kind == DecommissionStepKind.AutopilotRegistration)))
            {
                step.State = DecommissionStepState.Pending;
                step.CompletedAt = null;
                step.Outcome = null;
            }
        }

        audit.Add(db, caller, AuditActions.DecommissionRetried, DeviceTarget, d.SerialNumber, d.AutopilotDeviceId.ToString(), details: $"After: {d.FailureReason}");
        d.State = DecommissionState.Pending;
        d.FailureReason = null;
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        signal.Wake();
    }

    /// <summary>The newest decommissions first, with their steps.</summary>
    public async Task<PagedResult<DecommissionView>> ListAsync(PortalCaller caller, int skip, int take, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, "decommissions", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Decommissions.AsNoTracking().Where(d => d.TenantId == TenantId);
        (skip, take) = (Math.Max(0, skip), Math.Clamp(take, 1, 200));
        var items = await query.OrderByDescending(d => d.RequestedAt).ThenBy(d => d.SerialNumber)
            .Skip(skip).Take(take).Include(d => d.Steps).ToListAsync(cancellationToken);
        return new PagedResult<DecommissionView>(items.Select(ToView).ToList(), await Paging.TotalAsync(query, skip, take, items.Count, cancellationToken));
    }

    /// <summary>One decommission, or null.</summary>
    public async Task<DecommissionView?> GetAsync(PortalCaller caller, Guid decommissionId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, decommissionId.ToString(), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var d = await db.Decommissions.AsNoTracking().Include(x => x.Steps).FirstOrDefaultAsync(x => x.Id == decommissionId && x.TenantId == TenantId, cancellationToken);
        return d is null ? null : ToView(d);
    }

    /// <summary>The device's unfinished (pending, running or failed) decommission, or null: the device pane shows it.</summary>
    public async Task<DecommissionView?> FindUnfinishedForDeviceAsync(PortalCaller caller, Guid deviceId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, deviceId.ToString(), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var d = await db.Decommissions.AsNoTracking().Include(x => x.Steps)
            .Where(x => x.AutopilotDeviceId == deviceId && x.TenantId == TenantId && x.State != DecommissionState.Completed)
            .OrderByDescending(x => x.RequestedAt).FirstOrDefaultAsync(cancellationToken);
        return d is null ? null : ToView(d);
    }

    /// <summary>Progress of the bulk decommissions that still have work (or finished in the last hour).</summary>
    public async Task<IReadOnlyList<DecommissionBatchProgress>> BatchesAsync(PortalCaller caller, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, "decommissions", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var since = clock.GetUtcNow().UtcDateTime.AddHours(-1);

        // Only the batches with work left (a failed one waits for its retry) or finished within the hour:
        // the page asks every second while work runs, so old history must not be grouped each time.
        var live = db.Decommissions.Where(d => d.TenantId == TenantId && d.BatchId != null && (d.State != DecommissionState.Completed || d.CompletedAt >= since))
            .Select(d => d.BatchId);
        var rows = await db.Decommissions.AsNoTracking().Where(d => d.TenantId == TenantId && live.Contains(d.BatchId))
            .GroupBy(d => d.BatchId!.Value)
            .Select(g => new
            {
                BatchId = g.Key,
                Total = g.Count(),
                Completed = g.Count(d => d.State == DecommissionState.Completed),
                Failed = g.Count(d => d.State == DecommissionState.Failed),
                RequestedAt = g.Min(d => d.RequestedAt),
                Last = g.Max(d => d.CompletedAt),
            })
            .ToListAsync(cancellationToken);
        return rows.OrderByDescending(r => r.RequestedAt)
            .Select(r => new DecommissionBatchProgress(r.BatchId, r.Total, r.Completed, r.Failed, r.RequestedAt)).ToList();
    }

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
        var request = Capture(device, null);
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

    private async Task<IReadOnlyList<Guid>> StartCoreAsync(PortalCaller caller, IReadOnlyCollection<Guid> deviceIds, DecommissionKind kind,
        string? replacementHash, string? replacementGroupTag, CancellationToken cancellationToken)
    {
        var ids = RequestIds(deviceIds);
        if (ids.Count == 0)
        {
            throw new DecommissionRefusedException("Select at least one device.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var (plan, devices, managed) = await PlanWithRecordsAsync(db, ids, cancellationToken);
        if (plan.Where(p => p.Blocker is not null).Select(p => p.Blocker).ToList() is { Count: > 0 } blockers)
        {
            throw new DecommissionRefusedException(string.Join(" ", blockers.Take(5)) + (blockers.Count > 5 ? $" (and {blockers.Count - 5} more)" : string.Empty));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        Guid? batch = ids.Count > 1 ? Guid.CreateVersion7(now) : null;
        var created = new List<Guid>(ids.Count);
        foreach (var device in devices.Values.OrderBy(a => a.SerialKey))
        {
            var d = Capture(device, managed.GetValueOrDefault(device.Id)?.Id);
            d.Id = Guid.CreateVersion7(now);
            d.BatchId = batch;
            d.Kind = kind;
            d.State = DecommissionState.Pending;
            d.RequestedBy = caller.UserName;
            d.RequestedAt = now;
            d.ReplacementHash = replacementHash;
            d.ReplacementGroupTag = replacementGroupTag;
            d.Steps = DecommissionSteps.For(kind).Select((k, i) => new DecommissionStep { DecommissionId = d.Id, Order = i + 1, Kind = k }).ToList();
            db.Decommissions.Add(d);
            created.Add(d.Id);
            audit.Add(db, caller, AuditActions.DecommissionStarted, DeviceTarget, device.SerialNumber, device.Id.ToString(),
                details: $"{kind}: {string.Join(" → ", d.Steps.Select(s => DecommissionSteps.Label(s.Kind)))}{(batch is null ? string.Empty : $" (bulk of {ids.Count})")}.");
        }

        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return created;
    }

    /// <summary>
    /// The plan, the devices it is for (by id) and each device's managed-device record (by device id), read in a
    /// few set-based queries. The caller has taken the request's distinct ids and checked their number.
    /// </summary>
    private async Task<(List<DecommissionPlanItem> Items, Dictionary<Guid, AutopilotDevice> Devices, Dictionary<Guid, ManagedDevice> Managed)> PlanWithRecordsAsync(
        PortalDbContext db, IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        var devices = await db.AutopilotDevices.AsNoTracking().Where(a => ids.Contains(a.Id) && a.TenantId == TenantId).ToDictionaryAsync(a => a.Id, cancellationToken);
        var objectIds = devices.Values.Where(a => a.DirectoryObjectId != null).Select(a => a.DirectoryObjectId!.Value).ToList();
        var objects = await db.DirectoryDevices.AsNoTracking().Where(o => objectIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);
        var managedIds = devices.Values.Where(a => a.ManagedDeviceId != null).Select(a => a.ManagedDeviceId!.Value).ToList();
        var entraDeviceIds = devices.Values.Where(a => a.AzureActiveDirectoryDeviceId != null).Select(a => (Guid?)a.AzureActiveDirectoryDeviceId).ToList();
        var records = await db.ManagedDevices.AsNoTracking()
            .Where(m => m.TenantId == TenantId && (managedIds.Contains(m.Id) || (m.AutopilotDeviceId != null && ids.Contains(m.AutopilotDeviceId.Value))
                || entraDeviceIds.Contains(m.AzureActiveDirectoryDeviceId)))
            .ToListAsync(cancellationToken);
        var active = (await db.Decommissions.AsNoTracking().Where(d => ids.Contains(d.AutopilotDeviceId) && d.State != DecommissionState.Completed)
            .Select(d => new { d.AutopilotDeviceId, d.State }).ToListAsync(cancellationToken))
            .GroupBy(d => d.AutopilotDeviceId).ToDictionary(g => g.Key, g => g.First().State);
        var items = new List<DecommissionPlanItem>(ids.Count);
        var managed = new Dictionary<Guid, ManagedDevice>();
        foreach (var id in ids)
        {
            if (!devices.TryGetValue(id, out var device))
            {
                items.Add(new DecommissionPlanItem(id, "(unknown)", Guid.Empty, null, null, false,
                    $"Device {id} does not exist in your organization; it may have been decommissioned already."));
                continue;
            }

            // The same record the Intune step will remove (DecommissionSteps.ManagedRecords matches on the same three ids).
            var record = records.FirstOrDefault(m => m.Id == device.ManagedDeviceId || m.AutopilotDeviceId == device.Id
                || (device.AzureActiveDirectoryDeviceId != null && m.AzureActiveDirectoryDeviceId == device.AzureActiveDirectoryDeviceId));
            if (record is not null)
            {
                managed[id] = record;
            }

            var entra = device.DirectoryObjectId is { } oid && objects.TryGetValue(oid, out var o) ? o : null;
            var blocker = active.TryGetValue(id, out var state)
                ? state == DecommissionState.Failed
                    ? $"Device {device.SerialNumber} has a failed decommission: retry it on the Decommissions page."
                    : $"Device {device.SerialNumber} is being decommissioned already."
                : null;
            items.Add(new DecommissionPlanItem(id, device.SerialNumber, device.Ztdid, record?.DeviceName, entra?.DisplayName, entra?.TrustType == DeviceTrustType.ServerAd, blocker));
        }

        return (items, devices, managed);
    }

    /// <summary>The request's devices, each once; refused over <see cref="MaxDevices"/>.</summary>
    private static List<Guid> RequestIds(IReadOnlyCollection<Guid> deviceIds)
    {
        var ids = deviceIds.Distinct().ToList();
        return ids.Count <= MaxDevices
            ? ids
            : throw new DecommissionRefusedException($"One request takes at most {MaxDevices:N0} devices; {ids.Count:N0} were selected.");
    }

    private Decommission Capture(AutopilotDevice device, Guid? managedId) => new()
    {
        TenantId = TenantId,
        AutopilotDeviceId = device.Id,
        RegistrationId = device.RegistrationId,
        Ztdid = device.Ztdid,
        SerialNumber = device.SerialNumber,
        ManagedDeviceId = managedId ?? device.ManagedDeviceId,
        DirectoryObjectId = device.DirectoryObjectId,
        AzureActiveDirectoryDeviceId = device.AzureActiveDirectoryDeviceId,
        RequestedBy = "system",
    };

    private static DecommissionView ToView(Decommission d) => new(d.Id, d.BatchId, d.Kind, d.State, d.SerialNumber, d.AutopilotDeviceId, d.Ztdid, d.RequestedBy,
        d.RequestedAt, d.CompletedAt, d.FailureReason, d.Note, d.Attempts, d.ReplacementDeviceId, d.ReplacementZtdid,
        d.Steps.OrderBy(s => s.Order).Select(s => new DecommissionStepView(s.Order, s.Kind, DecommissionSteps.Label(s.Kind), s.State, s.CompletedAt, s.Outcome)).ToList());

    private static string Describe(IReadOnlyCollection<Guid> ids) => ids.Count == 1 ? ids.First().ToString() : $"{ids.Count} devices";
}
