using AutopilotPortal.Core.Hardware;

namespace AutopilotPortal.Core.Tests.Hardware;

public class RealHardwareHashTests
{
    [Theory]
    [InlineData(HardwareHashTestData.ChinwikeLenovo, "PF5MT6SC", "LENOVO", "21R3001BUK", "3556252318653", "10.0.26100.7705", "10.0.26100.7840", 9, 1175)]
    [InlineData(HardwareHashTestData.HexDkVmware, "F98059756E444D56", "VMware, Inc.", "VMware20,1", null, "10.0.26100.4202", "10.0.26100.4351", 9, 936)]
    [InlineData(HardwareHashTestData.PmedleyLenovo, "PF5NRH33", "LENOVO", "21G2001VUS", "3556252499682", "10.0.26100.3323", "10.0.26100.3323", 9, 1326)]
    [InlineData(HardwareHashTestData.ChurlbapHp, "5CD349G8VJ", "HP", "HP EliteBook 650 15.6 inch G10 Notebook PC", "3556129472828", "10.0.22621.2506", "10.0.22621.3085", 8, 1155)]
    public void DecodeReadsRealHashFieldsAsSourcesListThem(
        string file, string serial, string manufacturer, string model, string? productKeyId,
        string toolBuild, string osBuild, int toolVersion, int totalLength)
    {
        var (csvSerial, hash) = HardwareHashTestData.ReadRealRow(file);

        var result = HardwareHash.Decode(hash);

        Assert.True(result.IsValid, result.Message);
        Assert.Null(result.Message);
        var info = result.Info!;
        Assert.Equal(serial, info.SerialNumber);
        Assert.Equal(csvSerial, info.SerialNumber);
        Assert.Equal(manufacturer, info.Manufacturer);
        Assert.Equal(model, info.Model);
        Assert.Equal(productKeyId, info.ProductKeyId);
        Assert.Equal(Version.Parse(toolBuild), info.ToolBuild);
        Assert.Equal(Version.Parse(osBuild), info.OsBuild);
        Assert.Equal(toolVersion, info.ToolVersion);
        Assert.Equal(totalLength, info.TotalLength);
        Assert.Equal("2.0", info.TpmSpecVersion);
        Assert.StartsWith("TPM-Version:2.0 ", info.TpmVersion, StringComparison.Ordinal);
        Assert.NotNull(info.SmbiosUuid);
        Assert.NotNull(info.GeneratedAt);
        Assert.NotNull(info.DiskSerial);
        Assert.Matches("^[0-9a-f]{64}$", info.TpmEkPublicKeyHash!);
        Assert.Matches("^([0-9a-f]{2})+$", info.OfflineDeviceId!);
    }

    [Theory]
    [InlineData(HardwareHashTestData.ChinwikeLenovo)]
    [InlineData(HardwareHashTestData.PmedleyLenovo)]
    [InlineData(HardwareHashTestData.ChurlbapHp)]
    public void DecodeReportsPhysicalDevicesAsNotVirtual(string file)
    {
        var info = HardwareHash.Decode(HardwareHashTestData.ReadRealRow(file).Hash).Info!;

        Assert.False(info.IsVirtualMachine);
        Assert.Null(info.VirtualMachineKind);
    }

    [Fact]
    public void DecodeReportsVmwareHashAsVirtualMachine()
    {
        var info = HardwareHash.Decode(HardwareHashTestData.ReadRealRow(HardwareHashTestData.HexDkVmware).Hash).Info!;

        Assert.True(info.IsVirtualMachine);
        Assert.Equal("VMware", info.VirtualMachineKind);
        Assert.Equal(12, info.CpuArchitecture); // ARM64: VMware Fusion on Apple silicon
        Assert.Empty(info.NetworkAdapters);
        Assert.Null(info.ProductKeyPartNumber);
    }

    [Fact]
    public void DecodeReadsRecordOneTimestampAndTimeZone()
    {
        // London in April (BST) and California in December (PST).
        var lenovo = HardwareHash.Decode(HardwareHashTestData.ReadRealRow(HardwareHashTestData.ChinwikeLenovo).Hash).Info!;
        var pmedley = HardwareHash.Decode(HardwareHashTestData.ReadRealRow(HardwareHashTestData.PmedleyLenovo).Hash).Info!;

        Assert.Equal(new DateTimeOffset(2026, 4, 7, 9, 33, 18, TimeSpan.Zero), lenovo.GeneratedAt);
        Assert.Equal(TimeSpan.FromHours(1), lenovo.GeneratedAt!.Value.Offset);
        Assert.Equal(60, lenovo.TimeZoneOffsetMinutes);
        Assert.Equal(2, lenovo.OsType);
        Assert.Equal(9, lenovo.CpuArchitecture);
        Assert.Equal(-480, pmedley.TimeZoneOffsetMinutes);
    }

    [Fact]
    public void DecodeReadsNetworkAdaptersDiskAndProductKeyPartNumber()
    {
        var info = HardwareHash.Decode(HardwareHashTestData.ReadRealRow(HardwareHashTestData.ChinwikeLenovo).Hash).Info!;

        Assert.Equal(2, info.NetworkAdapters.Count);
        Assert.Equal(new NetworkAdapterInfo(9, "80:E4:BA:83:A0:A4"), info.NetworkAdapters[0]);
        Assert.Equal("Wi-Fi", info.NetworkAdapters[0].MediumName);
        Assert.Equal("Bluetooth", info.NetworkAdapters[1].MediumName);
        Assert.Equal("8CE3_8E04_05AD_C76D.|KBG6AZNV512G LA KIOXIA|", info.DiskSerial);
        Assert.Equal("[TH]res-v3556", info.ProductKeyPartNumber);
        Assert.Equal("ThinkPad T14s 2-in-1 Gen 1", info.Family);
        Assert.Equal(new Guid("75df607a-7bbb-492c-a31c-183d2dbad06a"), info.SmbiosUuid);
    }

    [Fact]
    public void DecodeTakesVmwareDiskSerialFromRecord28WhenRecord7IsAbsent()
    {
        var info = HardwareHash.Decode(HardwareHashTestData.ReadRealRow(HardwareHashTestData.HexDkVmware).Hash).Info!;

        Assert.Equal("B31C_0F1F_D288_B411_000C_2962_C5CE_8A6B.|VMware Virtual NVMe Disk|", info.DiskSerial);
    }

    [Fact]
    public void DecodeOfBytesMatchesDecodeOfText()
    {
        var (_, hash) = HardwareHashTestData.ReadRealRow(HardwareHashTestData.ChurlbapHp);

        var fromText = HardwareHash.Decode(hash).Info!;
        var fromBytes = HardwareHash.Decode(Convert.FromBase64String(hash)).Info!;

        Assert.Equal(fromText with { NetworkAdapters = [] }, fromBytes with { NetworkAdapters = [] });
        Assert.Equal(fromText.NetworkAdapters, fromBytes.NetworkAdapters);
    }
}
