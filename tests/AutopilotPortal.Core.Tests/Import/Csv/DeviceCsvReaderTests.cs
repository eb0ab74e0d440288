using System.Text;
using AutopilotPortal.Core.Import.Csv;
using static AutopilotPortal.Core.Tests.Import.Csv.CsvTestData;

namespace AutopilotPortal.Core.Tests.Import.Csv;

public class DeviceCsvReaderTests
{
    private static readonly string Hash1 = FakeHash(1);
    private static readonly string Hash2 = FakeHash(2);

    [Theory]
    [InlineData("UTF-16LE (BOM)", 1200)]
    [InlineData("UTF-16BE (BOM)", 1201)]
    [InlineData("UTF-16LE", 1200)]
    [InlineData("UTF-16BE", 1201)]
    [InlineData("UTF-8 (BOM)", 65001)]
    [InlineData("UTF-8", 65001)]
    [InlineData("Windows-1252", 1252)]
    public async Task ReaderDetectsEncodingAndReadsNonAsciiTextBack(string encodingName, int codePage)
    {
        var text = $"{IntuneHeader},Group Tag,Assigned User\r\n" +
                   $"SN1,,{Hash1},Équipe-été,rené@contoso.com\r\n" +
                   $"SN2,,{Hash2},Zürich,\r\n";

        var (reader, rows) = await ReadAllAsync(Encode(text, encodingName));

        Assert.Equal(encodingName, reader.EncodingName);
        Assert.Equal(codePage, reader.Encoding.CodePage);
        Assert.Equal(5, reader.ColumnCount);
        Assert.Equal(2, rows.Count);
        var ansi = encodingName == "Windows-1252";
        Assert.Equal(new DeviceCsvRow(2, "SN1", "", Hash1, "Équipe-été", "rené@contoso.com", null, null, null) { HasWindows1252Bytes = ansi }, rows[0]);
        Assert.Equal(new DeviceCsvRow(3, "SN2", "", Hash2, "Zürich", "", null, null, null) { HasWindows1252Bytes = ansi }, rows[1]);
    }

    [Fact]
    public async Task ReaderReadsWindows1252TextThatFirstAppearsAfterTheSniffedPrefix()
    {
        var text = $"{IntuneHeader},Group Tag\r\n" + string.Concat(
            Enumerable.Range(0, 40).Select(i => $"SN{i},,{FakeHash(i)},{(i == 30 ? "Café" : "Cafe")}\r\n"));

        var (reader, rows) = await ReadAllAsync(Encode(text, "Windows-1252"));

        Assert.Equal("Windows-1252", reader.EncodingName);
        Assert.Equal(40, rows.Count);
        Assert.Equal("Café", rows[30].GroupTag);
        Assert.Equal(Enumerable.Range(2, 40), rows.Select(r => r.LineNumber));
    }

    [Theory]
    [InlineData(false, "\r\n")]
    [InlineData(false, "\n")]
    [InlineData(true, "\r\n")]
    [InlineData(true, "\n")]
    public async Task ReaderReadsQuotedAndUnquotedFieldsWithCrlfAndLf(bool quoted, string newline)
    {
        var q = quoted ? "\"" : "";
        var tag = quoted ? "\"Sales, Paris\"" : "Sales Paris";
        var text = $"{q}Device Serial Number{q},{q}Windows Product ID{q},{q}Hardware Hash{q},{q}Group Tag{q}{newline}" +
                   $"{q}SN1{q},{q}3556252318653{q},{q}{Hash1}{q},{tag}{newline}" +
                   $"{q}SN2{q},{q}{q},{q}{Hash2}{q},{q}{q}{newline}";

        var (reader, rows) = await ReadAllAsync(text);

        Assert.Equal(4, reader.ColumnCount);
        Assert.Equal(["Device Serial Number", "Windows Product ID", "Hardware Hash", "Group Tag"], reader.Columns);
        Assert.Equal(2, rows.Count);
        Assert.Equal(new DeviceCsvRow(2, "SN1", "3556252318653", Hash1, quoted ? "Sales, Paris" : "Sales Paris", null, null, null, null), rows[0]);
        Assert.Equal(new DeviceCsvRow(3, "SN2", "", Hash2, "", null, null, null, null), rows[1]);
    }

