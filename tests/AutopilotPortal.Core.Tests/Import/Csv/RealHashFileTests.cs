using AutopilotPortal.Core.Import.Csv;

namespace AutopilotPortal.Core.Tests.Import.Csv;

public class RealHashFileTests
{
    [Theory]
    [InlineData("ChinwikeOnyia26_ModernEndpoints-Deployment-Scripts.csv", "PF5MT6SC", 3)]
    [InlineData("HexDK_SGRE_BG.csv", "F98059756E444D56", 4)]
    [InlineData("Pmedley26_PowerShell_6cc4304.csv", "PF5NRH33", 3)]
    [InlineData("churlbap_ponise.csv", "5CD349G8VJ", 3)]
    public async Task RealFileWrittenByWindowsPowerShellReadsAsOneIntuneRowOnLineTwo(string file, string serial, int columns)
    {
        await using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "TestData", "real-hashes", file));

        await using var reader = await DeviceCsvReader.OpenAsync(stream);
        var rows = new List<DeviceCsvRow>();
        await foreach (var row in reader.ReadRowsAsync())
        {
            rows.Add(row);
        }

        Assert.Equal(DeviceCsvFormat.Intune, reader.Format);
        Assert.Equal(columns, reader.ColumnCount);
        Assert.Equal("UTF-16LE (BOM)", reader.EncodingName);
        Assert.Equal(1200, reader.Encoding.CodePage);
        var single = Assert.Single(rows);
        Assert.Equal(2, single.LineNumber);
        Assert.Equal(serial, single.SerialNumber);
        Assert.Equal("", single.ProductKey);
        Assert.Equal(4000, single.HardwareHash.Length);
        Assert.StartsWith("T0", single.HardwareHash, StringComparison.Ordinal);
        Assert.Null(single.Problem);
        if (columns == 4)
        {
            Assert.NotNull(single.GroupTag);
        }
        else
        {
            Assert.Null(single.GroupTag);
        }
    }
}
