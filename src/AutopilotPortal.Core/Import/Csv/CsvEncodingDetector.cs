using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace AutopilotPortal.Core.Import.Csv;

/// <summary>An encoding found by <see cref="CsvEncodingDetector"/>.</summary>
/// <param name="Encoding">The encoding of the text after the byte order mark.</param>
/// <param name="Name">A name for people, such as "UTF-16LE (BOM)".</param>
/// <param name="PreambleLength">The length of the byte order mark, to skip.</param>
/// <param name="IsPlainUtf8">Whether the bytes can be parsed as they are, without transcoding.</param>
internal sealed record DetectedEncoding(Encoding Encoding, string Name, int PreambleLength, bool IsPlainUtf8 = false);

/// <summary>
/// Finds the encoding of a device CSV from its first bytes: a byte order mark first; else the NUL pattern
/// of UTF-16 without a byte order mark; else UTF-8 if the bytes are valid UTF-8; else Windows-1252 (what
/// Excel and Windows PowerShell call ANSI on Western systems).
/// </summary>
internal static class CsvEncodingDetector
{
    /// <summary>How many bytes are looked at: some 16 rows of UTF-8, so a non-ASCII group tag or user is likely seen.</summary>
    public const int SniffLength = 64 * 1024;

    private static readonly Encoding Windows1252 = CreateWindows1252();

    private static readonly Encoding Utf8WithWindows1252Fallback = Encoding.GetEncoding(
        Encoding.UTF8.CodePage, EncoderFallback.ReplacementFallback, new Windows1252DecoderFallback(Windows1252));

    public static DetectedEncoding Detect(ReadOnlySpan<byte> prefix, bool endOfInput)
    {
        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            return new(new UTF32Encoding(bigEndian: false, byteOrderMark: false), "UTF-32LE (BOM)", 4);
        }

        if (prefix.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return new(new UTF32Encoding(bigEndian: true, byteOrderMark: false), "UTF-32BE (BOM)", 4);
        }

        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), "UTF-8 (BOM)", 3, IsPlainUtf8: true);
        }

        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new(new UnicodeEncoding(bigEndian: false, byteOrderMark: false), "UTF-16LE (BOM)", 2);
        }

        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new(new UnicodeEncoding(bigEndian: true, byteOrderMark: false), "UTF-16BE (BOM)", 2);
        }

        var utf16 = DetectUtf16ByNulPattern(prefix);
        if (utf16 is not null)
        {
            return utf16;
        }

        // Without a byte order mark, only the prefix says the file is UTF-8: a byte after it that is not
        // valid UTF-8 is read as Windows-1252 rather than replaced.
        return IsUtf8(prefix, endOfInput)
            ? new(Utf8WithWindows1252Fallback, "UTF-8", 0)
            : new(Windows1252, "Windows-1252", 0);
    }

    private static DetectedEncoding? DetectUtf16ByNulPattern(ReadOnlySpan<byte> prefix)
    {
        var pairs = prefix.Length / 2;
        if (pairs == 0)
        {
            return null;
        }

        int evenNuls = 0, oddNuls = 0;
        for (var i = 0; i + 1 < prefix.Length; i += 2)
        {
            if (prefix[i] == 0)
            {
                evenNuls++;
            }

            if (prefix[i + 1] == 0)
            {
                oddNuls++;
            }
        }

        // Text of a CSV is mostly ASCII, whose UTF-16 form has a NUL in every other byte; real UTF-8 or
        // ANSI text has no NULs at all.
        var many = pairs * 3 / 10;
        var few = pairs / 20;
        if (oddNuls > many && evenNuls <= few)
        {
            return new(new UnicodeEncoding(bigEndian: false, byteOrderMark: false), "UTF-16LE", 0);
        }

        if (evenNuls > many && oddNuls <= few)
        {
            return new(new UnicodeEncoding(bigEndian: true, byteOrderMark: false), "UTF-16BE", 0);
        }

        return null;
    }

    private static bool IsUtf8(ReadOnlySpan<byte> prefix, bool endOfInput)
    {
        var firstNonAscii = prefix.IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
        if (firstNonAscii < 0)
        {
            return true;
        }

        var rest = prefix[firstNonAscii..];
        var chars = ArrayPool<char>.Shared.Rent(rest.Length);
        try
        {
            // The prefix may end inside a multi-byte sequence: that is "need more data", not invalid.
            var status = Utf8.ToUtf16(rest, chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: endOfInput);
            return status is System.Buffers.OperationStatus.Done or System.Buffers.OperationStatus.NeedMoreData;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static Encoding CreateWindows1252()
    {
        // Code page 1252 is not built into .NET (Core): register the provider once, before first use.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }
}