    [Fact]
    public async Task ReaderSkipsBlankTrailingLines()
    {
        var text = $"{IntuneHeader}\r\nSN1,,{Hash1}\r\n\r\n\r\n   \r\n,,\r\n";

        var (_, rows) = await ReadAllAsync(Encode(text, "UTF-16LE (BOM)"));

        var row = Assert.Single(rows);
        Assert.Equal("SN1", row.SerialNumber);
    }

    [Fact]
    public async Task ReaderKeepsPhysicalLineNumbersAcrossBlankLinesAndMultiLineHashes()
    {
        var text =
            $"{IntuneHeader}\r\n" +                                           // 1
            $"SN2,,{Hash1}\r\n" +                                             // 2
            "\r\n" +                                                          // 3
            $"SN4,,{Hash2}\r\n" +                                             // 4
            $"SN5,,\"{Hash1[..1000]}\r\n{Hash1[1000..2000]}\n{Hash1[2000..]}\"\r\n" + // 5-7
            "  \r\n" +                                                        // 8
            ",,\r\n" +                                                        // 9
            $"SN10,,{Hash2}\r\n";                                             // 10

        var (_, rows) = await ReadAllAsync(text);

        Assert.Equal([2, 4, 5, 10], rows.Select(r => r.LineNumber));
        Assert.Equal(["SN2", "SN4", "SN5", "SN10"], rows.Select(r => r.SerialNumber));
        Assert.Equal(Hash1, rows[2].HardwareHash);
        Assert.All(rows, r => Assert.Null(r.Problem));
    }

    [Fact]
    public async Task ReaderRemovesWhitespaceAndLineBreaksInsideQuotedHashAndTrimsOtherFields()
    {
        var spaced = $"  {Hash1[..100]} {Hash1[100..200]}\t{Hash1[200..300]}\r\n{Hash1[300..]}  ";
        var text = $"{IntuneHeader},Group Tag\r\n  SN1 , 123 ,\"{spaced}\",  Tag A  \r\n";

        var (_, rows) = await ReadAllAsync(text);

        var row = Assert.Single(rows);
        Assert.Equal(new DeviceCsvRow(2, "SN1", "123", Hash1, "Tag A", null, null, null, null) { LastLineNumber = 3 }, row);
    }

    [Theory]
    [InlineData("", 3)]
    [InlineData(",Group Tag", 4)]
    [InlineData(",Group Tag,Assigned User", 5)]
    public async Task ReaderAcceptsIntuneHeadersOfThreeFourAndFiveColumns(string optional, int columns)
    {
        var values = columns switch { 3 => "", 4 => ",T", _ => ",T,u@x.com" };
        var text = $"{IntuneHeader}{optional}\r\nSN1,,{Hash1}{values}\r\n";

        var (reader, rows) = await ReadAllAsync(text);

        Assert.Equal(DeviceCsvFormat.Intune, reader.Format);
        Assert.Equal(columns, reader.ColumnCount);
        Assert.Equal(columns, reader.Columns.Count);
        var row = Assert.Single(rows);
        Assert.Equal(columns >= 4 ? "T" : null, row.GroupTag);
        Assert.Equal(columns == 5 ? "u@x.com" : null, row.AssignedUser);
        Assert.Null(row.Manufacturer);
        Assert.Null(row.Model);
        Assert.Null(row.Problem);
    }

    [Fact]
    public async Task ReaderAcceptsPartnerHeaderAndReadsManufacturerAndModel()
    {
        var text = $"{IntuneHeader},Manufacturer name,Device model\r\nSN1,,{Hash1},\"Dell Inc.\",Latitude 7440\r\n";

        var (reader, rows) = await ReadAllAsync(text);

        Assert.Equal(DeviceCsvFormat.Partner, reader.Format);
        Assert.Equal(5, reader.ColumnCount);
        Assert.Equal(new DeviceCsvRow(2, "SN1", "", Hash1, null, null, "Dell Inc.", "Latitude 7440", null), Assert.Single(rows));
    }

