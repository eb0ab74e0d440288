namespace AutopilotPortal.Core.Hardware;

/// <summary>The fields decoded from a Windows Autopilot hardware hash ("4K hash").</summary>
public sealed record HardwareHashInfo
{
    /// <summary>SMBIOS system manufacturer (record 16), e.g. <c>LENOVO</c>.</summary>
    public required string Manufacturer { get; init; }

    /// <summary>SMBIOS system serial number (record 14).</summary>
    public required string SerialNumber { get; init; }

    /// <summary>SMBIOS product name (record 17), e.g. <c>21R3001BUK</c>.</summary>
    public string? Model { get; init; }

    /// <summary>SMBIOS SKU number (record 18).</summary>
    public string? Sku { get; init; }

    /// <summary>SMBIOS family (record 19).</summary>
    public string? Family { get; init; }

    /// <summary>SMBIOS system UUID (record 12), as Windows prints it.</summary>
    public Guid? SmbiosUuid { get; init; }

    /// <summary>The raw TPM version string (record 13), e.g. <c>TPM-Version:2.0 -Level:0-Revision:1.59-…</c>.</summary>
    public string? TpmVersion { get; init; }

    /// <summary>The TPM specification version parsed from <see cref="TpmVersion"/> ("2.0", "1.2"), null if none.</summary>
    public string? TpmSpecVersion { get; init; }

    /// <summary>True when manufacturer, model or family name a hypervisor.</summary>
    public bool IsVirtualMachine { get; init; }

    /// <summary>The hypervisor ("VMware", "Hyper-V", "QEMU", "VirtualBox", "Xen", "Parallels", "KVM"…), null for physical devices.</summary>
    public string? VirtualMachineKind { get; init; }

    /// <summary>Network adapters (record 8, repeated), in hash order.</summary>
    public IReadOnlyList<NetworkAdapterInfo> NetworkAdapters { get; init; } = [];

    /// <summary>The system disk's serial and model as the hash stores them (<c>&lt;serial&gt;.|&lt;model&gt;|</c>).</summary>
    public string? DiskSerial { get; init; }

    /// <summary>The 13-digit product key ID (record 24), null if absent or empty.</summary>
    public string? ProductKeyId { get; init; }

    /// <summary>The product key part number (record 26), e.g. <c>[TH]res-v3556</c>.</summary>
    public string? ProductKeyPartNumber { get; init; }

    /// <summary>Lower-case hex SHA-256 of the TPM endorsement key public key (record 25), null if absent or empty.</summary>
    public string? TpmEkPublicKeyHash { get; init; }

    /// <summary>Lower-case hex of the offline device id (record 11), null if absent or empty.</summary>
    public string? OfflineDeviceId { get; init; }

    /// <summary>Build of the tool that wrote the hash (record 1), e.g. 10.0.26100.7705.</summary>
    public Version? ToolBuild { get; init; }

    /// <summary>Build of the operating system the hash was taken on (record 1).</summary>
    public Version? OsBuild { get; init; }

    /// <summary>When the hash was taken, at the device's UTC offset when that offset is plausible.</summary>
    public DateTimeOffset? GeneratedAt { get; init; }

    /// <summary>The device's UTC offset in minutes when the hash was taken (positive east of UTC).</summary>
    public int TimeZoneOffsetMinutes { get; init; }

    /// <summary>Operating system type byte from record 1.</summary>
    public byte OsType { get; init; }

    /// <summary>CPU architecture byte from record 1 (Windows <c>PROCESSOR_ARCHITECTURE_*</c>: 9 x64, 12 ARM64).</summary>
    public byte CpuArchitecture { get; init; }

    /// <summary>Hash format version byte from record 1 (8 or 9 in current Windows).</summary>
    public byte ToolVersion { get; init; }

    /// <summary>End of the record area (header bytes 2–3); the checksum trailer starts here.</summary>
    public int TotalLength { get; init; }
}
