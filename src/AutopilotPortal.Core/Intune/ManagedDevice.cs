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
}
