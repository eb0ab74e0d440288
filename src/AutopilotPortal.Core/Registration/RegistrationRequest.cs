using AutopilotPortal.Core.Hardware;

namespace AutopilotPortal.Core.Registration;

/// <summary>One device to register, as a CSV row or an API call gives it.</summary>
public sealed record RegistrationRequest(
    int LineNumber,
    string? SerialNumber,
    string? ProductKey,
    string? HardwareHash,
    string? GroupTag = null,
    string? AssignedUser = null,
    string? PurchaseOrderId = null,
    string? Manufacturer = null,
    string? Model = null);

/// <summary>What registration decided for one request.</summary>
public sealed record RegistrationOutcome(
    int LineNumber,
    string? SerialNumber,
    RegistrationError? Error,
    string? Warning,
    Guid? AutopilotDeviceId,
    HardwareHashInfo? Hardware)
{
    public bool Succeeded => Error is null;

    /// <summary>The ZTDID the deployment service issued, when this request registered.</summary>
    public Guid? Ztdid { get; init; }
}
