using System.Text;
using AutopilotPortal.Core.Import.Csv;
using static AutopilotPortal.Core.Tests.Import.Csv.CsvTestData;

namespace AutopilotPortal.Core.Tests.Import.Csv;

/// <summary>Every physical line of a file is accounted for: read as a row, blank, or named as lost with its cause.</summary>
public class DeviceCsvReaderLostLinesTests
{
    /// <summary>A file of <paramref name="devices"/> rows (on lines 2 to devices + 1), with row <paramref name="row"/> changed by <paramref name="change"/>.</summary>
    private static string File(int devices, int row, Func<string, string> change, string newline = "\r\n") =>
        $"{IntuneHeader},Group Tag{newline}" + string.Concat(Enumerable.Range(1, devices).Select(i =>
        {
            var line = $"SN{i:D4},,{FakeHash(i)},Tag{i}";
            return (i == row ? change(line) : line) + newline;
        }));

    [Fact]
    public async Task AQuoteOpenedAtTheStartOfARowAndNeverClosedIsNamedWithEveryLineItSwallowed()
    {
        // Row 5 (line 6) begins with a quote: before, the file read as 5 rows and only "Line 6 has 1 field" said so.
        var (reader, rows) = await ReadAllAsync(File(100, 5, line => "\"" + line));

        Assert.Equal(101, reader.LineCount);
        Assert.Equal(5, reader.RowCount);
        var lost = Assert.Single(reader.LostLines);
        Assert.Equal(new LostLines(6, 101, "A quote opened on line 6 is never closed; lines 6–101 were read as one field."), lost);
        Assert.Equal(96, lost.Count);
        var last = rows[^1];
        Assert.Equal(6, last.LineNumber);
        Assert.Equal(101, last.LastLineNumber);
        Assert.Equal(lost, last.Lost);
        Assert.Equal(lost.Reason, last.Problem);
        Assert.All(rows[..^1], r => Assert.Null(r.Lost));
    }

    [Fact]
    public async Task AQuoteOpenedInTheFirstRowSwallowsTheWholeFile()
    {
        var (reader, rows) = await ReadAllAsync(File(20, 1, line => "\"" + line));

        Assert.Equal(21, reader.LineCount);
        Assert.Equal(new LostLines(2, 21, "A quote opened on line 2 is never closed; lines 2–21 were read as one field."), Assert.Single(reader.LostLines));
        Assert.Single(rows);
    }

    [Fact]
    public async Task AQuoteOpenedInTheLastRowLosesOnlyThatLineAndTheBlankOnesAfterIt()
    {
        var (reader, rows) = await ReadAllAsync(File(20, 20, line => line.Replace(",Tag20", ",\"Tag20", StringComparison.Ordinal)) + "\r\n\r\n");

        Assert.Equal(23, reader.LineCount);
        Assert.Equal(20, rows.Count);
        Assert.Equal(new LostLines(21, 23, "A quote opened on line 21 is never closed; lines 21–23 were read as one field."), Assert.Single(reader.LostLines));
    }

    [Fact]
    public async Task AQuoteOpenedInTheHashAndNeverClosedIsNamed()
    {
        var (reader, rows) = await ReadAllAsync(File(30, 10, line => line.Replace(",,", ",,\"", StringComparison.Ordinal)));

        Assert.Equal(10, rows.Count);
        Assert.Equal(new LostLines(11, 31, "A quote opened on line 11 is never closed; lines 11–31 were read as one field."), Assert.Single(reader.LostLines));
    }

    [Fact]
    public async Task AQuoteOpenedInTheSerialAndClosedManyLinesLaterNamesTheLinesInBetweenAndReadsTheRest()
    {
        // The quote opened in row 5's serial closes in row 40's serial ("SN0040"), so lines 6-41 are one field.
        var text = File(60, 5, line => "\"" + line).Replace("SN0040,", "SN0040\",", StringComparison.Ordinal);

        var (reader, rows) = await ReadAllAsync(text);

        Assert.Equal(61, reader.LineCount);
        var lost = Assert.Single(reader.LostLines);
        Assert.Equal(new LostLines(6, 41, "A quote opened on line 6 is closed only on line 41; lines 6–41 were read as one field."), lost);
        Assert.Equal(4 + 1 + 20, rows.Count);
        Assert.Equal([2, 3, 4, 5, 6, .. Enumerable.Range(42, 20)], rows.Select(r => r.LineNumber));
        Assert.Equal("SN0041", rows[5].SerialNumber);
        Assert.All(rows.Where(r => r.LineNumber != 6), r => Assert.Null(r.Problem));
    }

    [Fact]
    public async Task AQuoteOpenedInTheHashAndClosedInALaterHashIsNamed()
    {
        var text = File(30, 3, line => line.Replace(",,", ",,\"", StringComparison.Ordinal))
            .Replace(",Tag12", "\",Tag12", StringComparison.Ordinal);

        var (reader, rows) = await ReadAllAsync(text.Replace("\r\n", "\n", StringComparison.Ordinal));

        var lost = Assert.Single(reader.LostLines);
        Assert.Equal((4, 13), (lost.FirstLine, lost.LastLine));
        Assert.Contains("closed only on line 13", lost.Reason, StringComparison.Ordinal);
        Assert.Equal(31, reader.LineCount);
        Assert.Equal(2 + 1 + 18, rows.Count);
    }

