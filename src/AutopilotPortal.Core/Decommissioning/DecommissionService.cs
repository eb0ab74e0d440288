using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Decommissioning;

/// <summary>
/// Starts decommissions, which remove a device's records in the order the real services require
/// (Intune managed-device record → Autopilot registration → Entra object), plans them, retries a
/// failed one and starts a motherboard replacement. Requests are written here; the
/// <see cref="DecommissionWorker"/> runs them (docs/decisions/0010). <see cref="DecommissionQueries"/>
/// reads them; <see cref="RecordDeletionService"/> holds the deletes of a single record.
/// </summary>
public sealed class DecommissionService(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<TenantOptions> options,
    AuditService audit, AccessGuard access,
    DeviceRegistrationService registration,
    DecommissionSignal signal,
    TimeProvider clock)
{
    /// <summary>The most devices one request takes.</summary>
    public const int MaxDevices = 1000;

    private const string DeviceTarget = "Device";

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
            var d = Decommission.Capture(TenantId, device, managed.GetValueOrDefault(device.Id)?.Id);
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

    private static string Describe(IReadOnlyCollection<Guid> ids) => ids.Count == 1 ? ids.First().ToString() : $"{ids.Count} devices";
}
