using AutopilotPortal.Core.Hardware;

namespace AutopilotPortal.Core.Tests.Hardware;

public class HardwareHashToleranceTests
{
    [Fact]
    public void DecodeAcceptsWhitespaceInsideHash()
    {
        var hash = HardwareHashTestData.ReadRealRow(HardwareHashTestData.ChurlbapHp).Hash;
        var wrapped = " \t" + string.Join("\r\n", hash.Chunk(76).Select(line => new string(line))) + " \u00A0\n";
        var spaced = hash[..500] + "   " + hash[500..2000] + "\t" + hash[2000..];

        Assert.True(HardwareHash.Decode(wrapped).IsValid);
        Assert.True(HardwareHash.Decode(spaced).IsValid);
        Assert.Equal("5CD349G8VJ", HardwareHash.Decode(wrapped).Info!.SerialNumber);
    }

    [Fact]
    public void DecodeAcceptsShortHashWithoutZeroPadding()
    {
        var bytes = HardwareHashTestData.ReadRealBytes(HardwareHashTestData.ChinwikeLenovo);

        var result = HardwareHash.Decode(Convert.ToBase64String(bytes, 0, 1175 + 36));

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(1175, result.Info!.TotalLength);
        Assert.Equal("PF5MT6SC", result.Info.SerialNumber);
    }

    [Fact]
    public void DecodeAcceptsHashWithMissingPadding()
    {
        // 1,211 bytes encode with one '=' of padding.
        var bytes = HardwareHashTestData.ReadRealBytes(HardwareHashTestData.ChinwikeLenovo);
        var padded = Convert.ToBase64String(bytes, 0, 1211);
        Assert.EndsWith("=", padded, StringComparison.Ordinal);

        var result = HardwareHash.Decode(padded.TrimEnd('='));

        Assert.True(result.IsValid, result.Message);
        Assert.Equal("LENOVO", result.Info!.Manufacturer);
    }

    [Fact]
    public void DecodeAcceptsHashWithTrailingBytesAfterPadding()
    {
        var bytes = HardwareHashTestData.ReadRealBytes(HardwareHashTestData.HexDkVmware);
        var longer = new byte[3300];
        bytes.CopyTo(longer, 0);

        Assert.True(HardwareHash.Decode(longer).IsValid);
    }
}