    [Fact]
    public async Task AQuoteThatOpensInTheGroupTagAfterAHashBrokenOverLinesIsNamedAtItsOwnLine()
    {
        var hash = FakeHash(7);
        var text = $"{IntuneHeader},Group Tag\r\n" +
                   "SN1,,\"" + hash[..2000] + "\r\n" + hash[2000..] + "\",\"Tag\r\n" + // 2-3, the tag's quote opens on 3
                   $"SN2,,{FakeHash(2)},Tag2\r\n";                                    // 4

        var (reader, rows) = await ReadAllAsync(text);

        Assert.Equal(new LostLines(3, 4, "A quote opened on line 3 is never closed; lines 3–4 were read as one field."), Assert.Single(reader.LostLines));
        Assert.Single(rows);
    }

    [Fact]
    public async Task AHashBrokenOverLinesInsideQuotesLosesNothing()
    {
        var hash = FakeHash(3);
        var text = $"{IntuneHeader}\r\nSN1,,\"{hash[..1500]}\r\n{hash[1500..3000]}\n  {hash[3000..]}\"\r\nSN2,,{FakeHash(4)}\r\n";

        var (reader, rows) = await ReadAllAsync(text);

        Assert.Empty(reader.LostLines);
        Assert.Equal(5, reader.LineCount);
        Assert.Equal(4, rows[0].LastLineNumber);
        Assert.Equal(hash, rows[0].HardwareHash);
        Assert.Null(rows[1].LastLineNumber);
        Assert.All(rows, r => Assert.Null(r.Problem));
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    [InlineData("\r")]
    public async Task LinesAreCountedAsCsvHelperNumbersThemWhateverTheLineBreak(string newline)
    {
        var text = File(10, 0, l => l, newline) + newline + newline;

        var (reader, rows) = await ReadAllAsync(Encode(text, "UTF-16LE (BOM)"));

        Assert.Equal(13, reader.LineCount);
        Assert.Equal(10, reader.RowCount);
        Assert.Equal(Enumerable.Range(2, 10), rows.Select(r => r.LineNumber));
    }

    [Fact]
    public async Task AFileWhoseLastLineHasNoLineBreakCountsIt()
    {
        var (reader, _) = await ReadAllAsync($"{IntuneHeader}\r\nSN1,,{FakeHash(1)}");

        Assert.Equal(2, reader.LineCount);
    }

    [Fact]
    public async Task AnUnclosedQuoteLongerThanTheRecordLimitNamesTheRestOfTheFileAsLostInsteadOfFailing()
    {
        // Some 400 rows after the quote exceed 1 MB: the reader stops holding the record, counts the rest.
        var text = File(600, 10, line => "\"" + line);

        var (reader, rows) = await ReadAllAsync(Encoding.UTF8.GetBytes(text));

        Assert.Equal(601, reader.LineCount);
        var lost = Assert.Single(reader.LostLines);
        Assert.Equal((11, 601), (lost.FirstLine, lost.LastLine));
        Assert.Contains("lines 11–601 (the rest of the file) could not be read", lost.Reason, StringComparison.Ordinal);
        Assert.Equal(10, rows.Count);
        Assert.Equal(lost, rows[^1].Lost);
        Assert.Equal(lost.Reason, rows[^1].Problem);
    }

    [Fact]
    public async Task AQuoteClosedInTheFirstFieldOfTheNextLineIsNamedAsLostLines()
    {
        // The group tag's quote closes after "SN2" on the next line; that row's other fields follow as extra fields.
        var text = $"{IntuneHeader},Group Tag\r\nSN1,,{FakeHash(1)},\"Sales\r\nSN2\",,{FakeHash(2)},Sales\r\nSN3,,{FakeHash(3)},Sales\r\n";

        var (reader, rows) = await ReadAllAsync(text);

        Assert.Equal(new LostLines(2, 3, "A quote opened on line 2 is closed only on line 3; lines 2–3 were read as one field."), Assert.Single(reader.LostLines));
        Assert.Equal(["SN1", "SN3"], rows.Select(r => r.SerialNumber));
    }

    [Fact]
    public async Task AHeaderRepeatedWithExcelsEmptyColumnsIsNamedAsTheHeader()
    {
        var text = $"{IntuneHeader}\r\nSN1,,{FakeHash(1)}\r\n{IntuneHeader},,\r\nSN2,,{FakeHash(2)}\r\n";

        var (_, rows) = await ReadAllAsync(text);

        Assert.StartsWith("Line 3 repeats the header", rows[1].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnclosedQuoteInTheHeaderAfterABlankLineIsNamedAsSuchNotAsAnEmptyFile()
    {
        var text = "\r\n\"Device Serial Number,Windows Product ID,Hardware Hash\r\n" + new string('A', DeviceCsvReader.MaxRecordBytes + 100);

        var ex = await Assert.ThrowsAsync<DeviceCsvHeaderException>(() => DeviceCsvReader.OpenAsync(new MemoryStream(Encoding.UTF8.GetBytes(text))));

        Assert.Contains("starts a record longer than 1,024 KB: a quote in the header is never closed", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'\"Device Serial Number,Windows Product ID,Hardware Hash'", ex.Message, StringComparison.Ordinal);
    }
}
