using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AutopilotPortal.Core.Hardware;

/// <summary>
/// Decodes Windows Autopilot hardware hashes ("4K hashes"): 4000 base64 characters holding
/// an <c>OA</c> header, type-length-value records and a SHA-256 checksum trailer.
/// </summary>
/// <remarks>
/// Imports call this for every CSV row, so the decoder works on spans: whitespace is
/// stripped into a stack (or pooled) buffer, base64 is decoded without intermediate strings
/// and only the strings returned in <see cref="HardwareHashInfo"/> are allocated.
/// </remarks>
public static class HardwareHash
{
    private const int StackCharLimit = 4096;
    private const int StackByteLimit = 3072;

    /// <summary>The base64 alphabet and its padding.</summary>
    private static readonly SearchValues<char> Base64Text = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");

    /// <summary>
    /// Decodes a base64 hardware hash. Whitespace anywhere in the text and missing <c>=</c>
    /// padding are tolerated. Never throws.
    /// </summary>
    /// <param name="text">The hash as found in a CSV file or API request.</param>
    /// <returns>The decoded fields, or the error and a sentence an administrator can act on.</returns>
    public static HardwareHashResult Decode(string? text) => DecodeText(text, keepBytes: false, out _);

    /// <summary>
    /// Decodes the base64 text of a hardware hash like <see cref="Decode(string?)"/>, and also
    /// gives the decoded bytes in the form the deployment service stores them (<see cref="Registration.StoredHash"/>:
    /// without the zero padding, and the full length) whenever the text was valid base64, so that a
    /// caller who stores the hash need not decode it a second time.
    /// </summary>
    /// <param name="text">The hash as found in a CSV file or API request.</param>
    /// <param name="stored">The stored form, or null when the text is empty or not base64.</param>
    /// <returns>The decoded fields, or the error and a sentence an administrator can act on.</returns>
    public static HardwareHashResult Decode(string? text, out (byte[] Bytes, int Length)? stored) => DecodeText(text, keepBytes: true, out stored);

    private static HardwareHashResult DecodeText(string? text, bool keepBytes, out (byte[] Bytes, int Length)? decoded)
    {
        decoded = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return Fail(HardwareHashError.Empty, "The hardware hash is empty: export it again with Get-WindowsAutopilotInfo and copy the whole Hardware Hash column.");
        }

        if (DecodeClean(text, keepBytes, ref decoded) is { } clean)
        {
            return clean;
        }

        char[]? rentedChars = null;
        byte[]? rentedBytes = null;
        try
        {
            // Room for up to two '=' added when the padding was lost.
            var needed = text.Length + 2;
            var chars = needed <= StackCharLimit
                ? stackalloc char[StackCharLimit]
                : rentedChars = ArrayPool<char>.Shared.Rent(needed);

            var count = 0;
            var padding = 0;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (char.IsWhiteSpace(c))
                {
                    continue;
                }

                if (c == '=')
                {
                    padding++;
                    continue;
                }

                if (!IsBase64Char(c))
                {
                    return Fail(HardwareHashError.NotBase64, string.Create(CultureInfo.InvariantCulture,
                        $"The hash has {Describe(c)} at position {i + 1:N0}, which is not a base64 character: copy the hash again from the CSV file without editing it."));
                }

                if (padding > 0)
                {
                    return Fail(HardwareHashError.NotBase64, string.Create(CultureInfo.InvariantCulture,
                        $"The hash has {Describe(c)} at position {i + 1:N0}, after the '=' padding that must end a base64 text: two hashes may have been joined, copy the hash again."));
                }

                chars[count++] = c;
            }

            if (count == 0)
            {
                return Fail(HardwareHashError.Empty, "The hardware hash holds only '=' padding: export it again with Get-WindowsAutopilotInfo and copy the whole Hardware Hash column.");
            }

            var remainder = count % 4;
            if (remainder == 1 || padding > 2)
            {
                return Fail(HardwareHashError.NotBase64, string.Create(CultureInfo.InvariantCulture,
                    $"The hash has {count:N0} base64 characters, a length no base64 text can have: characters were lost or added when it was copied."));
            }

