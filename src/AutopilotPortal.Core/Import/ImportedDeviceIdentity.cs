namespace AutopilotPortal.Core.Import;

/// <summary>
/// Intune's <c>importedWindowsAutopilotDeviceIdentity</c>: one hardware hash uploaded through the API
/// (as <c>Get-WindowsAutopilotInfo -Online</c> and the WindowsAutopilotIntune module do), and what its
/// registration gave. It reads <see cref="ImportedDeviceStatus.Unknown"/> while it is processed.
/// </summary>
public sealed class ImportedDeviceIdentity
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>The batch it came in (an <c>import</c> action, or the create's own id).</summary>
    public Guid ImportId { get; set; }

    public string? SerialNumber { get; set; }

    public string? ProductKey { get; set; }

    public string? GroupTag { get; set; }

    public string? AssignedUserPrincipalName { get; set; }

    /// <summary>The hardware hash as sent (base64).</summary>
    public string? HardwareIdentifier { get; set; }

    public ImportedDeviceStatus Status { get; set; }

    /// <summary>The Autopilot device it registered as, once complete.</summary>
    public Guid? DeviceRegistrationId { get; set; }

    /// <summary>The registration error's code (806, 808…), 0 when none.</summary>
    public int ErrorCode { get; set; }

    /// <summary>The registration error's name (<c>ZtdDeviceAlreadyAssigned</c>…), empty when none.</summary>
    public string ErrorName { get; set; } = string.Empty;

    /// <summary>The sentence that says why, when it failed.</summary>
    public string? ErrorMessage { get; set; }

    public DateTime CreatedAt { get; set; }

    public string? CreatedBy { get; set; }
}

/// <summary>Graph's <c>importedWindowsAutopilotDeviceIdentityImportStatus</c>.</summary>
public enum ImportedDeviceStatus
{
    Unknown = 0,
    Pending = 1,
    Partial = 2,
    Complete = 3,
    Error = 4,
}

/// <summary>One device to import, as the API's body gives it.</summary>
/// <param name="SerialNumber">The serial number the client sent (the hash's serial is used when they differ).</param>
/// <param name="ProductKey">The Windows product key id, if any.</param>
/// <param name="HardwareIdentifier">The hardware hash, base64.</param>
/// <param name="GroupTag">The group tag (<c>OrderId</c>).</param>
/// <param name="AssignedUserPrincipalName">The user to assign.</param>
public sealed record ImportedDeviceRequest(string? SerialNumber, string? ProductKey, string? HardwareIdentifier, string? GroupTag, string? AssignedUserPrincipalName);
