using AutopilotPortal.Core.Security;
using System.Text;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Tests.Support;

namespace AutopilotPortal.Core.Tests.Import;

public class ErrorReportTests
{
    [Fact]
    public async Task ErrorReportListsFailedRowsAndNeutralisesFormulaCells()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        using var csv = TestDevices.Csv(
            ("GOOD0001", TestDevices.Hash(seed: 70, serial: "GOOD0001"), null),
            ("=1+2", TestDevices.CorruptedHash(seed: 71), null),
            ("@SUM(A1)", "", null));
        var job = await database.Get<ImportService>().ImportAsync(PortalCaller.System, csv, "report.csv");
        using var output = new MemoryStream();

        await database.Get<ImportHistoryService>().WriteErrorReportAsync(PortalCaller.System, job.Id, output);

        var bytes = output.ToArray();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Equal(3, lines.Length);
        Assert.Equal("Line,Serial number,Result,Code,Error,Message,Warning", lines[0]);
        Assert.StartsWith("3,\"'=1+2\",Failed,802,InvalidZtdHardwareHash,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("4,\"'@SUM(A1)\",Failed,802,InvalidZtdHardwareHash,", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.Contains("GOOD0001", StringComparison.Ordinal));
    }
}
