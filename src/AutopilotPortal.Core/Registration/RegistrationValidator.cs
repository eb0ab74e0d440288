using AutopilotPortal.Core.Hardware;

namespace AutopilotPortal.Core.Registration;

/// <summary>
/// The first step of every registration (a CSV row, an OEM upload, a replacement motherboard): checks
/// a request's fields and decodes its hardware hash, without touching the database.
/// </summary>
public static class RegistrationValidator
{
    /// <summary>
    /// Validates a request without touching the database: decodes the hash and checks the
    /// fields. Returns the prepared row, or the error that stops it.
    /// </summary>
    public static PreparedRegistration Prepare(RegistrationRequest request)
    {
        if (DeviceValues.FirstError(request) is { } invalid)
        {
            return new PreparedRegistration(request, null, null, new RegistrationError(RegistrationErrorKind.InvalidZtdRequestBody, invalid), null);
        }

        var csvSerial = request.SerialNumber?.Trim() ?? string.Empty;
        if (string.IsNullOrWhiteSpace(request.HardwareHash))
        {
            var error = csvSerial.Length == 0 && string.IsNullOrWhiteSpace(request.ProductKey)
                ? new RegistrationError(RegistrationErrorKind.MissingZtdSerialNumberAndProductKey,
                    "The row has no hardware hash, no serial number and no product key. Collect the hash on the device with Get-WindowsAutopilotInfo and add it to the Hardware Hash column.")
                : new RegistrationError(RegistrationErrorKind.InvalidZtdHardwareHash,
                    "The Hardware Hash column is empty. Registering by serial number or product key alone is for OEM partners; collect the hash on the device with Get-WindowsAutopilotInfo.");
            return new PreparedRegistration(request, null, null, error, null);
        }

        var decoded = HardwareHash.Decode(request.HardwareHash, out var storedHash);
        if (!decoded.IsValid || decoded.Info is null)
        {
            return new PreparedRegistration(request, null, null,
                new RegistrationError(RegistrationErrorKind.InvalidZtdHardwareHash,
                    $"The hardware hash is not valid: {LowerFirst(decoded.Message)} Collect the hash again on the device."), null);
        }

        var info = decoded.Info;
        if ((DeviceValues.HashStringError("serial number", info.SerialNumber, DeviceValues.MaxSerialNumberLength)
            ?? DeviceValues.HashStringError("manufacturer", info.Manufacturer, DeviceValues.MaxManufacturerOrModelLength)
            ?? DeviceValues.HashStringError("model", info.Model, DeviceValues.MaxManufacturerOrModelLength)) is { } hashValue)
        {
            return new PreparedRegistration(request, null, null,
                new RegistrationError(RegistrationErrorKind.InvalidZtdHardwareHash, $"The hardware hash is not valid: {LowerFirst(hashValue)} Collect the hash again on the device."), null);
        }

        string? warning = null;
        if (csvSerial.Length > 0 && !string.Equals(csvSerial, info.SerialNumber.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            warning = $"The CSV's serial number '{csvSerial}' differs from the serial in the hash '{info.SerialNumber.Trim()}'; the hash's serial is used.";
        }

        if (PlaceholderSerials.IsPlaceholder(info.SerialNumber))
        {
            var placeholder = PlaceholderSerials.Warning(info.SerialNumber, info.SmbiosUuid);
            warning = warning is null ? placeholder : $"{warning} {placeholder}";
        }

        // The hash is kept as its compact bytes from here on: a batch waiting to be written then
        // holds a third of the memory, and the writer has nothing left to decode.
        return new PreparedRegistration(request with { HardwareHash = null }, info, HardwareIdentity.From(info), null, warning)
        {
            Hash = storedHash,
        };
    }

    private static string LowerFirst(string? text) =>
        string.IsNullOrEmpty(text) || (text.Length > 1 && char.IsUpper(text[1])) ? text ?? string.Empty : char.ToLowerInvariant(text[0]) + text[1..];
}

/// <summary>A request after validation: decoded hardware and identity, or the error that stops it.</summary>
public sealed record PreparedRegistration(
    RegistrationRequest Request,
    HardwareHashInfo? Hardware,
    HardwareIdentity? Identity,
    RegistrationError? Error,
    string? Warning)
{
    /// <summary>The decoded hash without its zero padding, as the deployment service stores it.</summary>
    public (byte[] Bytes, int Length)? Hash { get; init; }

    /// <summary>Marks this row as a repeat of hardware seen earlier in the same file.</summary>
    public PreparedRegistration AsDuplicateOf(int firstLine) => this with
    {
        Error = new RegistrationError(RegistrationErrorKind.ZtdDeviceDuplicated,
            $"This hardware ({PlaceholderSerials.Describe(Hardware?.SerialNumber, Hardware?.SmbiosUuid)}) already appears on line {firstLine} of the file; only the first row is processed. Remove the repeated row."),
    };
}