            var base64Length = count;
            if (remainder != 0)
            {
                // Whatever padding was there, re-pad to what the length needs.
                for (var i = remainder; i < 4; i++)
                {
                    chars[count++] = '=';
                }
            }

            var byteCapacity = count / 4 * 3;
            var bytes = byteCapacity <= StackByteLimit
                ? stackalloc byte[StackByteLimit]
                : rentedBytes = ArrayPool<byte>.Shared.Rent(byteCapacity);

            if (!Convert.TryFromBase64Chars(chars[..count], bytes, out var written))
            {
                return Fail(HardwareHashError.NotBase64, "The hash is not valid base64 (its last characters do not end a base64 text): copy the hash again from the CSV file without editing it.");
            }

            return DecodeBytes(bytes[..written], base64Length, keepBytes, out decoded);
        }
        finally
        {
            if (rentedChars is not null)
            {
                ArrayPool<char>.Shared.Return(rentedChars);
            }

            if (rentedBytes is not null)
            {
                ArrayPool<byte>.Shared.Return(rentedBytes);
            }
        }
    }

    /// <summary>
    /// The common case: a text of base64 characters only, padded to a whole number of blocks (as
    /// Windows writes it), decoded straight from the string. Null for anything else, which the
    /// character-by-character path then decodes or explains.
    /// </summary>
    private static HardwareHashResult? DecodeClean(string text, bool keepBytes, ref (byte[] Bytes, int Length)? decoded)
    {
        if (text.Length % 4 != 0 || text.AsSpan().ContainsAnyExcept(Base64Text))
        {
            return null;
        }

        var rented = ArrayPool<byte>.Shared.Rent(text.Length / 4 * 3);
        try
        {
            if (!Convert.TryFromBase64Chars(text, rented, out var written))
            {
                return null;
            }

            return DecodeBytes(rented.AsSpan(0, written), text.AsSpan().TrimEnd('=').Length, keepBytes, out decoded);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The last step of both text paths: the fields, and the stored form when asked for.</summary>
    private static HardwareHashResult DecodeBytes(ReadOnlySpan<byte> bytes, int base64Length, bool keepBytes, out (byte[] Bytes, int Length)? stored)
    {
        stored = keepBytes ? Registration.StoredHash.Compact(bytes) : null;
        return DecodeCore(bytes, base64Length);
    }

    /// <summary>Decodes the bytes of a hardware hash (already base64-decoded). Never throws.</summary>
    /// <param name="bytes">The hash bytes: header, records, checksum trailer and optional zero padding.</param>
    /// <returns>The decoded fields, or the error and a sentence an administrator can act on.</returns>
    public static HardwareHashResult Decode(ReadOnlySpan<byte> bytes) =>
        bytes.IsEmpty
            ? Fail(HardwareHashError.Empty, "The hardware hash is empty: export it again with Get-WindowsAutopilotInfo.")
            : DecodeCore(bytes, -1);

    private static HardwareHashResult DecodeCore(ReadOnlySpan<byte> data, int base64Length)
    {
        if (data.Length < HardwareHashFormat.HeaderSize)
        {
            return Fail(HardwareHashError.TooShort, string.Create(CultureInfo.InvariantCulture,
                $"The hash holds only {data.Length} byte(s), fewer than its 4-byte header: it was cut off or is not an Autopilot hardware hash."));
        }

        if (data[0] != HardwareHashFormat.MagicO || data[1] != HardwareHashFormat.MagicA)
        {
            return Fail(HardwareHashError.BadMagic, string.Create(CultureInfo.InvariantCulture,
                $"The hash starts with bytes 0x{data[0]:X2} 0x{data[1]:X2} instead of the 'OA' signature: it is not a Windows Autopilot hardware hash (a product key or another column may have been pasted)."));
        }

        int totalLength = BinaryPrimitives.ReadUInt16LittleEndian(data[2..]);
        if (totalLength < HardwareHashFormat.HeaderSize)
        {
            return Fail(HardwareHashError.BadLength, string.Create(CultureInfo.InvariantCulture,
                $"The hash header gives a record area of {totalLength} byte(s), shorter than the header itself: the hash was edited or damaged."));
        }

        if (totalLength > data.Length)
        {
            return Fail(HardwareHashError.BadLength, string.Create(CultureInfo.InvariantCulture,
                $"{SizePrefix(data.Length, base64Length)} its record area ends at byte {totalLength:N0}, past the end of the data: the hash was cut off when it was copied."));
        }

        var checksumEnd = totalLength + HardwareHashFormat.ChecksumTrailerSize;
        if (checksumEnd > data.Length)
        {
            return Fail(HardwareHashError.MissingChecksum, string.Create(CultureInfo.InvariantCulture,
                $"{SizePrefix(data.Length, base64Length)} its record area ends at byte {totalLength:N0} and the checksum at byte {checksumEnd:N0} is missing: the hash was cut off when it was copied."));
        }

        var trailer = data.Slice(totalLength, HardwareHashFormat.ChecksumTrailerSize);
        if (trailer[0] != HardwareHashFormat.ChecksumC || trailer[1] != HardwareHashFormat.ChecksumS
            || BinaryPrimitives.ReadUInt16LittleEndian(trailer[2..]) != HardwareHashFormat.ChecksumTrailerSize)
        {
            return Fail(HardwareHashError.MissingChecksum, string.Create(CultureInfo.InvariantCulture,
                $"The hash has no 'CS' checksum trailer at byte {totalLength:N0}, where its record area ends: the hash was edited or damaged."));
        }

        Span<byte> actual = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data[..totalLength], actual);
        if (!actual.SequenceEqual(trailer[4..]))
        {
            return Fail(HardwareHashError.ChecksumMismatch, "The SHA-256 checksum in the hash does not match its contents: the hash was edited or damaged.");
        }

        // Only zeros pad a hash after its checksum; anything else is a second hash or text pasted on.
        var padding = data[checksumEnd..];
        if (padding.IndexOfAnyExcept((byte)0) is var extra and >= 0)
        {
            return Fail(HardwareHashError.TrailingData, string.Create(CultureInfo.InvariantCulture,
                $"{SizePrefix(data.Length, base64Length)} after its checksum at byte {checksumEnd:N0} it holds data other than zero padding (from byte {checksumEnd + extra:N0}): two hashes, or a hash and other text, were pasted into one cell."));
        }

        return ReadRecords(data[..totalLength]);
    }

    private static HardwareHashResult ReadRecords(ReadOnlySpan<byte> area)
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
                return Fail(HardwareHashError.RecordOverrun, string.Create(CultureInfo.InvariantCulture,
                    $"Record {index} at byte {offset:N0} is cut off: only {area.Length - offset} byte(s) remain before the record area ends at byte {area.Length:N0}, fewer than a record header. The hash is damaged."));
            }

            var type = BinaryPrimitives.ReadUInt16LittleEndian(area[offset..]);
            int length = BinaryPrimitives.ReadUInt16LittleEndian(area[(offset + 2)..]);
            if (length < HardwareHashFormat.RecordHeaderSize)
            {
                return Fail(HardwareHashError.RecordOverrun, string.Create(CultureInfo.InvariantCulture,
                    $"Record {index} (type {type}) at byte {offset:N0} claims a length of {length} byte(s), less than its own 4-byte header: the hash is damaged."));
            }

            if (length > area.Length - offset)
            {
                return Fail(HardwareHashError.RecordOverrun, string.Create(CultureInfo.InvariantCulture,
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
            return Fail(HardwareHashError.MissingManufacturer, "The hash has no system manufacturer (SMBIOS record 16): Autopilot cannot register this device from its hash. Update the device firmware, or ask the reseller to register it by manufacturer, model and serial number.");
        }

        var serialText = ReadString(area[serial]);
        if (serialText is null)
        {
            return Fail(HardwareHashError.MissingSerialNumber, "The hash has no system serial number (SMBIOS record 14): Autopilot cannot register this device from its hash. Have the manufacturer set the serial number in the firmware, or ask the reseller to register it by product key.");
        }

        var modelText = ReadString(area[model]);
        var familyText = ReadString(area[family]);
        var tpmText = ReadString(area[tpm]);
        var vmKind = DetectVirtualMachine(manufacturerText, modelText, familyText);

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
            TpmSpecVersion = ParseTpmSpecVersion(tpmText),
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

    internal static string? ParseTpmSpecVersion(string? tpmVersion)
    {
        const string Key = "TPM-Version:";
        if (tpmVersion is null)
        {
            return null;
        }

        var at = tpmVersion.IndexOf(Key, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        var rest = tpmVersion.AsSpan(at + Key.Length).TrimStart();
        var end = 0;
        while (end < rest.Length && (char.IsAsciiDigit(rest[end]) || rest[end] == '.'))
        {
            end++;
        }

        return end == 0 ? null : rest[..end].ToString();
    }

    internal static string? DetectVirtualMachine(string manufacturer, string? model, string? family)
    {
        model ??= string.Empty;
        family ??= string.Empty;

        if (Any("VMware", manufacturer, model, family))
        {
            return "VMware";
        }

        if (manufacturer.Contains("Microsoft", StringComparison.OrdinalIgnoreCase)
            && model.Contains("Virtual Machine", StringComparison.OrdinalIgnoreCase))
        {
            return "Hyper-V";
        }

        if (Any("VirtualBox", manufacturer, model, family) || manufacturer.Contains("innotek", StringComparison.OrdinalIgnoreCase))
        {
            return "VirtualBox";
        }

        if (Any("Parallels", manufacturer, model, family))
        {
            return "Parallels";
        }

        if (Any("QEMU", manufacturer, model, family) || Any("Bochs", manufacturer, model, family))
        {
            return "QEMU";
        }

        if (Any("KVM", manufacturer, model, family) || manufacturer.StartsWith("Red Hat", StringComparison.OrdinalIgnoreCase))
        {
            return "KVM";
        }

        if (manufacturer.Equals("Xen", StringComparison.OrdinalIgnoreCase) || model.Contains("HVM domU", StringComparison.OrdinalIgnoreCase))
        {
            return "Xen";
        }

        if (Any("Nutanix", manufacturer, model, family))
        {
            return "Nutanix AHV";
        }

        if (manufacturer.StartsWith("Amazon EC2", StringComparison.OrdinalIgnoreCase))
        {
            return "Amazon EC2";
        }

        if (manufacturer.StartsWith("Google", StringComparison.OrdinalIgnoreCase) && model.Contains("Compute Engine", StringComparison.OrdinalIgnoreCase))
        {
            return "Google Compute Engine";
        }

        return null;

        static bool Any(string needle, string a, string b, string c) =>
            a.Contains(needle, StringComparison.OrdinalIgnoreCase)
            || b.Contains(needle, StringComparison.OrdinalIgnoreCase)
            || c.Contains(needle, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsBase64Char(char c) =>
        char.IsAsciiLetterOrDigit(c) || c == '+' || c == '/';

    private static string Describe(char c) =>
        char.IsControl(c) || c > '~'
            ? string.Create(CultureInfo.InvariantCulture, $"the character U+{(int)c:X4}")
            : string.Create(CultureInfo.InvariantCulture, $"the character '{c}'");

    private static string SizePrefix(int byteCount, int base64Length) =>
        base64Length >= 0
            ? string.Create(CultureInfo.InvariantCulture, $"The hash is {base64Length:N0} characters of base64 ({byteCount:N0} bytes) but")
            : string.Create(CultureInfo.InvariantCulture, $"The hash is {byteCount:N0} bytes but");

    private static HardwareHashResult Fail(HardwareHashError error, string message) => new(null, error, message);
}
