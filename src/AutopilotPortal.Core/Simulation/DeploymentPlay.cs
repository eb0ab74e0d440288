using System.Globalization;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Registration;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Simulation;

/// <summary>
/// One run's deployment as the device goes through OOBE: it presents its hash, the deployment
/// service matches it and hands out the delivered profile, and the profile's mode decides the
/// checks and the enrollment. Every check comes before any change, so a failed run changes
/// nothing but the device's last-contacted time. The steps and the result go on <paramref name="run"/>.
/// </summary>
/// <param name="db">The run's context; the caller owns its transaction and saves.</param>
/// <param name="tenantId">The tenant the device belongs to.</param>
/// <param name="run">The event the steps and the result are written to.</param>
/// <param name="now">The run's time: last contact, enrollment and new objects' creation.</param>
internal sealed class DeploymentPlay(PortalDbContext db, Guid tenantId, DeploymentEvent run, DateTime now)
{
    /// <summary>Runs the steps; returns the Entra objects it changed (empty when the run did not enroll).</summary>
    public async Task<List<DirectoryDevice>> RunAsync(AutopilotDevice device, CancellationToken ct)
    {
        var steps = run.Steps;

        // 1. The device presents its hash: the one the deployment service last received for it.
        var registration = await db.Registrations.FirstOrDefaultAsync(r => r.Id == device.RegistrationId, ct);
        if (registration is null)
        {
            steps.Add("The device boots into OOBE and presents its hardware hash.");
            steps.Add("Deployment service: no registration matches this hardware.");
            return Fail(DeploymentResult.Failed, DeploymentFailure.NotRegistered,
                "Not registered: normal OOBE. The deployment service no longer holds a registration for this device, so it gets no Autopilot profile and sets up as a personal device. Register its hardware hash again (or sync, if it was deleted on purpose).");
        }

        HardwareHashInfo? hardware = null;
        if (registration.HardwareHash is { } bytes)
        {
            var decoded = HardwareHash.Decode(StoredHash.Expand(bytes, registration.HardwareHashLength));
            hardware = decoded.Info;
            steps.Add(decoded.IsValid
                ? $"The device boots into OOBE and presents its hardware hash: {decoded.Info!.Manufacturer} {decoded.Info.Model}, serial {decoded.Info.SerialNumber}, "
                    + $"{(decoded.Info.IsVirtualMachine ? $"virtual machine ({decoded.Info.VirtualMachineKind})" : "physical device")}, TPM {decoded.Info.TpmSpecVersion ?? "none"}."
                : $"The device boots into OOBE and presents its hardware hash, which cannot be decoded: {decoded.Message}");
        }
        else
        {
            steps.Add("The device boots into OOBE and presents its hardware hash; the deployment service keeps none for it, so its hardware is not known.");
        }

        // 2. The deployment service matches it to the registration. The hash is the registration's own, and
        // registration already refused any other registration of the same hardware (806 / 808 / 813), so the
        // match is this registration.
        device.LastContactedDateTime = now;
        steps.Add($"Deployment service: matched registration ZTDID {registration.Ztdid:D}; last contacted set to {now.ToString("u", CultureInfo.InvariantCulture)}.");

        // 3. The profile handed out: what the last sync delivered, not what the assignments now intend.
        if (device.AssignedProfileId is not { } profileId)
        {
            steps.Add(device.DeploymentProfileId is null
                ? "Deployment service: no profile is assigned to the device."
                : $"Deployment service: profile '{device.DeploymentProfileName}' is intended but not yet delivered (sync to deliver it).");
            return Fail(DeploymentResult.NoProfile, null,
                device.DeploymentProfileId is null
                    ? "No profile: normal OOBE. The device gets no Autopilot profile, so it is not enrolled through Autopilot. Assign a profile to a group the device is in, sync, and simulate again."
                    : $"No profile: normal OOBE. Profile '{device.DeploymentProfileName}' applies to the device but the deployment service has not received it yet. Sync, then simulate again.");
        }

        var profile = await db.DeploymentProfiles.AsNoTracking().FirstOrDefaultAsync(p => p.Id == profileId && p.TenantId == tenantId, ct);
        if (profile is null)
        {
            steps.Add($"Deployment service: the delivered profile '{device.AssignedProfileName}' no longer exists.");
            return Fail(DeploymentResult.Failed, DeploymentFailure.ProfileMissing,
                $"The profile the device received, '{device.AssignedProfileName}', has been deleted. Sync so the device receives the profile that applies now, then simulate again.");
        }

        var mode = profile.DeploymentMode == ProfileDeploymentMode.SelfDeploying ? DeploymentRunMode.SelfDeploying
            : profile.AllowPreProvisioning ? DeploymentRunMode.PreProvisioning : DeploymentRunMode.UserDriven;
        (run.ProfileId, run.ProfileName, run.Mode, run.JoinType) = (profile.Id, profile.DisplayName, mode, profile.JoinType);
        steps.Add($"Deployment service: hands out profile '{profile.DisplayName}' ({DeploymentSimulator.Describe(mode)}, {(profile.JoinType == ProfileJoinType.HybridJoined ? "Microsoft Entra hybrid join" : "Microsoft Entra join")}).");

        // 4. Per mode. Every check comes before any change, so a failed run changes nothing else.
        var existing = await db.ManagedDevices
            .Where(m => m.TenantId == tenantId && m.AutopilotDeviceId == device.Id)
            .OrderByDescending(m => m.EnrolledDateTime)
            .FirstOrDefaultAsync(ct);
        if (existing is { PreProvisioned: true })
        {
            if (device.UserlessEnrollmentStatus != UserlessEnrollmentStatus.Allowed)
            {
                steps.Add($"Intune: the device already has a managed-device record from pre-provisioning (enrolled {existing.EnrolledDateTime.ToString("u", CultureInfo.InvariantCulture)}); its next enrollment is blocked.");
                return Fail(DeploymentResult.Failed, DeploymentFailure.AlreadyPreProvisioned,
                    $"A pre-provisioned device cannot deploy again until its Intune record is deleted or its next enrollment is allowed. Delete managed device '{existing.DeviceName}' in Intune, or allow the device's next enrollment (Graph allowNextEnrollment), then simulate again.");
            }

            steps.Add($"Intune: the device has a managed-device record from pre-provisioning (enrolled {existing.EnrolledDateTime.ToString("u", CultureInfo.InvariantCulture)}), and its next enrollment is allowed.");
        }

        var attested = mode is DeploymentRunMode.SelfDeploying or DeploymentRunMode.PreProvisioning;
        if (attested)
        {
            if (hardware is null)
            {
                steps.Add("TPM attestation: the hardware is not known, so there is no TPM to attest with.");
                return Fail(DeploymentResult.Failed, DeploymentFailure.TpmVersion,
                    $"{DeploymentSimulator.Describe(mode)} needs a physical device with TPM 2.0, and this device's hardware hash is not known. Register the device by its hardware hash, or use a user-driven profile.");
            }

            if (hardware.IsVirtualMachine)
            {
                steps.Add($"TPM attestation: refused, the device is a virtual machine ({hardware.VirtualMachineKind}).");
                return Fail(DeploymentResult.Failed, DeploymentFailure.VirtualMachine,
                    $"{DeploymentSimulator.Describe(mode)} needs a physical device; this one is a {hardware.VirtualMachineKind} virtual machine, which cannot attest its TPM. Use a user-driven profile for virtual machines.");
            }

            if (hardware.TpmSpecVersion != "2.0")
            {
                steps.Add($"TPM attestation: refused, the device has {(hardware.TpmSpecVersion is null ? "no TPM" : "TPM " + hardware.TpmSpecVersion)}.");
                return Fail(DeploymentResult.Failed, DeploymentFailure.TpmVersion,
                    $"{DeploymentSimulator.Describe(mode)} needs TPM 2.0; this device has {(hardware.TpmSpecVersion is null ? "no TPM" : "TPM " + hardware.TpmSpecVersion)}. Upgrade the TPM firmware, or use a user-driven profile.");
            }

            steps.Add("TPM attestation: physical device with TPM 2.0, attested.");
        }

        var ztdObject = await db.DirectoryDevices.FirstOrDefaultAsync(o => o.TenantId == tenantId && o.Ztdid == registration.Ztdid, ct);
        if (ztdObject is null && attested)
        {
            steps.Add($"Entra: no device object carries ZTDID {registration.Ztdid:D}.");
            return Fail(DeploymentResult.Failed, DeploymentFailure.ZtdidMismatch,
                $"ZTDID mismatch: the Entra device object stamped with this device's ZTDID was deleted, and {DeploymentSimulator.Describe(mode).ToLowerInvariant()} authenticates the device as that object. "
                + "Deregister the device from Autopilot and register its hardware hash again (which creates a new stamped object), then sync and simulate again.");
        }

        var name = ComputeName(profile, device, registration, out var nameProblem);
        if (name is null)
        {
            steps.Add($"Device name: {nameProblem}");
            return Fail(DeploymentResult.Failed, DeploymentFailure.InvalidDeviceName, nameProblem!);
        }

        // Every check passed: enroll.
        return await EnrollAsync(new Enrollment(device, registration, profile, mode, name, ztdObject, existing), ct);
    }

