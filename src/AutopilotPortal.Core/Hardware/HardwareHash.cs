using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;

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

        return HardwareHashRecords.Read(data[..totalLength]);
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

    internal static HardwareHashResult Fail(HardwareHashError error, string message) => new(null, error, message);
}
