namespace AutopilotPortal.Core.Registration;

/// <summary>
/// A registration held by the deployment service (DDS). DDS is multi-tenant and is the only
/// place that decides 806 / 808 / 813 and issues ZTDIDs.
/// </summary>
public sealed class DeviceRegistration
{
    public Guid Id { get; set; }

    /// <summary>The zero-touch device id: issued once, immutable, never reused.</summary>
    public Guid Ztdid { get; set; }

    public Guid TenantId { get; set; }

    public required string SerialNumber { get; set; }

    /// <summary>Upper-case serial number used for matching and search.</summary>
    public required string SerialKey { get; set; }

    public required string Manufacturer { get; set; }

    public string? Model { get; set; }

    public Guid? SmbiosUuid { get; set; }

    /// <summary>Hex SHA-256 of the TPM endorsement key (or the offline device id when no key is present).</summary>
    public string? TpmKeyHash { get; set; }

    /// <summary>Stable hardware id published as <c>[HWID]:h:&lt;n&gt;</c>; derived from manufacturer, SMBIOS UUID and serial.</summary>
    public required string HardwareKey { get; set; }

    public string? ProductKeyId { get; set; }

    /// <summary>The last hash presented for this hardware, without its zero padding (see <see cref="Registration.StoredHash"/>).</summary>
    public byte[]? HardwareHash { get; set; }

    /// <summary>The decoded length of that hash with its padding (3,000 for a real hash).</summary>
    public int HardwareHashLength { get; set; }

    public string? GroupTag { get; set; }

    public string? PurchaseOrderId { get; set; }

    public string? AssignedUserPrincipalName { get; set; }

    public RegistrationSource Source { get; set; }

    public DateTime RegisteredAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>How a registration reached the deployment service.</summary>
public enum RegistrationSource
{
    CsvImport = 0,
    Api = 1,
    Partner = 2,
}
