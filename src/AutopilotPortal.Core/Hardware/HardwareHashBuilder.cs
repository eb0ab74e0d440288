using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AutopilotPortal.Core.Hardware;

/// <summary>
/// Writes hardware hashes in the layout <see cref="HardwareHash"/> reads: for tests,
/// demo data and the embedded default's synthetic devices. Unset (null or empty) fields
/// are left out of the hash.
/// </summary>
public sealed class HardwareHashBuilder
{
    private static readonly string[] TpmVendors = ["NTC ", "IFX ", "STM ", "INTC", "AMD "];

    /// <summary>SMBIOS system manufacturer (record 16). Required for a valid hash.</summary>
    public string? Manufacturer { get; set; }

    /// <summary>SMBIOS product name (record 17).</summary>
    public string? Model { get; set; }

    /// <summary>SMBIOS system serial number (record 14). Required for a valid hash.</summary>
    public string? SerialNumber { get; set; }

    /// <summary>SMBIOS SKU number (record 18).</summary>
    public string? Sku { get; set; }

    /// <summary>SMBIOS family (record 19).</summary>
    public string? Family { get; set; }

    /// <summary>SMBIOS system UUID (record 12).</summary>
    public Guid? SmbiosUuid { get; set; }

    /// <summary>The TPM version string (record 13), e.g. <c>TPM-Version:2.0 -Level:0-Revision:1.59-…</c>.</summary>
    public string? TpmVersion { get; set; }

    /// <summary>Network adapters (record 8, one per adapter). MAC addresses take ':' or '-' separators.</summary>
    public IList<NetworkAdapterInfo> NetworkAdapters { get; set; } = [];

    /// <summary>Disk serial and model text (record 7), e.g. <c>8CE3_8E04_05AD_C76D.|KBG6AZNV512G LA KIOXIA|</c>.</summary>
    public string? DiskSerial { get; set; }

    /// <summary>The 13-digit product key ID (record 24).</summary>
    public string? ProductKeyId { get; set; }

    /// <summary>The product key part number (record 26), e.g. <c>[TH]res-v3556</c>.</summary>
    public string? ProductKeyPartNumber { get; set; }

    /// <summary>The TPM endorsement key public key (record 25), raw bytes.</summary>
    public byte[]? TpmEkPublicKey { get; set; }

    /// <summary>The offline device id (record 11), raw bytes.</summary>
    public byte[]? OfflineDeviceId { get; set; }

    /// <summary>Build of the tool that wrote the hash (record 1). Components are stored as u16.</summary>
    public Version? ToolBuild { get; set; }

    /// <summary>Build of the operating system (record 1). Components are stored as u16.</summary>
    public Version? OsBuild { get; set; }

    /// <summary>When the hash was taken (record 1): whole seconds since 2000, and its offset in 15-minute units.</summary>
    public DateTimeOffset? GeneratedAt { get; set; }

    /// <summary>Operating system type byte (record 1).</summary>
    public byte OsType { get; set; }

    /// <summary>CPU architecture byte (record 1): 9 x64, 12 ARM64.</summary>
    public byte CpuArchitecture { get; set; }

    /// <summary>Hash format version byte (record 1).</summary>
    public byte ToolVersion { get; set; }