    /// <summary>Enrolls the device as the checked run allows: Entra object(s), the managed-device record, Intune's row. Returns the Entra objects it changed.</summary>
    private async Task<List<DirectoryDevice>> EnrollAsync(Enrollment enrollment, CancellationToken ct)
    {
        var (device, registration, profile, mode, name, ztdObject, existing) = enrollment;
        var steps = run.Steps;
        steps.Add(profile.DeviceNameTemplate is not null
            ? $"Device name: '{name}' from template '{profile.DeviceNameTemplate}'."
            : $"Device name: '{name}'.");
        var changed = new List<DirectoryDevice>();
        DirectoryDevice joined;
        if (ztdObject is not null)
        {
            ztdObject.AccountEnabled = true;
            if (profile.JoinType == ProfileJoinType.EntraJoined)
            {
                ztdObject.DisplayName = name;
            }

            joined = ztdObject;
            steps.Add($"Entra: device object {ztdObject.DeviceId:D} (ZTDID-stamped) enabled{(profile.JoinType == ProfileJoinType.EntraJoined ? $" and named '{name}'" : string.Empty)}.");
        }
        else
        {
            joined = NewObject(registration, name, DeviceTrustType.AzureAd);
            db.DirectoryDevices.Add(joined);
            steps.Add($"Entra: the ZTDID-stamped object was deleted, so the join creates a new device object {joined.DeviceId:D} without the ZTDID; dynamic groups that look for [ZTDID] will not take it.");
        }

        changed.Add(joined);
        device.DirectoryObjectId = joined.Id;
        device.AzureActiveDirectoryDeviceId = joined.DeviceId;
        var enrolledAs = joined;
        if (profile.JoinType == ProfileJoinType.HybridJoined)
        {
            // The AD-synced object is the stamped one when registration stamped an existing hybrid object;
            // otherwise an unstamped one for the same hardware (the (TenantId, HardwareKey) WHERE Ztdid IS NULL index).
            var synced = joined.TrustType == DeviceTrustType.ServerAd ? joined : await db.DirectoryDevices.FirstOrDefaultAsync(
                o => o.TenantId == tenantId && o.HardwareKey == registration.HardwareKey && o.Ztdid == null && o.TrustType == DeviceTrustType.ServerAd, ct);
            if (synced is null)
            {
                synced = NewObject(registration, name, DeviceTrustType.ServerAd);
                db.DirectoryDevices.Add(synced);
                steps.Add($"Active Directory: the device joins the domain as '{name}'; Entra Connect syncs it as a second device object {synced.DeviceId:D} (hybrid joined, trust type ServerAd).");
            }
            else
            {
                synced.AccountEnabled = true;
                synced.DisplayName = name;
                steps.Add($"Active Directory: the device rejoins the domain as '{name}'; its synced device object {synced.DeviceId:D} (ServerAd) is reused.");
            }

            if (synced != joined)
            {
                changed.Add(synced);
            }

            enrolledAs = synced;
        }

        // Entra records the profile the device enrolled with; groups on device.enrollmentProfileName follow.
        foreach (var o in changed)
        {
            o.EnrollmentProfileName = profile.DisplayName;
        }

        var managed = existing ?? new ManagedDevice
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenantId,
            DeviceName = name,
            SerialNumber = device.SerialNumber,
        };
        managed.DeviceName = name;
        managed.SerialNumber = device.SerialNumber;
        managed.AzureActiveDirectoryDeviceId = enrolledAs.DeviceId;
        managed.UserPrincipalName = mode == DeploymentRunMode.SelfDeploying ? null : device.UserPrincipalName;
        managed.EnrolledDateTime = now;
        managed.AutopilotDeviceId = device.Id;
        managed.Manufacturer = device.Manufacturer;
        managed.Model = device.Model;
        managed.OwnerType = "company";
        managed.EnrollmentType = mode switch
        {
            DeploymentRunMode.SelfDeploying => "Autopilot self-deploying (device authentication)",
            DeploymentRunMode.PreProvisioning => "Autopilot pre-provisioning (technician flow)",
            _ => profile.JoinType == ProfileJoinType.HybridJoined ? "Autopilot user-driven (hybrid join)" : "Autopilot user-driven (Entra join)",
        };
        managed.EnrollmentProfileName = profile.DisplayName;
        managed.JoinType = profile.JoinType;
        managed.DeploymentMode = profile.DeploymentMode;
        managed.PreProvisioned = mode == DeploymentRunMode.PreProvisioning;
        if (existing is null)
        {
            db.ManagedDevices.Add(managed);
            steps.Add($"Intune: managed-device record {managed.Id:D} created, enrollment state enrolled{(managed.UserPrincipalName is null ? string.Empty : $", user {managed.UserPrincipalName}")}.");
        }
        else
        {
            steps.Add($"Intune: the device re-enrolls; its managed-device record {managed.Id:D} is reused and refreshed.");
        }