    [Fact]
    public async Task ReaderAcceptsQuotedHeaderNamesInAnyCaseWithSurroundingSpacesAndTrailingEmptyColumns()
    {
        var text = $"\" device serial number \", \"WINDOWS PRODUCT ID\" ,hardware hash,,\r\nSN1,,{Hash1},,\r\n";

        var (reader, rows) = await ReadAllAsync(text);

        Assert.Equal(DeviceCsvFormat.Intune, reader.Format);
        Assert.Equal(3, reader.ColumnCount);
        Assert.Null(Assert.Single(rows).Problem);
    }

    [Theory]
    [InlineData("Serial,Hash")]
    [InlineData("Device Serial Number,Windows Product ID,Hardware Hash,Assigned User")]
    [InlineData("Device Serial Number,Hardware Hash,Windows Product ID")]
    [InlineData("Device Serial Number,Windows Product ID,Hardware Hash,Group Tag,Assigned User,Extra")]
    public async Task ReaderRefusesWrongHeaderNamingExpectedAndFound(string header)
    {
        var content = Encode($"{header}\r\nSN1,{Hash1}\r\n", "UTF-16LE (BOM)");

        var ex = await Assert.ThrowsAsync<DeviceCsvHeaderException>(() => DeviceCsvReader.OpenAsync(new MemoryStream(content)));

        Assert.Equal(header, ex.Found);
        Assert.Contains($"'{header}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'Device Serial Number,Windows Product ID,Hardware Hash'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'Device Serial Number,Windows Product ID,Hardware Hash,Manufacturer name,Device model'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(4, ex.Expected.Count);
        Assert.Contains("Device Serial Number,Windows Product ID,Hardware Hash,Group Tag,Assigned User", ex.Expected);
    }

    [Fact]
    public async Task ReaderRefusesFileWithoutHeaderShowingOnlyTheStartOfTheFirstLine()
    {
        var content = Encoding.UTF8.GetBytes($"SN1,,{Hash1}\r\n");

        var ex = await Assert.ThrowsAsync<DeviceCsvHeaderException>(() => DeviceCsvReader.OpenAsync(new MemoryStream(content)));

        Assert.Equal(200, ex.Found.Length);
        Assert.StartsWith("SN1,,T0G", ex.Found, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x0D, 0x00, 0x0A, 0x00 })]
    [InlineData(new byte[] { 0x0D, 0x0A, 0x20, 0x0D, 0x0A })]
    public async Task ReaderRefusesEmptyFileNamingTheExpectedHeader(byte[] content)
    {
        var ex = await Assert.ThrowsAsync<DeviceCsvHeaderException>(() => DeviceCsvReader.OpenAsync(new MemoryStream(content)));

        Assert.Equal("", ex.Found);
        Assert.Equal("The file is empty: expected the header 'Device Serial Number,Windows Product ID,Hardware Hash'.", ex.Message);
    }

    [Fact]
    public async Task ReaderReportsRowWithTooFewFieldsNamingTheLine()
    {
        var text = $"{IntuneHeader}\r\nSN1,,{Hash1}\r\n\r\nSN2,{Hash2}\r\nSN3,,{Hash1}\r\n";

        var (_, rows) = await ReadAllAsync(text);

        Assert.Equal(3, rows.Count);
        Assert.Null(rows[0].Problem);
        Assert.Equal(4, rows[1].LineNumber);
        Assert.Equal("SN2", rows[1].SerialNumber);
        Assert.Equal(
            "Line 4 has 2 fields; the header has 3 (Device Serial Number, Windows Product ID, Hardware Hash).",
            rows[1].Problem);
        Assert.Null(rows[2].Problem);
    }

    [Fact]
    public async Task ReaderAllowsExtraTrailingEmptyFieldsButReportsExtraValues()
    {
        var text = $"{IntuneHeader}\r\nSN1,,{Hash1},,\"\" , \r\nSN2,,{Hash2},,oops\r\n";

        var (_, rows) = await ReadAllAsync(text);

        Assert.Null(rows[0].Problem);
        Assert.Equal(
            "Line 3 has 5 fields; the header has 3 (Device Serial Number, Windows Product ID, Hardware Hash).",
            rows[1].Problem);
    }

    [Fact]
    public async Task ReaderReportsStrayQuoteNamingTheLine()
    {
        var text = $"{IntuneHeader}\r\nSN1,,{Hash1}\r\nSN\"2,,{Hash2}\r\nSN3,,{Hash1}\r\n";

        var (_, rows) = await ReadAllAsync(text);

        Assert.Null(rows[0].Problem);
        Assert.Equal("Line 3 has a quote inside an unquoted field.", rows[1].Problem);
        Assert.Null(rows[2].Problem);
    }

