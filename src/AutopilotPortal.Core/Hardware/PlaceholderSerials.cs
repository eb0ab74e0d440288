namespace AutopilotPortal.Core.Hardware;

/// <summary>
/// Serial numbers that firmware fills in when the maker set none: virtual machines (QEMU's
/// <c>SMBIOS_STRING_INDEX_0</c>), white-box boards (<c>Default string</c>, <c>To be filled by O.E.M.</c>) and the
/// like. Many devices carry the same one, so such a serial alone does not tell a device apart; its SMBIOS UUID does.
/// </summary>
public static class PlaceholderSerials
{
    private static readonly HashSet<string> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        "Default string",
        "To be filled by O.E.M.",
        "To Be Filled By O.E.M",
        "System Serial Number",
        "Chassis Serial Number",
        "Base Board Serial Number",
        "Serial Number",
        "SerialNumber",
        "None",
        "N/A",
        "NA",
        "Not Specified",
        "Not Applicable",
        "Not Available",
        "Unknown",
        "Invalid",
        "OEM",
        "O.E.M.",
        "Empty",
        "No Asset Information",
        "123456789",
        "0123456789",
        "1234567890",
        "xxxxxxxxxxxx",
    };

    /// <summary>Whether <paramref name="serial"/> is a firmware placeholder rather than a device's own serial number.</summary>
    public static bool IsPlaceholder(string? serial)
    {
        var value = serial?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        if (value.StartsWith("SMBIOS_STRING_INDEX_", StringComparison.OrdinalIgnoreCase) || Known.Contains(value))
        {
            return true;
        }

        // All zeros (0, 00000000), dashes or dots; or one character repeated (FFFFFFFF, 11111111).
        return value.All(c => c is '0' or ' ' or '-' or '.')
            || (value.Length >= 4 && value.All(c => c == value[0]));
    }

    /// <summary>
    /// The serial as messages name a device: the serial, and for a placeholder also the SMBIOS UUID that tells
    /// the device apart ("SMBIOS_STRING_INDEX_0, SMBIOS UUID 4c4c4544-…").
    /// </summary>
    public static string Describe(string? serial, Guid? smbiosUuid) =>
        IsPlaceholder(serial) && smbiosUuid is { } uuid ? $"{serial!.Trim()} (SMBIOS UUID {uuid})" : serial?.Trim() ?? string.Empty;

    /// <summary>The preview's warning for a device whose hash carries a placeholder serial.</summary>
    public static string Warning(string serial, Guid? smbiosUuid) =>
        $"The serial number in the hash, '{serial.Trim()}', is a firmware placeholder, not this device's own: other devices may carry it too. " +
        (smbiosUuid is { } uuid
            ? $"The portal tells this device apart by its SMBIOS UUID {uuid}; set a real serial in the firmware if you can."
            : "The hash has no SMBIOS UUID either, so this device can be told apart only by its TPM; set a real serial in the firmware if you can.");
}
