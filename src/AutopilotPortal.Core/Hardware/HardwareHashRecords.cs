using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AutopilotPortal.Core.Hardware;

/// <summary>
/// Reads the type-length-value records of a hardware hash (<see cref="HardwareHashFormat"/>): the
/// SMBIOS strings, the TPM, disks, network adapters and the rest, into a <see cref="HardwareHashInfo"/>.
/// <see cref="HardwareHash"/> has checked the text, the header and the checksum first.
/// </summary>
internal static class HardwareHashRecords
{
    /// <summary>Walks the records of a hash's record area (header included, checksum checked) and builds its <see cref="HardwareHashInfo"/>.</summary>
    public static HardwareHashResult Read(ReadOnlySpan<byte> area)
    {
        // Offsets (start, length) of the values kept; strings are made once the walk succeeded.
        Range manufacturer = default, serial = default, model = default, sku = default, family = default,
            tpm = default, disk = default, diskAlternate = default, productKeyId = default, partNumber = default,
            ekPublicKey = default, offlineId = default, buildInfo = default;
        Guid? uuid = null;
        List<NetworkAdapterInfo>? adapters = null;

        var offset = HardwareHashFormat.HeaderSize;
        var index = 0;
        while (offset < area.Length)
        {
            index++;
            if (area.Length - offset < HardwareHashFormat.RecordHeaderSize)
            {
                return HardwareHash.Fail(HardwareHashError.RecordOverrun, string.Create(CultureInfo.InvariantCulture,
                    $"Record {index} at byte {offset:N0} is cut off: only {area.Length - offset} byte(s) remain before the record area ends at byte {area.Length:N0}, fewer than a record header. The hash is damaged."));
            }

            var type = BinaryPrimitives.ReadUInt16LittleEndian(area[offset..]);
            int length = BinaryPrimitives.ReadUInt16LittleEndian(area[(offset + 2)..]);
            if (length < HardwareHashFormat.RecordHeaderSize)
            {
                return HardwareHash.Fail(HardwareHashError.RecordOverrun, string.Create(CultureInfo.InvariantCulture,
                    $"Record {index} (type {type}) at byte {offset:N0} claims a length of {length} byte(s), less than its own 4-byte header: the hash is damaged."));
            }

            if (length > area.Length - offset)
            {
                return HardwareHash.Fail(HardwareHashError.RecordOverrun, string.Create(CultureInfo.InvariantCulture,
                    $"Record {index} (type {type}) at byte {offset:N0} claims {length:N0} bytes, which runs past the end of the record area at byte {area.Length:N0}: the hash is damaged."));
            }

            var value = new Range(offset + HardwareHashFormat.RecordHeaderSize, offset + length);
            switch ((HardwareHashRecord)type)
            {
                case HardwareHashRecord.BuildInfo: buildInfo = value; break;
                case HardwareHashRecord.DiskSerial: disk = value; break;
                case HardwareHashRecord.DiskSerialAlternate: diskAlternate = value; break;
                case HardwareHashRecord.OfflineDeviceId: offlineId = value; break;
                case HardwareHashRecord.TpmVersion: tpm = value; break;
                case HardwareHashRecord.SerialNumber: serial = value; break;
                case HardwareHashRecord.Manufacturer: manufacturer = value; break;
                case HardwareHashRecord.Model: model = value; break;
                case HardwareHashRecord.Sku: sku = value; break;
                case HardwareHashRecord.Family: family = value; break;
                case HardwareHashRecord.ProductKeyId: productKeyId = value; break;
                case HardwareHashRecord.TpmEkPublicKey: ekPublicKey = value; break;
                case HardwareHashRecord.ProductKeyPartNumber: partNumber = value; break;
                case HardwareHashRecord.SmbiosUuid:
                    var uuidBytes = area[value];
                    if (uuidBytes.Length == 16)
                    {
                        uuid = new Guid(uuidBytes);
                    }

                    break;
                case HardwareHashRecord.NetworkAdapter:
                    var adapter = ReadAdapter(area[value]);
                    if (adapter is not null)
                    {
                        (adapters ??= new List<NetworkAdapterInfo>(3)).Add(adapter);
                    }

                    break;
                default:
                    break; // records the portal does not use (CPU, GPU, memory…)
            }

            offset += length;
        }

        var manufacturerText = ReadString(area[manufacturer]);
        if (manufacturerText is null)
        {
            return HardwareHash.Fail(HardwareHashError.MissingManufacturer, "The hash has no system manufacturer (SMBIOS record 16): Autopilot cannot register this device from its hash. Update the device firmware, or ask the reseller to register it by manufacturer, model and serial number.");
        }

        var serialText = ReadString(area[serial]);
        if (serialText is null)
        {
            return HardwareHash.Fail(HardwareHashError.MissingSerialNumber, "The hash has no system serial number (SMBIOS record 14): Autopilot cannot register this device from its hash. Have the manufacturer set the serial number in the firmware, or ask the reseller to register it by product key.");
        }

        var modelText = ReadString(area[model]);
        var familyText = ReadString(area[family]);
        var tpmText = ReadString(area[tpm]);
        var vmKind = HardwareClassification.VirtualMachine(manufacturerText, modelText, familyText);

        Version? toolBuild = null, osBuild = null;
        DateTimeOffset? generatedAt = null;
        int zoneMinutes = 0;
        byte osType = 0, cpu = 0, toolVersion = 0;
        var build = area[buildInfo];
        if (build.Length >= HardwareHashFormat.BuildInfoSize)
        {
            toolBuild = ReadVersion(build);
            osBuild = ReadVersion(build[8..]);
            var seconds = BinaryPrimitives.ReadUInt32LittleEndian(build[16..]);
            zoneMinutes = (sbyte)build[20] * 15;
            generatedAt = seconds == 0 ? null : ToGeneratedAt(seconds, zoneMinutes);
            osType = build[21];
            cpu = build[22];
            toolVersion = build[23];
        }

        var info = new HardwareHashInfo
        {
            Manufacturer = manufacturerText,
            SerialNumber = serialText,
            Model = modelText,
            Sku = ReadString(area[sku]),
            Family = familyText,
            SmbiosUuid = uuid,
            TpmVersion = tpmText,
            TpmSpecVersion = HardwareClassification.TpmSpecVersion(tpmText),
            IsVirtualMachine = vmKind is not null,
            VirtualMachineKind = vmKind,
            NetworkAdapters = adapters is null ? [] : adapters,
            DiskSerial = ReadString(area[disk]) ?? ReadString(area[diskAlternate]),
            ProductKeyId = ReadString(area[productKeyId]),
            ProductKeyPartNumber = ReadString(area[partNumber]),
            TpmEkPublicKeyHash = HashHex(area[ekPublicKey]),
            OfflineDeviceId = area[offlineId].IsEmpty ? null : Convert.ToHexStringLower(area[offlineId]),
            ToolBuild = toolBuild,
            OsBuild = osBuild,
            GeneratedAt = generatedAt,
            TimeZoneOffsetMinutes = zoneMinutes,
            OsType = osType,
            CpuArchitecture = cpu,
            ToolVersion = toolVersion,
            TotalLength = area.Length,
        };

        return new HardwareHashResult(info, HardwareHashError.None, null);
    }

