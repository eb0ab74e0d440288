using System.Text;
using AutopilotPortal.Core.Hardware;

namespace AutopilotPortal.Web.Tests.Support;

/// <summary>CSV files for the import tests: the real ones from TestData and small hand-made ones.</summary>
public static class TestFiles
{
    public const string IntuneHeader = "Device Serial Number,Windows Product ID,Hardware Hash";

    /// <summary>A real UTF-16LE file from Get-WindowsAutopilotInfo: an HP EliteBook, serial 5CD349G8VJ.</summary>
    public const string RealHpFile = "churlbap_ponise.csv";

    public const string RealHpSerial = "5CD349G8VJ";

    public static byte[] RealHashes(string name) =>
        File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "real-hashes", name));

    /// <summary>A UTF-8 CSV with the given header and rows, CRLF line ends.</summary>
    public static byte[] Csv(string header, params string[] rows) =>
        Encoding.UTF8.GetBytes(string.Join("\r\n", [header, .. rows]) + "\r\n");

    /// <summary>A row whose hash is a valid synthetic one.</summary>
    public static string GoodRow(int seed, string? extra = null)
    {
        var builder = HardwareHashBuilder.Synthetic(new Random(seed));
        return $"{builder.SerialNumber},,{builder.Build()}{(extra is null ? "" : "," + extra)}";
    }
}