    [Theory]
    [InlineData("UTF-16LE (BOM)", 1)]
    [InlineData("UTF-16LE", 3)]
    [InlineData("UTF-8", 7)]
    [InlineData("Windows-1252", 5)]
    public async Task ReaderReadsNonSeekableStreamThatReturnsSmallChunks(string encodingName, int chunkSize)
    {
        var text = $"{IntuneHeader},Group Tag\r\n" + string.Concat(
            Enumerable.Range(0, 30).Select(i => $"SN{i},,{FakeHash(i)},Café{i}\r\n"));
        var stream = new TrickleStream(Encode(text, encodingName), chunkSize);

        var rows = new List<DeviceCsvRow>();
        await using (var reader = await DeviceCsvReader.OpenAsync(stream))
        {
            await foreach (var row in reader.ReadRowsAsync())
            {
                rows.Add(row);
            }

            Assert.Equal(encodingName, reader.EncodingName);
            Assert.Equal(31, reader.LineCount);
        }

        Assert.Equal(30, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var expected = new DeviceCsvRow(i + 2, $"SN{i}", "", FakeHash(i), $"Café{i}", null, null, null, null) { HasWindows1252Bytes = encodingName == "Windows-1252" };
            Assert.Equal(expected, rows[i]);
        }

        Assert.True(stream.Disposed);
    }

    [Fact]
    public async Task ReaderLeavesStreamOpenWhenAsked()
    {
        var stream = new TrickleStream(Encoding.UTF8.GetBytes($"{IntuneHeader}\r\nSN1,,{Hash1}\r\n"), 4096);

        await using (var reader = await DeviceCsvReader.OpenAsync(stream, leaveOpen: true))
        {
            Assert.True(reader.LeaveOpen);
            await foreach (var unused in reader.ReadRowsAsync())
            {
            }
        }

        Assert.False(stream.Disposed);
    }

    [Fact]
    public async Task ReaderDisposesStreamWhenHeaderIsRefused()
    {
        var stream = new TrickleStream(Encoding.UTF8.GetBytes("Serial,Hash\r\n"), 4096);

        await Assert.ThrowsAsync<DeviceCsvHeaderException>(() => DeviceCsvReader.OpenAsync(stream));

        Assert.True(stream.Disposed);
    }

    [Fact]
    public async Task ReaderStopsWhenCancelled()
    {
        var text = $"{IntuneHeader}\r\n" + string.Concat(Enumerable.Range(0, 50).Select(i => $"SN{i},,{FakeHash(i)}\r\n"));
        await using var reader = await DeviceCsvReader.OpenAsync(new TrickleStream(Encoding.UTF8.GetBytes(text), 1000));
        using var cancellation = new CancellationTokenSource();
        var read = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var unused in reader.ReadRowsAsync(cancellation.Token))
            {
                if (++read == 3)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        Assert.True(read < 50);
    }

    [Fact]
    public async Task ReaderRowsCanBeEnumeratedOnlyOnce()
    {
        await using var reader = await DeviceCsvReader.OpenAsync(new MemoryStream(Encoding.UTF8.GetBytes($"{IntuneHeader}\r\nSN1,,{Hash1}\r\n")));
        await foreach (var unused in reader.ReadRowsAsync())
        {
        }

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var unused in reader.ReadRowsAsync())
            {
            }
        });
    }

    [Fact]
    public async Task ReaderStopsHoldingARecordLongerThanTheLimitAndNamesTheLinesItLost()
    {
        var text = $"{IntuneHeader}\r\nSN1,,\"{Hash1}\r\n" + new string('A', DeviceCsvReader.MaxRecordBytes + 10);

        var (reader, rows) = await ReadAllAsync(Encoding.UTF8.GetBytes(text));

        var row = Assert.Single(rows);
        Assert.Equal(new LostLines(2, 3, row.Problem!), row.Lost);
        Assert.Contains("a quote opened there is never closed", row.Problem, StringComparison.Ordinal);
        Assert.Equal(3, reader.LineCount);
    }
}
