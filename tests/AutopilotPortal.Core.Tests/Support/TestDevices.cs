using System.Text;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Tests.Shared;

namespace AutopilotPortal.Core.Tests.Support;

/// <summary>Hashes and requests for tests: synthetic hardware from <see cref="HardwareHashBuilder"/> and the real files.</summary>
internal static class TestDevices
{
    public static readonly string[] RealFiles =
    [
        "ChinwikeOnyia26_ModernEndpoints-Deployment-Scripts.csv",
        "HexDK_SGRE_BG.csv",
        "Pmedley26_PowerShell_6cc4304.csv",
        "churlbap_ponise.csv",
    ];

    /// <summary>A plausible device; the same seed gives the same hardware.</summary>
    public static HardwareHashBuilder Builder(int seed, string? serial = null)
    {
        var builder = HardwareHashBuilder.Synthetic(new Random(seed));
        if (serial is not null)
        {
            builder.SerialNumber = serial;
        }

        return builder;
    }

    public static string Hash(int seed, string? serial = null) => Builder(seed, serial).Build();

    /// <summary>A valid hash with one byte of its record area changed: the checksum no longer matches.</summary>
    public static string CorruptedHash(int seed)
    {
        var bytes = Builder(seed).BuildBytes();
        bytes[40] ^= 0x5A;
        return Convert.ToBase64String(bytes);
    }

    public static string RealFilePath(string file) => Path.Combine(AppContext.BaseDirectory, "TestData", "real-hashes", file);

    /// <summary>The hash of the first data row of a real file.</summary>
    public static string RealHash(string file) => File.ReadAllLines(RealFilePath(file), Encoding.Unicode)[1].Split(',')[2];

    /// <summary>A validated request, ready for <see cref="DeviceRegistrationService.RegisterAsync"/>.</summary>
    public static PreparedRegistration Prepare(string? hash, int line = 2, string? serial = null, string? groupTag = null, string? productKey = null, string? user = null) =>
        RegistrationValidator.Prepare(new RegistrationRequest(line, serial, productKey, hash, groupTag, user));

    /// <summary>A UTF-8 Intune CSV with a Group Tag column; the header is line 1.</summary>
    public static MemoryStream Csv(params (string Serial, string Hash, string? GroupTag)[] rows)
    {
        var text = new StringBuilder("Device Serial Number,Windows Product ID,Hardware Hash,Group Tag\r\n");
        foreach (var (serial, hash, groupTag) in rows)
        {
            text.Append(serial).Append(",,").Append(hash).Append(',').Append(groupTag).Append("\r\n");
        }

        return new MemoryStream(Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>Registers <paramref name="count"/> synthetic devices (seeds <paramref name="firstSeed"/>, +1, …) through DDS; returns their Intune ids.</summary>
    public static async Task<Guid[]> RegisterAsync(PortalTestDatabase database, int count, string? groupTag, int firstSeed)
    {
        var rows = Enumerable.Range(0, count).Select(n => Prepare(Hash(seed: firstSeed + n), line: n + 2, groupTag: groupTag)).ToList();
        var outcomes = await database.Get<DeviceRegistrationService>().RegisterAsync(TestTenant.Id, rows, dryRun: false);
        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Error?.Message));
        return outcomes.Select(o => o.AutopilotDeviceId!.Value).ToArray();
    }
}
