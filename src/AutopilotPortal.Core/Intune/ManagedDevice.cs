using AutopilotPortal.Core.Profiles;

namespace AutopilotPortal.Core.Intune;

/// <summary>An Intune managed-device record, created when a device enrolls.</summary>
public sealed class ManagedDevice
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public required string DeviceName { get; set; }

    public required string SerialNumber { get; set; }

    public Guid? AzureActiveDirectoryDeviceId { get; set; }

    public string? UserPrincipalName { get; set; }

    public DateTime EnrolledDateTime { get; set; }

    /// <summary>The Autopilot device that enrolled (Intune's devices-list row); null for a device enrolled some other way.</summary>
    public Guid? AutopilotDeviceId { get; set; }

    public string? Manufacturer { get; set; }

    public string? Model { get; set; }

    /// <summary>Graph <c>managedDeviceOwnerType</c>: <c>company</c> for Autopilot devices.</summary>
    public string OwnerType { get; set; } = "company";

    /// <summary>Graph <c>deviceEnrollmentType</c>-like text: how the device enrolled (e.g. <c>windowsAzureADJoin</c>).</summary>
    public string? EnrollmentType { get; set; }

    /// <summary>The deployment profile the device enrolled with (Graph <c>enrollmentProfileName</c>).</summary>
    public string? EnrollmentProfileName { get; set; }

    public ProfileJoinType? JoinType { get; set; }

    public ProfileDeploymentMode? DeploymentMode { get; set; }

    /// <summary>True when the record was made by a pre-provisioning (white glove) run: the device cannot run Autopilot again until the record is deleted.</summary>
    public bool PreProvisioned { get; set; }
}
