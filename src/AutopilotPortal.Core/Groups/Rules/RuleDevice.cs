namespace AutopilotPortal.Core.Groups.Rules;

/// <summary>
/// A directory device object as a membership rule sees it: the Entra device properties a rule may
/// name (<c>device.displayName</c>, <c>device.devicePhysicalIds</c>…).
/// </summary>
public sealed record RuleDevice
{
    /// <summary><c>device.objectId</c>.</summary>
    public Guid ObjectId { get; init; }

    /// <summary><c>device.deviceId</c>.</summary>
    public Guid DeviceId { get; init; }

    /// <summary><c>device.displayName</c>.</summary>
    public string DisplayName { get; init; } = string.Empty;

    /// <summary><c>device.accountEnabled</c>.</summary>
    public bool AccountEnabled { get; init; }

    /// <summary><c>device.deviceManufacturer</c>.</summary>
    public string? DeviceManufacturer { get; init; }

    /// <summary><c>device.deviceModel</c>.</summary>
    public string? DeviceModel { get; init; }

    /// <summary><c>device.deviceOSType</c> (e.g. <c>Windows</c>).</summary>
    public string? DeviceOSType { get; init; }

    /// <summary><c>device.deviceTrustType</c>: <c>AzureAD</c>, <c>ServerAD</c> or <c>Workplace</c>.</summary>
    public string? DeviceTrustType { get; init; }

    /// <summary><c>device.enrollmentProfileName</c>: the Autopilot profile the device was assigned, when known.</summary>
    public string? EnrollmentProfileName { get; init; }

    /// <summary><c>device.devicePhysicalIds</c>: <c>[ZTDID]:…</c>, <c>[OrderId]:…</c>, <c>[PurchaseOrderId]:…</c>, <c>[HWID]:h:…</c>.</summary>
    public IReadOnlyList<string> DevicePhysicalIds { get; init; } = [];
}
