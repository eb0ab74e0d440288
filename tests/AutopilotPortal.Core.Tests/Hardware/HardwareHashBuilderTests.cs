using System.Security.Cryptography;
using System.Text.RegularExpressions;
using AutopilotPortal.Core.Hardware;

namespace AutopilotPortal.Core.Tests.Hardware;

public class HardwareHashBuilderTests
{
    [Fact]
    public void BuildThenDecodeGivesBackEveryField()
    {
        var ekPublicKey = RandomNumberGenerator.GetBytes(256);
        var offlineId = RandomNumberGenerator.GetBytes(42);
        var uuid = Guid.NewGuid();
        var generatedAt = new DateTimeOffset(2025, 3, 14, 15, 9, 26, TimeSpan.FromMinutes(330));
        var builder = new HardwareHashBuilder
        {
            Manufacturer = "Dell Inc.",
            Model = "Latitude 7440",
            SerialNumber = "8KX2QZ3",
            Sku = "0C0F",
            Family = "Latitude",
            SmbiosUuid = uuid,
            TpmVersion = "TPM-Version:2.0 -Level:0-Revision:1.38-VendorID:'STM '-Firmware:73.4.17568.5511",
            NetworkAdapters =
            [
                new NetworkAdapterInfo(NetworkAdapterInfo.WiFi, "a4:b1:c1:00:11:22"),
                new NetworkAdapterInfo(NetworkAdapterInfo.Ethernet, "00-1B-44-11-3A-B7"),
                new NetworkAdapterInfo(71, "02:00:00:00:00:01"),
            ],
            DiskSerial = "0025_3852_21B4_2A1E.|SAMSUNG MZVL2512HCJQ-00B07|",
            ProductKeyId = "3556123456789",
            ProductKeyPartNumber = "[TH]res-v3556",
            TpmEkPublicKey = ekPublicKey,
            OfflineDeviceId = offlineId,
            ToolBuild = new Version(10, 0, 26100, 4202),
            OsBuild = new Version(10, 0, 26100, 4351),
            GeneratedAt = generatedAt,
            OsType = 2,
            CpuArchitecture = 12,
            ToolVersion = 9,
        };

        var result = HardwareHash.Decode(builder.Build());

        Assert.True(result.IsValid, result.Message);
        var info = result.Info!;
        Assert.Equal("Dell Inc.", info.Manufacturer);
        Assert.Equal("Latitude 7440", info.Model);
        Assert.Equal("8KX2QZ3", info.SerialNumber);
        Assert.Equal("0C0F", info.Sku);
        Assert.Equal("Latitude", info.Family);
        Assert.Equal(uuid, info.SmbiosUuid);
        Assert.Equal(builder.TpmVersion, info.TpmVersion);
        Assert.Equal("2.0", info.TpmSpecVersion);
        Assert.False(info.IsVirtualMachine);
        Assert.Null(info.VirtualMachineKind);
        Assert.Equal(
            [
                new NetworkAdapterInfo(9, "A4:B1:C1:00:11:22"),
                new NetworkAdapterInfo(14, "00:1B:44:11:3A:B7"),
                new NetworkAdapterInfo(71, "02:00:00:00:00:01"),
            ],
            info.NetworkAdapters);
        Assert.Equal("Other (71)", info.NetworkAdapters[2].MediumName);
        Assert.Equal("Ethernet", info.NetworkAdapters[1].MediumName);
        Assert.Equal(builder.DiskSerial, info.DiskSerial);
        Assert.Equal("3556123456789", info.ProductKeyId);
        Assert.Equal("[TH]res-v3556", info.ProductKeyPartNumber);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(ekPublicKey)), info.TpmEkPublicKeyHash);
        Assert.Equal(Convert.ToHexStringLower(offlineId), info.OfflineDeviceId);
        Assert.Equal(new Version(10, 0, 26100, 4202), info.ToolBuild);
        Assert.Equal(new Version(10, 0, 26100, 4351), info.OsBuild);
        Assert.Equal(generatedAt, info.GeneratedAt);
        Assert.Equal(generatedAt.Offset, info.GeneratedAt!.Value.Offset);
        Assert.Equal(330, info.TimeZoneOffsetMinutes);
        Assert.Equal(2, info.OsType);
        Assert.Equal(12, info.CpuArchitecture);
        Assert.Equal(9, info.ToolVersion);
    }

    [Fact]
    public void BuildWritesFourThousandCharactersWithZeroPaddingAndValidChecksum()
    {
        var builder = HardwareHashBuilder.Synthetic(new Random(7));

        var bytes = builder.BuildBytes();
        var text = builder.Build();

        Assert.Equal(3000, bytes.Length);
        Assert.Equal(4000, text.Length);
        Assert.Equal((byte)'O', bytes[0]);
        Assert.Equal((byte)'A', bytes[1]);
        var totalLength = HardwareHash.Decode(bytes).Info!.TotalLength;
        Assert.Equal((byte)'C', bytes[totalLength]);
        Assert.Equal((byte)'S', bytes[totalLength + 1]);
        Assert.Equal(SHA256.HashData(bytes.AsSpan(0, totalLength)), bytes.AsSpan(totalLength + 4, 32).ToArray());
        Assert.All(bytes[(totalLength + 36)..], b => Assert.Equal(0, b));
    }

    [Fact]
    public void BuildLeavesOutFieldsThatAreNotSet()
    {
        var builder = new HardwareHashBuilder { Manufacturer = "HP", SerialNumber = "5CD349G8VJ" };

        var info = HardwareHash.Decode(builder.Build()).Info!;

        Assert.Equal("HP", info.Manufacturer);
        Assert.Null(info.Model);
        Assert.Null(info.SmbiosUuid);
        Assert.Null(info.TpmVersion);
        Assert.Null(info.TpmSpecVersion);
        Assert.Empty(info.NetworkAdapters);
        Assert.Null(info.TpmEkPublicKeyHash);
        Assert.Null(info.OfflineDeviceId);
        Assert.Null(info.ProductKeyId);
        Assert.Null(info.ToolBuild);
        Assert.Null(info.GeneratedAt);
    }

    [Fact]
    public void SyntheticProducesValidPhysicalDevicesForManySeeds()
    {
        string[] manufacturers = ["Dell Inc.", "HP", "LENOVO", "Microsoft Corporation"];
        var seen = new HashSet<string>();

        for (var seed = 0; seed < 300; seed++)
        {
            var hash = HardwareHashBuilder.Synthetic(new Random(seed)).Build();

            var result = HardwareHash.Decode(hash);

            Assert.True(result.IsValid, $"seed {seed}: {result.Message}");
            var info = result.Info!;
            Assert.Equal(4000, hash.Length);
            Assert.Contains(info.Manufacturer, manufacturers);
            Assert.False(string.IsNullOrEmpty(info.Model));
            Assert.Matches("^[A-Z0-9]{7,12}$", info.SerialNumber);
            Assert.NotNull(info.SmbiosUuid);
            Assert.Equal("2.0", info.TpmSpecVersion);
            Assert.NotNull(info.TpmEkPublicKeyHash);
            Assert.InRange(info.NetworkAdapters.Count, 1, 2);
            Assert.Matches("^[0-9]{13}$", info.ProductKeyId!);
            Assert.False(info.IsVirtualMachine);
            Assert.NotNull(info.GeneratedAt);
            seen.Add(info.Manufacturer);
        }

        Assert.Equal(manufacturers.Length, seen.Count);
    }

    [Fact]
    public void SyntheticGivesTheSameDeviceForTheSameSeed()
    {
        Assert.Equal(HardwareHashBuilder.Synthetic(new Random(99)).Build(), HardwareHashBuilder.Synthetic(new Random(99)).Build());
        Assert.NotEqual(HardwareHashBuilder.Synthetic(new Random(99)).Build(), HardwareHashBuilder.Synthetic(new Random(100)).Build());
    }

    [Fact]
    public void SameDeviceWithDifferentGeneratedAtGivesDifferentHashesWithTheSameIdentity()
    {
        var builder = HardwareHashBuilder.Synthetic(new Random(5));
        builder.GeneratedAt = new DateTimeOffset(2025, 1, 10, 8, 0, 0, TimeSpan.Zero);
        var first = builder.Build();
        builder.GeneratedAt = new DateTimeOffset(2025, 6, 2, 14, 30, 0, TimeSpan.FromHours(2));
        var second = builder.Build();

        var a = HardwareHash.Decode(first).Info!;
        var b = HardwareHash.Decode(second).Info!;

        Assert.NotEqual(first, second);
        Assert.Equal(a.SmbiosUuid, b.SmbiosUuid);
        Assert.Equal(a.SerialNumber, b.SerialNumber);
        Assert.Equal(a.Manufacturer, b.Manufacturer);
        Assert.NotEqual(a.GeneratedAt, b.GeneratedAt);
    }

    [Fact]
    public void BuildRejectsMalformedMacAddress()
    {
        var builder = new HardwareHashBuilder
        {
            Manufacturer = "HP",
            SerialNumber = "5CD349G8VJ",
            NetworkAdapters = [new NetworkAdapterInfo(9, "not a mac")],
        };

        Assert.Throws<InvalidOperationException>(builder.BuildBytes);
    }

    [Theory]
    [InlineData("Microsoft Corporation", "Virtual Machine", "Hyper-V")]
    [InlineData("VMware, Inc.", "VMware7,1", "VMware")]
    [InlineData("QEMU", "Standard PC (Q35 + ICH9, 2009)", "QEMU")]
    [InlineData("innotek GmbH", "VirtualBox", "VirtualBox")]
    [InlineData("Parallels International GmbH.", "Parallels ARM Virtual Machine", "Parallels")]
    [InlineData("Xen", "HVM domU", "Xen")]
    [InlineData("Red Hat", "KVM", "KVM")]
    [InlineData("Microsoft Corporation", "Surface Pro 9", null)]
    [InlineData("LENOVO", "21R3001BUK", null)]
    public void DecodeNamesTheHypervisorOfVirtualMachines(string manufacturer, string model, string? kind)
    {
        var hash = new HardwareHashBuilder { Manufacturer = manufacturer, Model = model, SerialNumber = "ABC123" }.Build();

        var info = HardwareHash.Decode(hash).Info!;

        Assert.Equal(kind, info.VirtualMachineKind);
        Assert.Equal(kind is not null, info.IsVirtualMachine);
    }

    [Theory]
    [InlineData("TPM-Version:1.2 -Level:2-Revision:116-VendorID:'IFX '-Firmware:4.40.119", "1.2")]
    [InlineData("TPM-Version:2.0 -Level:0-Revision:1.59-VendorID:'NTC '-Firmware:458754.262144", "2.0")]
    [InlineData("no TPM", null)]
    public void DecodeParsesTpmSpecVersion(string tpmVersion, string? expected)
    {
        var hash = new HardwareHashBuilder { Manufacturer = "HP", SerialNumber = "ABC123", TpmVersion = tpmVersion }.Build();

        var info = HardwareHash.Decode(hash).Info!;

        Assert.Equal(tpmVersion, info.TpmVersion);
        Assert.Equal(expected, info.TpmSpecVersion);
    }

    [Fact]
    public void SyntheticSerialsLookLikeTheirManufacturers()
    {
        for (var seed = 0; seed < 50; seed++)
        {
            var builder = HardwareHashBuilder.Synthetic(new Random(seed));
            var pattern = builder.Manufacturer switch
            {
                "Dell Inc." => "^[A-Z0-9]{7}$",
                "HP" => "^(5CD|5CG|CZC)[A-Z0-9]{7}$",
                "LENOVO" => "^P[FC][A-Z0-9]{6}$",
                _ => "^[0-9]{12}$",
            };

            Assert.Matches(new Regex(pattern), builder.SerialNumber!);
        }
    }
}
