using System.Text;
using AutopilotPortal.Core.Import.Csv;
using static AutopilotPortal.Core.Tests.Import.Csv.CsvTestData;

namespace AutopilotPortal.Core.Tests.Import.Csv;

/// <summary>The encoding is decided on evidence from the whole file, byte by byte; a file that mixes encodings is named as such.</summary>
public class DeviceCsvReaderEncodingEvidenceTests
{
    private static readonly Encoding Windows1252 = CreateWindows1252();

    /// <summary>Rows on lines 2–31; the group tag of <paramref name="ansiRow"/> is written in Windows-1252, the others in UTF-8.</summary>
    private static byte[] MixedFile(int ansiRow, params int[] utf8Rows)
    {
        var bytes = new List<byte>(Encoding.UTF8.GetBytes($"{IntuneHeader},Group Tag\r\n"));
        for (var i = 1; i <= 30; i++)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes($"SN{i},,{FakeHash(i)},"));
            bytes.AddRange(i == ansiRow ? Windows1252.GetBytes("Zürich") : utf8Rows.Contains(i) ? Encoding.UTF8.GetBytes("Müller") : Encoding.UTF8.GetBytes("Plain"));
            bytes.AddRange("\r\n"u8.ToArray());
        }

        return [.. bytes];
    }

    [Fact]
    public async Task OneWindows1252ByteEarlyInAUtf8FileDoesNotTurnTheUtf8TextIntoMojibake()
    {
        // Before, the ANSI byte on line 3 made the whole file decode as Windows-1252: "Müller" read "MÃ¼ller".
        var (reader, rows) = await ReadAllAsync(MixedFile(ansiRow: 2, utf8Rows: [6, 29]));

        Assert.Equal("Zürich", rows[1].GroupTag);
        Assert.Equal("Müller", rows[5].GroupTag);
        Assert.Equal("Müller", rows[28].GroupTag);
        Assert.True(rows[1].HasWindows1252Bytes);
        Assert.False(rows[5].HasWindows1252Bytes);
        Assert.Equal(1, rows.Count(r => r.HasWindows1252Bytes));
        Assert.True(reader.MixedEncoding);
        Assert.Equal("UTF-8 and Windows-1252 (mixed)", reader.EncodingName);
        Assert.Equal(
            "The file mixes encodings: line 7 has UTF-8 text, but line 3 has bytes that are not UTF-8. Those bytes were read as Windows-1252 (ANSI) on line 3; " +
            "check the text of those rows, or save the file again in one encoding (UTF-8).",
            reader.EncodingWarning);
    }

    [Fact]
    public async Task AWindows1252ByteLateInAUtf8FileIsNamedWithItsLine()
    {
        var (reader, rows) = await ReadAllAsync(MixedFile(ansiRow: 25, utf8Rows: [1]));

        Assert.Equal("Müller", rows[0].GroupTag);
        Assert.Equal("Zürich", rows[24].GroupTag);
        Assert.Contains("line 2 has UTF-8 text, but line 26 has bytes that are not UTF-8", reader.EncodingWarning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UTF-8", "UTF-8")]
    [InlineData("UTF-8 (BOM)", "UTF-8 (BOM)")]
    [InlineData("Windows-1252", "Windows-1252")]
    [InlineData("UTF-16LE (BOM)", "UTF-16LE (BOM)")]
    public async Task AFileInOneEncodingIsNotCalledMixed(string encoding, string expectedName)
    {
        var text = $"{IntuneHeader},Group Tag\r\nSN1,,{FakeHash(1)},Zürich\r\nSN2,,{FakeHash(2)},Müller\r\n";

        var (reader, rows) = await ReadAllAsync(Encode(text, encoding));

        Assert.Equal(["Zürich", "Müller"], rows.Select(r => r.GroupTag));
        Assert.False(reader.MixedEncoding);
        Assert.Null(reader.EncodingWarning);
        Assert.Equal(expectedName, reader.EncodingName);
    }

    [Fact]
    public async Task AUtf8SequenceSplitAcrossReadsIsReadAsUtf8()
    {
        var text = $"{IntuneHeader},Group Tag\r\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"SN{i},,{FakeHash(i)},€ü{i}\r\n"));
        var stream = new TrickleStream(Encoding.UTF8.GetBytes(text), 3);

        await using var reader = await DeviceCsvReader.OpenAsync(stream);
        var tags = new List<string?>();
        await foreach (var row in reader.ReadRowsAsync())
        {
            tags.Add(row.GroupTag);
        }

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"€ü{i}"), tags);
        Assert.Equal("UTF-8", reader.EncodingName);
    }

    [Fact]
    public async Task AnIncompleteUtf8SequenceAtTheEndOfTheFileIsReadAsWindows1252()
    {
        byte[] content = [.. Encoding.UTF8.GetBytes($"{IntuneHeader},Group Tag\r\nSN1,,{FakeHash(1)},Tag"), 0xC3];

        var (_, rows) = await ReadAllAsync(content);

        Assert.Equal("TagÃ", Assert.Single(rows).GroupTag);
    }

    private static Encoding CreateWindows1252()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    }
}
