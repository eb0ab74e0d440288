using System.Globalization;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Import.Csv;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tests.Support;

namespace AutopilotPortal.Core.Tests.Import;

/// <summary>
/// Every file of <c>tests/TestData/bad-input</c> goes through the preview and the import, and gets the outcome
/// <c>outcomes.tsv</c> gives it: refused as a whole with a message, or read line by line with exactly the listed
/// rows refused (each with its code and a message naming the problem), the listed lines lost and warnings given,
/// and the three services holding exactly the rows that registered.
/// </summary>
public class BadInputCorpusTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "TestData", "bad-input");

    public static TheoryData<string, string> Files()
    {
        var data = new TheoryData<string, string>();
        foreach (var line in File.ReadLines(Path.Combine(Folder, "outcomes.tsv")).Skip(1))
        {
            var columns = line.Split('\t');
            data.Add(columns[0], columns[1]);
        }

        return data;
    }

    [Fact]
    public void TheCorpusHasAtLeastEightyFilesEachWithAnOutcome()
    {
        var listed = Files().Select(row => (string)row[0]).ToHashSet();
        var present = System.IO.Directory.GetFiles(Folder, "*.csv").Select(Path.GetFileName).ToHashSet();

        Assert.True(listed.Count >= 80, $"{listed.Count} files");
        Assert.Equal(present.Order(), listed.Order());
    }

    [Theory]
    [MemberData(nameof(Files))]
    public async Task EveryFileGetsItsOutcome(string file, string expect)
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var import = database.Get<ImportService>();
        var bytes = await File.ReadAllBytesAsync(Path.Combine(Folder, file));

        if (expect.StartsWith("header:", StringComparison.Ordinal))
        {
            var preview = await Assert.ThrowsAsync<DeviceCsvHeaderException>(() => import.PreviewAsync(PortalCaller.System, new MemoryStream(bytes)));
            var refused = await Assert.ThrowsAsync<DeviceCsvHeaderException>(() => import.ImportAsync(PortalCaller.System, new MemoryStream(bytes), file));
            Assert.Contains(expect["header:".Length..], preview.Message, StringComparison.Ordinal);
            Assert.Equal(preview.Message, refused.Message);
            Assert.Equal(new DatabaseCounts(0, 0, 0, 0, 0), await database.CountAsync());
            return;
        }

        var result = await import.PreviewAsync(PortalCaller.System, new MemoryStream(bytes));
        if (expect == "norows")
        {
            Assert.Empty(result.Rows);
            return;
        }

        var expected = Expectation.Parse(expect);
        Assert.Equal(expected.Lines, result.LineCount);
        Assert.Equal(expected.Lost, result.LostLines.Select(l => (l.FirstLine, l.LastLine)));
        if (expected.Encoding is not null)
        {
            Assert.Equal(expected.Encoding, result.EncodingName);
        }

        var job = await import.ImportAsync(PortalCaller.System, new MemoryStream(bytes), file, result.LostLines);

        Assert.Equal(ImportJobStatus.Completed, job.Status);
        Assert.Equal((expected.Registered, expected.Lines), (job.Registered, job.LineCount));
        var counts = await database.CountAsync();
        Assert.Equal((expected.Registered, expected.Registered, expected.Registered), (counts.Registrations, counts.DirectoryDevices, counts.AutopilotDevices));

        var rows = (await database.Get<ImportHistoryService>().ListResultsAsync(PortalCaller.System, job.Id, problemsOnly: false, 0, 500)).Items;
        Assert.Equal(result.Rows.Count, rows.Count);
        var refusedRows = rows.Where(r => !r.Succeeded).ToList();
        Assert.Equal(expected.Refused.Keys.Order(), refusedRows.Select(r => r.LineNumber).Order());
        foreach (var row in refusedRows)
        {
            var (code, fragment) = expected.Refused[row.LineNumber];
            Assert.Equal(code, row.ErrorCode?.ToString(CultureInfo.InvariantCulture) ?? row.ErrorName);
            Assert.False(string.IsNullOrWhiteSpace(row.Message), $"line {row.LineNumber} has no message");
            Assert.Contains(fragment, row.Message, StringComparison.Ordinal);
            Assert.InRange(row.LineNumber, 2, expected.Lines);
        }

        foreach (var (line, fragment) in expected.Warnings)
        {
            var warning = result.Rows.Single(r => r.LineNumber == line).Warning;
            Assert.NotNull(warning);
            Assert.Contains(fragment, warning, StringComparison.Ordinal);
        }

        Assert.Equal(expected.Warnings.Count, result.WithWarnings);
    }

    /// <summary>
    /// "rows registered=N lines=L [encoding=NAME]; LINE=CODE:FRAGMENT; lost=A-B; warn=LINE:FRAGMENT": what a file
    /// read row by row must give.
    /// </summary>
    private sealed record Expectation(
        int Registered,
        int Lines,
        string? Encoding,
        Dictionary<int, (string Code, string Fragment)> Refused,
        List<(int FirstLine, int LastLine)> Lost,
        List<(int Line, string Fragment)> Warnings)
    {
        public static Expectation Parse(string text)
        {
            var parts = text.Split("; ");
            var head = parts[0];
            var encodingAt = head.IndexOf(" encoding=", StringComparison.Ordinal);
            var encoding = encodingAt < 0 ? null : head[(encodingAt + " encoding=".Length)..];
            var words = (encodingAt < 0 ? head : head[..encodingAt]).Split(' ');
            var registered = int.Parse(words.Single(w => w.StartsWith("registered=", StringComparison.Ordinal))["registered=".Length..], CultureInfo.InvariantCulture);
            var lines = int.Parse(words.Single(w => w.StartsWith("lines=", StringComparison.Ordinal))["lines=".Length..], CultureInfo.InvariantCulture);
            var refused = new Dictionary<int, (string, string)>();
            var lost = new List<(int, int)>();
            var warnings = new List<(int, string)>();
            foreach (var part in parts.Skip(1))
            {
                if (part.StartsWith("lost=", StringComparison.Ordinal))
                {
                    var range = part["lost=".Length..].Split('-');
                    lost.Add((int.Parse(range[0], CultureInfo.InvariantCulture), int.Parse(range[1], CultureInfo.InvariantCulture)));
                }
                else if (part.StartsWith("warn=", StringComparison.Ordinal))
                {
                    var (line, fragment) = Split(part["warn=".Length..], ':');
                    warnings.Add((int.Parse(line, CultureInfo.InvariantCulture), fragment));
                }
                else
                {
                    var (line, rest) = Split(part, '=');
                    var (code, fragment) = Split(rest, ':');
                    refused[int.Parse(line, CultureInfo.InvariantCulture)] = (code, fragment);
                }
            }

            return new Expectation(registered, lines, encoding, refused, lost, warnings);
        }

        private static (string, string) Split(string text, char separator)
        {
            var at = text.IndexOf(separator, StringComparison.Ordinal);
            return (text[..at], text[(at + 1)..]);
        }
    }
}
