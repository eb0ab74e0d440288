namespace AutopilotPortal.Core.Registration;

/// <summary>The deployment service's registration errors, as the real service names them.</summary>
public enum RegistrationErrorKind
{
    None = 0,
    InvalidZtdRequestBody = 801,
    InvalidZtdHardwareHash = 802,
    MissingZtdSerialNumberAndProductKey = 803,
    ZtdDeviceAlreadyAssigned = 806,
    ZtdDeviceIsNotRegistered = 807,
    ZtdDeviceAssignedToOtherTenant = 808,
    ZtdProfileIsNotRegistered = 809,
    ZtdProfileAssignedToOtherTenant = 810,
    ZtdDeviceRegisteredByOtherTenant = 811,
    ZtdDeviceNotFound = 812,
    ZtdDeviceIsNotUnique = 813,
    StorageError = 640,

    /// <summary>The same hardware twice in one file. It has no numeric code.</summary>
    ZtdDeviceDuplicated = 1,
}

/// <summary>A registration failure: its code, its name and a sentence a person can act on.</summary>
public sealed record RegistrationError(RegistrationErrorKind Kind, string Message)
{
    /// <summary>The numeric code, or null for <see cref="RegistrationErrorKind.ZtdDeviceDuplicated"/>.</summary>
    public int? Code => Kind == RegistrationErrorKind.ZtdDeviceDuplicated ? null : (int)Kind;

    public string Name => Kind.ToString();

    /// <summary>
    /// Whether this is 806: the hardware is registered to this tenant already. Nothing is wrong and nothing
    /// changed, so pages and reports show it as "already registered", not as a failure.
    /// </summary>
    public bool IsAlreadyRegistered => Kind == RegistrationErrorKind.ZtdDeviceAlreadyAssigned;

    /// <summary>"806 ZtdDeviceAlreadyAssigned", or "ZtdDeviceDuplicated".</summary>
    public string Label => Code is { } code ? $"{code} {Name}" : Name;

    /// <summary>What each code means, for the help table and the error report.</summary>
    public static IReadOnlyDictionary<RegistrationErrorKind, string> Descriptions { get; } = new Dictionary<RegistrationErrorKind, string>
    {
        [RegistrationErrorKind.InvalidZtdRequestBody] = "The request was malformed or named no tenant.",
        [RegistrationErrorKind.InvalidZtdHardwareHash] = "The hardware hash could not be decoded, its checksum is wrong, or it lacks the manufacturer or serial number.",
        [RegistrationErrorKind.MissingZtdSerialNumberAndProductKey] = "There is no hardware hash, and the serial number and product key are both missing or invalid.",
        [RegistrationErrorKind.ZtdDeviceAlreadyAssigned] = "This hardware is already registered to this tenant.",
        [RegistrationErrorKind.ZtdDeviceIsNotRegistered] = "The device to change or delete is not registered.",
        [RegistrationErrorKind.ZtdDeviceAssignedToOtherTenant] = "This hardware is registered to another organization.",
        [RegistrationErrorKind.ZtdProfileIsNotRegistered] = "The deployment profile does not exist.",
        [RegistrationErrorKind.ZtdProfileAssignedToOtherTenant] = "The deployment profile belongs to another organization.",
        [RegistrationErrorKind.ZtdDeviceRegisteredByOtherTenant] = "The device to delete is registered by another organization.",
        [RegistrationErrorKind.ZtdDeviceNotFound] = "The OEM catalog does not know this device.",
        [RegistrationErrorKind.ZtdDeviceIsNotUnique] = "The hardware identity matches more than one registration.",
        [RegistrationErrorKind.StorageError] = "A transient storage failure; retrying is safe.",
        [RegistrationErrorKind.ZtdDeviceDuplicated] = "The same hardware appears more than once in the file; only the first row was processed.",
    };
}
