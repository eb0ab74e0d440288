using System.Text;
using AutopilotPortal.Core.Hardware;

namespace AutopilotPortal.E2E.Tests.Infrastructure;

public static class TestFiles
{
    /// <summary>A real Get-WindowsAutopilotInfo CSV (UTF-16LE with BOM) copied from tests/TestData/real-hashes.</summary>
    public static string RealHashFile(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "real-hashes", name);

    /// <summary>A UTF-8 CSV of synthetic devices with the given serial numbers, as the portal's minimal Intune header.</summary>
    public static byte[] SyntheticCsv(int seed, IReadOnlyList<string> serials)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("Device Serial Number,Windows Product ID,Hardware Hash\r\n");
        foreach (var serial in serials)
        {
            var builder = HardwareHashBuilder.Synthetic(random);
            builder.SerialNumber = serial;
            csv.Append(serial).Append(",,").Append(builder.Build()).Append("\r\n");
        }

        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
