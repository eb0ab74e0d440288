namespace AutopilotPortal.Core.Partner;

/// <summary>
/// A device the OEM catalog knows: what a manufacturer reported when it built the device. The
/// deployment service looks tuple (manufacturer, model, serial) and PKID registrations up here and
/// registers the hash the catalog holds.
/// </summary>
public sealed class OemCatalogDevice
{
    public Guid Id { get; set; }

    /// <summary>The SMBIOS manufacturer, exactly as the hash spells it (matched case-sensitively).</summary>
    public required string Manufacturer { get; set; }

    /// <summary>The SMBIOS product name, exactly as the hash spells it (matched case-sensitively).</summary>
    public required string Model { get; set; }

    public required string SerialNumber { get; set; }

    /// <summary>The 13-digit product key ID (PKID).</summary>
    public required string ProductKeyId { get; set; }

    public DateOnly ManufacturedOn { get; set; }

    /// <summary>The hash the manufacturer captured, without its zero padding (see <see cref="Registration.StoredHash"/>).</summary>
    public required byte[] HardwareHash { get; set; }

    /// <summary>The decoded length of that hash with its padding.</summary>
    public int HardwareHashLength { get; set; }
}
