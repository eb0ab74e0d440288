using System.Text;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Import.Csv;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tests.Support;

namespace AutopilotPortal.Core.Tests.Import;

/// <summary>A preview and an import account for every line of the file, and record a file whose rows all fail.</summary>
public class ImportFileAccountingTests
{
    private static string Csv(int devices, int firstSeed, Func<int, string, string>? change = null)
    {
        var text = new StringBuilder("Device Serial Number,Windows Product ID,Hardware Hash,Group Tag\r\n");
        for (var i = 1; i <= devices; i++)
        {
            var serial = $"ACC{firstSeed + i:D5}";
            var line = $"{serial},,{TestDevices.Hash(firstSeed + i, serial)},Lab";
            text.Append(change is null ? line : change(i, line)).Append("\r\n");
        }

        return text.ToString();
    }

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task APreviewOfAFileWithAnUnclosedQuoteNamesTheLinesItLosesAndCountsTheLines()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        using var file = Utf8(Csv(100, 1000, (i, line) => i == 5 ? "\"" + line : line));

        var preview = await database.Get<ImportService>().PreviewAsync(PortalCaller.System, file);

        Assert.Equal(101, preview.LineCount);
        Assert.Equal(5, preview.Rows.Count);
        Assert.Equal(4, preview.WillRegister);
        var lost = Assert.Single(preview.LostLines);
        Assert.Equal((6, 101), (lost.FirstLine, lost.LastLine));
        Assert.Equal("A quote opened on line 6 is never closed; lines 6–101 were read as one field.", preview.Rows[^1].Error!.Message);
    }

    [Fact]
    public async Task AnImportThatWasNotToldOfTheLostLinesStopsThereAsFailed()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        using var file = Utf8(Csv(100, 1100, (i, line) => i == 5 ? "\"" + line : line));

        var job = await database.Get<ImportService>().ImportAsync(PortalCaller.System, file, "quote.csv");

        Assert.Equal(ImportJobStatus.Failed, job.Status);
        Assert.Contains("lines 6–101 were read as one field", job.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("not among those accepted in the preview", job.FailureMessage, StringComparison.Ordinal);
        Assert.Equal(4, (await database.CountAsync()).Registrations);
        Assert.Equal(101, job.LineCount);
    }

    [Fact]
    public async Task AnImportThatAcceptedExactlyTheLostLinesCompletesAndRecordsThem()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var text = Csv(60, 1200, (i, line) => i == 5 ? "\"" + line : i == 40 ? line.Replace(",,", "\",,", StringComparison.Ordinal) : line);
        var import = database.Get<ImportService>();
        using var first = Utf8(text);
        var preview = await import.PreviewAsync(PortalCaller.System, first);
        Assert.Equal((6, 41), (preview.LostLines[0].FirstLine, preview.LostLines[0].LastLine));

        using var second = Utf8(text);
        var job = await import.ImportAsync(PortalCaller.System, second, "quote.csv", preview.LostLines);

        Assert.Equal(ImportJobStatus.Completed, job.Status);
        Assert.Equal(61, job.LineCount);
        Assert.Equal(4 + 20, job.Registered);
        Assert.Equal(1, job.Failed);
        Assert.Equal(preview.LostLines[0].Reason, job.FileNotes);
        Assert.Equal(24, (await database.CountAsync()).Registrations);
    }

    [Fact]
    public async Task AnImportThatAcceptedOtherLinesThanTheFileLosesStops()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        using var file = Utf8(Csv(30, 1300, (i, line) => i == 5 ? "\"" + line : line));

        var job = await database.Get<ImportService>().ImportAsync(PortalCaller.System, file, "quote.csv", [new LostLines(6, 20, "other")]);

        Assert.Equal(ImportJobStatus.Failed, job.Status);
        Assert.Equal(4, job.Registered);
    }

    [Fact]
    public async Task AFileWhoseEveryRowIsAlreadyRegisteredIsRecordedWithItsRowsAndAReport()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var text = Csv(6, 1400);
        var import = database.Get<ImportService>();
        using (var first = Utf8(text))
        {
            Assert.Equal(6, (await import.ImportAsync(PortalCaller.System, first, "first.csv")).Registered);
        }

        using var again = Utf8(text);
        var preview = await import.PreviewAsync(PortalCaller.System, again);
        Assert.Equal((0, 6, 0), (preview.WillRegister, preview.AlreadyRegistered, preview.WillFail));

        using var second = Utf8(text);
        var job = await import.ImportAsync(PortalCaller.System, second, "again.csv", preview.LostLines);

        Assert.Equal(ImportJobStatus.Completed, job.Status);
        Assert.Equal((6, 0, 6, 0), (job.TotalRows, job.Registered, job.AlreadyRegistered, job.Failed));
        var history = database.Get<ImportHistoryService>();
        Assert.Contains((await history.ListJobsAsync(PortalCaller.System, 0, 10)).Items, j => j.Id == job.Id);
        using var report = new MemoryStream();
        await history.WriteErrorReportAsync(PortalCaller.System, job.Id, report);
        var lines = Encoding.UTF8.GetString(report.ToArray()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, lines.Length);
        Assert.All(lines[1..], l => Assert.Contains(",Already registered,806,", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMixedEncodingFileWarnsOnTheRowsWithWindows1252BytesInPreviewAndImport()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = new List<byte>(Encoding.UTF8.GetBytes("Device Serial Number,Windows Product ID,Hardware Hash,Group Tag\r\n"));
        for (var i = 1; i <= 5; i++)
        {
            var serial = $"ENC{i:D5}";
            bytes.AddRange(Encoding.UTF8.GetBytes($"{serial},,{TestDevices.Hash(1500 + i, serial)},"));
            bytes.AddRange(i == 1 ? Encoding.GetEncoding(1252).GetBytes("Zürich") : Encoding.UTF8.GetBytes(i == 4 ? "Müller" : "Plain"));
            bytes.AddRange("\r\n"u8.ToArray());
        }

        var import = database.Get<ImportService>();
        using (var first = new MemoryStream([.. bytes]))
        {
            var preview = await import.PreviewAsync(PortalCaller.System, first);
            Assert.Equal("UTF-8 and Windows-1252 (mixed)", preview.EncodingName);
            Assert.Contains("line 2 has bytes that are not UTF-8", preview.EncodingWarning, StringComparison.Ordinal);
            Assert.Equal(ImportService.MixedEncodingRowWarning(2), preview.Rows[0].Warning);
            Assert.Equal(1, preview.WithWarnings);
            Assert.Equal(["Zürich", "Plain", "Plain", "Müller", "Plain"], preview.Rows.Select(r => r.GroupTag));
        }

        using var second = new MemoryStream([.. bytes]);
        var job = await import.ImportAsync(PortalCaller.System, second, "mixed.csv", []);

        Assert.Equal(5, job.Registered);
        Assert.Equal(1, job.Warnings);
        Assert.Equal("UTF-8 and Windows-1252 (mixed)", job.Encoding);
        Assert.Contains("mixes encodings", job.FileNotes, StringComparison.Ordinal);
        var results = (await database.Get<ImportHistoryService>().ListResultsAsync(PortalCaller.System, job.Id, problemsOnly: true, 0, 10)).Items;
        Assert.Equal(2, Assert.Single(results).LineNumber);
    }
}