    private static NetworkAdapterInfo? ReadAdapter(ReadOnlySpan<byte> value)
    {
        // u32 medium, 6-byte MAC, then a bus descriptor the portal does not use.
        if (value.Length < 10)
        {
            return null;
        }

        var medium = BinaryPrimitives.ReadUInt32LittleEndian(value);
        // The six MAC bytes travel as one number so formatting needs no array.
        var packed = ((ulong)BinaryPrimitives.ReadUInt32BigEndian(value[4..]) << 16) | BinaryPrimitives.ReadUInt16BigEndian(value[8..]);
        var mac = string.Create(17, packed, static (span, bits) =>
        {
            for (var i = 0; i < 6; i++)
            {
                var b = (int)(bits >> ((5 - i) * 8)) & 0xFF;
                span[i * 3] = ToHexUpper(b >> 4);
                span[(i * 3) + 1] = ToHexUpper(b & 0xF);
                if (i < 5)
                {
                    span[(i * 3) + 2] = ':';
                }
            }
        });
        return new NetworkAdapterInfo(medium, mac);
    }

    private static char ToHexUpper(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);

    private static Version? ReadVersion(ReadOnlySpan<byte> value)
    {
        // Stored minor, major, revision, build (see HardwareHashFormat).
        int minor = BinaryPrimitives.ReadUInt16LittleEndian(value);
        int major = BinaryPrimitives.ReadUInt16LittleEndian(value[2..]);
        int revision = BinaryPrimitives.ReadUInt16LittleEndian(value[4..]);
        int build = BinaryPrimitives.ReadUInt16LittleEndian(value[6..]);
        return (minor | major | revision | build) == 0 ? null : new Version(major, minor, build, revision);
    }

    private static DateTimeOffset ToGeneratedAt(uint seconds, int zoneMinutes)
    {
        var utc = HardwareHashFormat.Epoch.AddSeconds(seconds);
        // DateTimeOffset allows ±14 h; anything else is not a real zone, so keep UTC.
        return Math.Abs(zoneMinutes) <= 14 * 60 ? utc.ToOffset(TimeSpan.FromMinutes(zoneMinutes)) : utc;
    }

    private static string? ReadString(ReadOnlySpan<byte> value)
    {
        // 8-bit, NUL-terminated; some records (7) carry no NUL and some (4) pad with several.
        var nul = value.IndexOf((byte)0);
        if (nul >= 0)
        {
            value = value[..nul];
        }

        var start = 0;
        var end = value.Length;
        while (start < end && IsBlank(value[start]))
        {
            start++;
        }

        while (end > start && IsBlank(value[end - 1]))
        {
            end--;
        }

        return start == end ? null : Encoding.Latin1.GetString(value[start..end]);
    }

    private static bool IsBlank(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private static string? HashHex(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return null;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(value, hash);
        return Convert.ToHexStringLower(hash);
    }
}