    /// <summary>Writes the hash: header, records, SHA-256 trailer, zero padding to 3000 bytes.</summary>
    /// <returns>The hash bytes (longer than 3000 only if the fields do not fit).</returns>
    /// <exception cref="InvalidOperationException">A field is too long for the format or a MAC address is malformed.</exception>
    public byte[] BuildBytes()
    {
        using var area = new MemoryStream(1536);
        area.Write("OA\0\0"u8);

        if (ToolBuild is not null || OsBuild is not null || GeneratedAt is not null || OsType != 0 || CpuArchitecture != 0 || ToolVersion != 0)
        {
            WriteRecord(area, HardwareHashRecord.BuildInfo, BuildInfoValue());
        }

        WriteString(area, HardwareHashRecord.DiskSerial, DiskSerial, terminate: false);
        foreach (var adapter in NetworkAdapters)
        {
            WriteRecord(area, HardwareHashRecord.NetworkAdapter, AdapterValue(adapter));
        }

        WriteString(area, HardwareHashRecord.TpmVersion, TpmVersion);
        WriteBytes(area, HardwareHashRecord.TpmEkPublicKey, TpmEkPublicKey);
        WriteBytes(area, HardwareHashRecord.OfflineDeviceId, OfflineDeviceId);
        if (SmbiosUuid is { } uuid)
        {
            WriteRecord(area, HardwareHashRecord.SmbiosUuid, uuid.ToByteArray());
        }

        WriteString(area, HardwareHashRecord.SerialNumber, SerialNumber);
        WriteString(area, HardwareHashRecord.Manufacturer, Manufacturer);
        WriteString(area, HardwareHashRecord.Model, Model);
        WriteString(area, HardwareHashRecord.Sku, Sku);
        WriteString(area, HardwareHashRecord.Family, Family);
        WriteString(area, HardwareHashRecord.ProductKeyId, ProductKeyId);
        WriteString(area, HardwareHashRecord.ProductKeyPartNumber, ProductKeyPartNumber);

        var totalLength = checked((int)area.Length);
        if (totalLength > ushort.MaxValue)
        {
            throw new InvalidOperationException($"The records take {totalLength} bytes; a hardware hash holds at most {ushort.MaxValue}.");
        }

        var size = Math.Max(HardwareHashFormat.PaddedSize, totalLength + HardwareHashFormat.ChecksumTrailerSize);
        var bytes = new byte[size];
        area.GetBuffer().AsSpan(0, totalLength).CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), (ushort)totalLength);

        var trailer = bytes.AsSpan(totalLength, HardwareHashFormat.ChecksumTrailerSize);
        trailer[0] = HardwareHashFormat.ChecksumC;
        trailer[1] = HardwareHashFormat.ChecksumS;
        BinaryPrimitives.WriteUInt16LittleEndian(trailer[2..], HardwareHashFormat.ChecksumTrailerSize);
        SHA256.HashData(bytes.AsSpan(0, totalLength), trailer[4..]);
        return bytes;
    }

    /// <summary>Writes the hash as base64: 4000 characters unless the fields do not fit in 3000 bytes.</summary>
    /// <returns>The base64 hash, as it appears in the Hardware Hash column of a CSV file.</returns>
    public string Build() => Convert.ToBase64String(BuildBytes());

    /// <summary>
    /// A plausible physical device: a real manufacturer and model, an upper-case alphanumeric
    /// serial, a random SMBIOS UUID, TPM 2.0, an EK public key, one or two adapters and a product key id.
    /// The same seed gives the same device.
    /// </summary>
    /// <param name="random">The source of randomness; pass a seeded <see cref="Random"/> for repeatable data.</param>
    /// <returns>A builder filled in; change any field before building.</returns>
    public static HardwareHashBuilder Synthetic(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);

        var (manufacturer, model, family, sku, serialPrefix, serialLength) = random.Next(4) switch
        {
            0 => Pick(random,
                ("Dell Inc.", "Latitude 7440", "Latitude", "0C0F", "", 7),
                ("Dell Inc.", "Latitude 5540", "Latitude", "0C1B", "", 7),
                ("Dell Inc.", "OptiPlex 7010", "OptiPlex", "0B8C", "", 7),
                ("Dell Inc.", "Precision 3581", "Precision", "0C2A", "", 7)),
            1 => Pick(random,
                ("HP", "HP EliteBook 840 14 inch G10 Notebook PC", "103C_5336AN HP EliteBook", "818F8EA#ABU", "5CD", 10),
                ("HP", "HP EliteBook 650 15.6 inch G10 Notebook PC", "103C_5336AN HP EliteBook", "967W5ET#ABU", "5CD", 10),
                ("HP", "HP ProBook 450 15.6 inch G10 Notebook PC", "103C_5336AN HP ProBook", "85D60EA#ABU", "5CG", 10),
                ("HP", "HP Elite Mini 800 G9 Desktop PC", "103C_53307F HP EliteDesk", "5V8U2EA#ABU", "CZC", 10)),
            2 => Pick(random,
                ("LENOVO", "21HD0034US", "ThinkPad T14 Gen 4", "LENOVO_MT_21HD_BU_Think_FM_ThinkPad T14 Gen 4", "PF", 8),
                ("LENOVO", "21R3001BUK", "ThinkPad T14s 2-in-1 Gen 1", "LENOVO_MT_21R3_BU_Think_FM_ThinkPad T14s 2-in-1 Gen 1", "PF", 8),
                ("LENOVO", "21G2001VUS", "ThinkPad P14s Gen 5", "LENOVO_MT_21G2_BU_Think_FM_ThinkPad P14s Gen 5", "PF", 8),
                ("LENOVO", "20XW00GLUK", "ThinkPad X1 Carbon Gen 9", "LENOVO_MT_20XW_BU_Think_FM_ThinkPad X1 Carbon Gen 9", "PC", 8)),
            _ => Pick(random,
                ("Microsoft Corporation", "Surface Laptop 5", "Surface", "Surface_Laptop_5_1950", "0", 12),
                ("Microsoft Corporation", "Surface Pro 9", "Surface", "Surface_Pro_9_2038", "0", 12),
                ("Microsoft Corporation", "Surface Laptop 6 for Business", "Surface", "Surface_Laptop_6_2095", "0", 12),
                ("Microsoft Corporation", "Surface Pro 10 for Business", "Surface", "Surface_Pro_10_2079", "0", 12)),
        };

        var serial = serialPrefix + RandomText(random, serialLength - serialPrefix.Length,
            manufacturer.StartsWith("Microsoft", StringComparison.Ordinal) ? "0123456789" : "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789");

        var adapters = new List<NetworkAdapterInfo> { new(NetworkAdapterInfo.WiFi, RandomMac(random)) };
        if (random.Next(2) == 0)
        {
            adapters.Add(new NetworkAdapterInfo(random.Next(2) == 0 ? NetworkAdapterInfo.Ethernet : NetworkAdapterInfo.Bluetooth, RandomMac(random)));
        }

        var ekPublicKey = new byte[256];
        random.NextBytes(ekPublicKey);

        // Real type-11 values: a 10-byte header (version 1, 32-byte digest) then the digest.
        var offlineId = new byte[42];
        offlineId[4] = 1;
        offlineId[6] = 0x20;
        random.NextBytes(offlineId.AsSpan(10));

        var uuidBytes = new byte[16];
        random.NextBytes(uuidBytes);

        var osRevision = random.Next(1000, 8000);
        var generatedAt = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)
            .AddSeconds(random.Next(0, 2 * 365 * 24 * 3600))
            .ToOffset(TimeSpan.FromMinutes(15 * random.Next(-32, 9)));

        return new HardwareHashBuilder
        {
            Manufacturer = manufacturer,
            Model = model,
            Family = family,
            Sku = sku,
            SerialNumber = serial,
            SmbiosUuid = new Guid(uuidBytes),
            TpmVersion = string.Create(CultureInfo.InvariantCulture,
                $"TPM-Version:2.0 -Level:0-Revision:1.{random.Next(16, 60)}-VendorID:'{TpmVendors[random.Next(TpmVendors.Length)]}'-Firmware:{random.Next(65536, 600000)}.{random.Next(0, 300000)}"),
            TpmEkPublicKey = ekPublicKey,
            OfflineDeviceId = offlineId,
            NetworkAdapters = adapters,
            DiskSerial = string.Create(CultureInfo.InvariantCulture,
                $"{RandomText(random, 4, "0123456789ABCDEF")}_{RandomText(random, 4, "0123456789ABCDEF")}_{RandomText(random, 4, "0123456789ABCDEF")}_{RandomText(random, 4, "0123456789ABCDEF")}.|{Pick(random, "KBG6AZNV512G LA KIOXIA", "WD PC SN740 SDDPNQD-512G-2006", "SAMSUNG MZVL2512HCJQ-00B07", "UMIS RPETJ1T24MHP2QDQ")}|"),
            ProductKeyId = "3556" + RandomText(random, 9, "0123456789"),
            ProductKeyPartNumber = "[TH]res-v3556",
            ToolBuild = new Version(10, 0, 26100, osRevision),
            OsBuild = new Version(10, 0, 26100, osRevision + random.Next(0, 200)),
            GeneratedAt = generatedAt,
            OsType = 2,
            CpuArchitecture = 9,
            ToolVersion = 9,
        };
    }

    private byte[] BuildInfoValue()
    {
        var value = new byte[HardwareHashFormat.BuildInfoSize];
        WriteVersion(value.AsSpan(0, 8), ToolBuild);
        WriteVersion(value.AsSpan(8, 8), OsBuild);
        if (GeneratedAt is { } at)
        {
            var seconds = (at - HardwareHashFormat.Epoch).Ticks / TimeSpan.TicksPerSecond;
            if (seconds is <= 0 or > uint.MaxValue)
            {
                throw new InvalidOperationException($"GeneratedAt {at:O} is outside the range the hash can store (after 2000-01-01 UTC).");
            }

            BinaryPrimitives.WriteUInt32LittleEndian(value.AsSpan(16), (uint)seconds);
            value[20] = (byte)(sbyte)(at.Offset.Ticks / TimeSpan.TicksPerMinute / 15);
        }

        value[21] = OsType;
        value[22] = CpuArchitecture;
        value[23] = ToolVersion;
        return value;
    }

    private static void WriteVersion(Span<byte> target, Version? version)
    {
        if (version is null)
        {
            return;
        }

        // Stored minor, major, revision, build (see HardwareHashFormat).
        BinaryPrimitives.WriteUInt16LittleEndian(target, checked((ushort)version.Minor));
        BinaryPrimitives.WriteUInt16LittleEndian(target[2..], checked((ushort)version.Major));
        BinaryPrimitives.WriteUInt16LittleEndian(target[4..], checked((ushort)Math.Max(version.Revision, 0)));
        BinaryPrimitives.WriteUInt16LittleEndian(target[6..], checked((ushort)Math.Max(version.Build, 0)));
    }

    private static byte[] AdapterValue(NetworkAdapterInfo adapter)
    {
        // Medium, MAC, then the bus descriptor Windows writes: u32 8 and "PCI" / "BTH" in UTF-16.
        var bus = adapter.Medium == NetworkAdapterInfo.Bluetooth ? "BTH\0" : "PCI\0";
        var value = new byte[4 + 6 + 4 + (bus.Length * 2)];
        BinaryPrimitives.WriteUInt32LittleEndian(value, adapter.Medium);
        ParseMac(adapter.MacAddress, value.AsSpan(4, 6));
        BinaryPrimitives.WriteUInt32LittleEndian(value.AsSpan(10), 8);
        Encoding.Unicode.GetBytes(bus, value.AsSpan(14));
        return value;
    }

    private static void ParseMac(string mac, Span<byte> target)
    {
        var digits = mac.Replace(":", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        if (digits.Length != 12 || Convert.FromHexString(digits, target, out _, out var written) != System.Buffers.OperationStatus.Done || written != 6)
        {
            throw new InvalidOperationException($"'{mac}' is not a MAC address like AA:BB:CC:DD:EE:FF.");
        }
    }

    private static void WriteString(MemoryStream area, HardwareHashRecord type, string? text, bool terminate = true)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        var value = new byte[text.Length + (terminate ? 1 : 0)];
        Encoding.Latin1.GetBytes(text, value);
        WriteRecord(area, type, value);
    }

    private static void WriteBytes(MemoryStream area, HardwareHashRecord type, byte[]? value)
    {
        if (value is { Length: > 0 })
        {
            WriteRecord(area, type, value);
        }
    }

    private static void WriteRecord(MemoryStream area, HardwareHashRecord type, ReadOnlySpan<byte> value)
    {
        var length = value.Length + HardwareHashFormat.RecordHeaderSize;
        if (length > ushort.MaxValue)
        {
            throw new InvalidOperationException($"Record {(int)type} would be {length} bytes; a record holds at most {ushort.MaxValue}.");
        }

        Span<byte> header = stackalloc byte[HardwareHashFormat.RecordHeaderSize];
        BinaryPrimitives.WriteUInt16LittleEndian(header, (ushort)type);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], (ushort)length);
        area.Write(header);
        area.Write(value);
    }

    private static string RandomText(Random random, int length, string alphabet)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    private static string RandomMac(Random random)
    {
        Span<byte> mac = stackalloc byte[6];
        random.NextBytes(mac);
        mac[0] &= 0xFC; // globally administered unicast, like a real NIC
        return string.Join(':', Convert.ToHexString(mac).Chunk(2).Select(pair => new string(pair)));
    }

    private static T Pick<T>(Random random, params T[] choices) => choices[random.Next(choices.Length)];
}