        device.EnrollmentState = EnrollmentState.Enrolled;
        device.ManagedDeviceId = managed.Id;
        device.DisplayName = name;
        // An allowed next enrollment is used up by this one; pre-provisioning blocks the next again.
        device.UserlessEnrollmentStatus = mode == DeploymentRunMode.PreProvisioning ? UserlessEnrollmentStatus.Blocked : UserlessEnrollmentStatus.Unknown;
        if (mode == DeploymentRunMode.PreProvisioning)
        {
            steps.Add("Pre-provisioning complete: the device is resealed and ready to ship; it cannot run Autopilot again until its Intune record is deleted or its next enrollment is allowed.");
        }

        (run.Result, run.DeviceName, run.ManagedDeviceId) = (DeploymentResult.Succeeded, name, managed.Id);
        return changed;
    }

    /// <summary>
    /// The name the device gets: the profile's template when it has one; otherwise the name set on
    /// the device in Intune; otherwise what Windows picks (a hybrid device's domain join names it;
    /// the model takes the serial, as a domain join configuration with <c>%SERIAL%</c> would).
    /// </summary>
    private static string? ComputeName(DeploymentProfile profile, AutopilotDevice device, DeviceRegistration registration, out string? problem)
    {
        problem = null;
        if (!string.IsNullOrWhiteSpace(profile.DeviceNameTemplate))
        {
            var name = DeviceNameTemplate.Expand(profile.DeviceNameTemplate, registration.SerialNumber, Random.Shared);
            problem = name is null
                ? $"The profile's device name template '{profile.DeviceNameTemplate}' is not valid; fix it on the profile, then simulate again."
                : DeviceNameTemplate.CheckName(name);
            return problem is null ? name : null;
        }

        if (!string.IsNullOrWhiteSpace(device.DisplayName))
        {
            return device.DisplayName;
        }

        if (profile.JoinType == ProfileJoinType.HybridJoined)
        {
            var serial = DeviceNameTemplate.Expand("%SERIAL%", registration.SerialNumber, Random.Shared)!;
            problem = DeviceNameTemplate.CheckName(serial);
            return problem is null ? serial : null;
        }

        const string letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        return "DESKTOP-" + new string(Enumerable.Range(0, 7).Select(_ => letters[Random.Shared.Next(letters.Length)]).ToArray());
    }

    private DirectoryDevice NewObject(DeviceRegistration registration, string name, DeviceTrustType trust) => new()
    {
        Id = Guid.CreateVersion7(now),
        DeviceId = Guid.NewGuid(),
        TenantId = registration.TenantId,
        DisplayName = name,
        AccountEnabled = true,
        TrustType = trust,
        OperatingSystem = "Windows",
        Manufacturer = registration.Manufacturer,
        Model = registration.Model,
        PhysicalIds = [PhysicalIds.HwidPrefix + registration.HardwareKey],
        HardwareKey = registration.HardwareKey,
        Ztdid = null,
        CreatedAt = now,
    };

    private List<DirectoryDevice> Fail(DeploymentResult result, DeploymentFailure? code, string reason)
    {
        (run.Result, run.FailureCode, run.FailureReason) = (result, code, reason);
        run.Steps.Add(result == DeploymentResult.NoProfile ? "Result: normal OOBE, no Autopilot enrollment." : $"Result: failed ({code}).");
        return [];
    }
}

/// <summary>What a checked run enrolls with.</summary>
internal sealed record Enrollment(
    AutopilotDevice Device,
    DeviceRegistration Registration,
    DeploymentProfile Profile,
    DeploymentRunMode Mode,
    string Name,
    DirectoryDevice? ZtdObject,
    ManagedDevice? Existing);
