using System.Text;

namespace AutopilotPortal.Core.Import.Csv;

/// <summary>An encoding found by <see cref="CsvEncodingDetector"/>.</summary>
/// <param name="Encoding">The encoding of the text after the byte order mark.</param>
/// <param name="Name">A name for people, such as "UTF-16LE (BOM)".</param>
/// <param name="PreambleLength">The length of the byte order mark, to skip.</param>
/// <param name="IsBytes">
/// Whether the file is UTF-8 or Windows-1252 (ANSI), which <see cref="CsvTextStream"/> tells apart byte by
/// byte; otherwise it is UTF-16 or UTF-32, transcoded whole.
/// </param>
internal sealed record DetectedEncoding(Encoding Encoding, string Name, int PreambleLength, bool IsBytes = false);

/// <summary>
/// Finds the encoding family of a device CSV from its first bytes: a byte order mark first; else the NUL
/// pattern of UTF-16 without a byte order mark; else bytes, whose encoding <see cref="CsvTextStream"/> decides
/// byte by byte over the whole file (UTF-8 where they are valid UTF-8, Windows-1252 where not).
/// </summary>
internal static class CsvEncodingDetector
{
    /// <summary>How many bytes are looked at for the UTF-16 pattern.</summary>
    public const int SniffLength = 64 * 1024;

    public static DetectedEncoding Detect(ReadOnlySpan<byte> prefix)
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
            return new(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), "UTF-8 (BOM)", 3, IsBytes: true);
        }

        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new(new UnicodeEncoding(bigEndian: false, byteOrderMark: false), "UTF-16LE (BOM)", 2);
        }

        if (prefix.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new(new UnicodeEncoding(bigEndian: true, byteOrderMark: false), "UTF-16BE (BOM)", 2);
        }

        return DetectUtf16ByNulPattern(prefix)
            ?? new(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), "UTF-8", 0, IsBytes: true);
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
}
