using AutopilotPortal.Core.Registration;

namespace AutopilotPortal.Core.Partner;

/// <summary>How a partner names the device it registers.</summary>
public enum PartnerRegistrationKind
{
    /// <summary>Manufacturer, model and serial number, looked up in the OEM catalog.</summary>
    Tuple,

    /// <summary>The 13-digit product key ID, looked up in the OEM catalog.</summary>
    ProductKey,

    /// <summary>The hardware hash itself, as an import registers it.</summary>
    Hash,
}

/// <summary>One device a partner registers. Build it with <see cref="ByTuple"/>, <see cref="ByProductKey"/> or <see cref="ByHash"/>.</summary>
public sealed record PartnerDeviceRequest(
    PartnerRegistrationKind Kind,
    string? Manufacturer,
    string? Model,
    string? SerialNumber,
    string? ProductKeyId,
    string? HardwareHash,
    string? GroupTag = null,
    int LineNumber = 1)
{
    public static PartnerDeviceRequest ByTuple(string? manufacturer, string? model, string? serialNumber, string? groupTag = null, int lineNumber = 1) =>
        new(PartnerRegistrationKind.Tuple, manufacturer, model, serialNumber, null, null, groupTag, lineNumber);

    public static PartnerDeviceRequest ByProductKey(string? productKeyId, string? groupTag = null, int lineNumber = 1) =>
        new(PartnerRegistrationKind.ProductKey, null, null, null, productKeyId, null, groupTag, lineNumber);

    public static PartnerDeviceRequest ByHash(string? hardwareHash, string? groupTag = null, int lineNumber = 1) =>
        new(PartnerRegistrationKind.Hash, null, null, null, null, hardwareHash, groupTag, lineNumber);
}

/// <summary>What partner registration decided for one device.</summary>
/// <param name="LineNumber">The CSV line, or the request's position for one-by-one registration.</param>
/// <param name="Kind">How the device was named.</param>
/// <param name="SerialNumber">The serial registered (the catalog's or the hash's), or as given when it did not register.</param>
/// <param name="Manufacturer">The manufacturer registered, or as given.</param>
/// <param name="Model">The model registered, or as given.</param>
/// <param name="Error">Null when the device registered.</param>
/// <param name="Ztdid">The ZTDID issued, when the device registered.</param>
public sealed record PartnerRegistrationResult(
    int LineNumber,
    PartnerRegistrationKind Kind,
    string? SerialNumber,
    string? Manufacturer,
    string? Model,
    RegistrationError? Error,
    Guid? Ztdid)
{
    public bool Succeeded => Error is null;
}

/// <summary>A partner registration held by the deployment service, for the partner page's list.</summary>
public sealed record PartnerRegistrationSummary(
    Guid Ztdid,
    string SerialNumber,
    string Manufacturer,
    string? Model,
    string? ProductKeyId,
    string? GroupTag,
    DateTime RegisteredAt);
