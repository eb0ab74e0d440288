using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Intune;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Decommissioning;

/// <summary>
/// What each step removes, written into the caller's context and transaction. Every step is
/// idempotent: a thing already gone counts as done, so a step interrupted after its commit (or
/// run again on retry) changes nothing the second time.
/// </summary>
public sealed class DecommissionSteps(Groups.GroupMembershipService membership)
{
    /// <summary>The result of a step: what it found, and a note for the admin when there is one.</summary>
    public sealed record StepResult(string Outcome, string? Note = null);

    /// <summary>What each kind of decommission runs, in order.</summary>
    public static IReadOnlyList<DecommissionStepKind> For(DecommissionKind kind) => kind switch
    {
        DecommissionKind.Full => [DecommissionStepKind.IntuneManagedDevice, DecommissionStepKind.AutopilotRegistration, DecommissionStepKind.EntraObject],
        DecommissionKind.OneStepDelete => [DecommissionStepKind.IntuneManagedDevice, DecommissionStepKind.AutopilotRegistration],
        DecommissionKind.MotherboardReplacement =>
            [DecommissionStepKind.IntuneManagedDevice, DecommissionStepKind.AutopilotRegistration, DecommissionStepKind.EntraObject, DecommissionStepKind.RegisterReplacement],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>How the page and the audit log name a step.</summary>
    public static string Label(DecommissionStepKind kind) => kind switch
    {
        DecommissionStepKind.IntuneManagedDevice => "Intune managed-device record",
        DecommissionStepKind.AutopilotRegistration => "Autopilot registration",
        DecommissionStepKind.EntraObject => "Entra device object",
        DecommissionStepKind.RegisterReplacement => "Register the new hardware hash",
        _ => kind.ToString(),
    };

    /// <summary>The note a hybrid-joined device's decommission leaves for the admin.</summary>
    public static string HybridNote(string name) =>
        $"The Entra object '{name}' is hybrid joined: it is synced from your on-premises Active Directory, so the portal removed only Autopilot's stamp from it. " +
        "Delete the computer object in on-premises AD yourself; Entra Connect then removes the Entra object at its next sync (deleting it in Entra alone would bring it back).";

    /// <summary>Step 1: the Intune managed-device record(s) of the device.</summary>
    public async Task<StepResult> RemoveManagedRecordAsync(PortalDbContext db, Decommission d, CancellationToken ct)
    {
        var device = await db.AutopilotDevices.FirstOrDefaultAsync(a => a.RegistrationId == d.RegistrationId, ct);
        var removed = await ManagedRecords(db, d, device).ExecuteDeleteAsync(ct);
        if (device is not null && device.Unenroll())
        {
            await db.SaveChangesAsync(ct);
        }

        return new StepResult(removed > 0 ? $"Removed {removed} managed-device record{(removed == 1 ? string.Empty : "s")}" : "Already gone (the device had no Intune record)");
    }

    /// <summary>Step 2: the DDS registration and Intune's Autopilot row. Refused while a managed-device record exists.</summary>
    public async Task<StepResult> RemoveRegistrationAsync(PortalDbContext db, Decommission d, CancellationToken ct)
    {
        var device = await db.AutopilotDevices.AsNoTracking().FirstOrDefaultAsync(a => a.RegistrationId == d.RegistrationId, ct);
        if (await ManagedRecords(db, d, device).AnyAsync(ct))
        {
            throw new DecommissionStepException(EnrolledReason(d.SerialNumber));
        }

        var registration = await db.Registrations.AsNoTracking().Where(r => r.Id == d.RegistrationId).Select(r => new { r.TenantId }).FirstOrDefaultAsync(ct);
        if (registration is not null && registration.TenantId != d.TenantId)
        {
            throw new DecommissionStepException(
                $"811 ZtdDeviceRegisteredByOtherTenant: device {d.SerialNumber} is registered by another organization, so this tenant cannot delete it.");
        }

        // The Intune row first: its foreign key points at the registration. Triggers keep the
        // tenant's device count and the serial search index right.
        var rows = await db.AutopilotDevices.Where(a => a.RegistrationId == d.RegistrationId).ExecuteDeleteAsync(ct);
        var registrations = await db.Registrations.Where(r => r.Id == d.RegistrationId).ExecuteDeleteAsync(ct);
        return new StepResult(registrations + rows > 0
            ? $"Removed the registration (ZTDID {d.Ztdid}){(rows > 0 ? " and the device from Intune's Autopilot list" : string.Empty)}"
            : "Already gone (the deployment service no longer had the registration)");
    }

    /// <summary>
    /// Step 3: the Entra object Autopilot created (ZTDID-stamped). It leaves its groups with it. A
    /// hybrid-joined object belongs to on-premises AD: only Autopilot's stamp is removed, and the
    /// admin is told the AD computer object is theirs to delete.
    /// </summary>
    public async Task<StepResult> RemoveEntraObjectAsync(PortalDbContext db, Decommission d, CancellationToken ct)
    {
        var objectId = d.DirectoryObjectId;
        var objects = await db.DirectoryDevices
            .Where(o => o.TenantId == d.TenantId && (o.Id == objectId || o.Ztdid == d.Ztdid))
            .ToListAsync(ct);
        var deleted = new List<Guid>();
        var unstamped = new List<DirectoryDevice>();
        string? note = null;
        foreach (var o in objects)
        {
            if (o.TrustType == DeviceTrustType.ServerAd)
            {
                o.PhysicalIds = PhysicalIds.WithoutZtdid(o.PhysicalIds);
                o.Ztdid = null;
                unstamped.Add(o);
                note = HybridNote(o.DisplayName);
            }
            else
            {
                db.DirectoryDevices.Remove(o);
                deleted.Add(o.Id);
            }
        }

        // Memberships go with a deleted object (cascade; a trigger keeps each group's count); an
        // unstamped hybrid object leaves the groups that matched its ZTDID. No profile needs resolving:
        // step 2 already removed the Autopilot device these objects stood for.
        await db.SaveChangesAsync(ct);
        if (unstamped.Count > 0)
        {
            await membership.EvaluateDevicesAsync(db, unstamped, ct);
            await db.SaveChangesAsync(ct);
        }
        var outcome = (deleted.Count, unstamped.Count) switch
        {
            (0, 0) => "Already gone (no Entra object carried the ZTDID)",
            (_, 0) => "Deleted the Entra device object",
            (0, _) => "Kept the hybrid-joined object and removed its ZTDID; its on-premises AD computer object is yours to delete",
            _ => "Deleted the Autopilot Entra object; kept the hybrid-joined object (its on-premises AD computer object is yours to delete)",
        };
        return new StepResult(outcome, note);
    }

    /// <summary>True when Intune still has a managed-device record for the device.</summary>
    public static Task<bool> IsEnrolledAsync(PortalDbContext db, Decommission d, AutopilotDevice? device, CancellationToken ct) =>
        ManagedRecords(db, d, device).AnyAsync(ct);

    /// <summary>Why the registration of an enrolled device cannot be deleted directly.</summary>
    public static string EnrolledReason(string serial) =>
        $"Device {serial} is enrolled in Intune: a managed-device record exists for it. Its Autopilot registration cannot be deleted while that record exists " +
        "(the device would stay managed with no registration behind it). Remove the Intune record first: decommission the device, which removes the Intune record, " +
        "then the Autopilot registration, then the Entra object, in that order.";

    private static IQueryable<ManagedDevice> ManagedRecords(PortalDbContext db, Decommission d, AutopilotDevice? device)
    {
        var ids = new[] { d.ManagedDeviceId, device?.ManagedDeviceId }.Where(i => i is not null).Select(i => i!.Value).Distinct().ToList();
        var entraDeviceId = d.AzureActiveDirectoryDeviceId ?? device?.AzureActiveDirectoryDeviceId;
        return db.ManagedDevices.Where(m => m.TenantId == d.TenantId
            && (ids.Contains(m.Id) || m.AutopilotDeviceId == d.AutopilotDeviceId || (entraDeviceId != null && m.AzureActiveDirectoryDeviceId == entraDeviceId)));
    }
}

/// <summary>A step that cannot run: the decommission stops with this reason and can be retried.</summary>
public sealed class DecommissionStepException(string message) : Exception(message);

/// <summary>A request the decommission rules refuse (an enrolled device's direct delete, a device already being decommissioned…).</summary>
public sealed class DecommissionRefusedException(string message, bool offerWorkflow = false) : Exception(message)
{
    /// <summary>True when the portal should offer the ordered workflow instead.</summary>
    public bool OfferWorkflow { get; } = offerWorkflow;
}
