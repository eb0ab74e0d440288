using System.Text;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Groups;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tests.Support;

namespace AutopilotPortal.Core.Tests.Registration;

/// <summary>
/// Two real QEMU machines carry the serial SMBIOS_STRING_INDEX_0 and an empty CSV serial; before, the portal filled
/// the placeholder in without a word and the two could not be told apart in the list, search or messages.
/// </summary>
public class PlaceholderSerialTests
{
    private static readonly Guid FirstUuid = Guid.Parse("0b6a7e3c-1d2f-4a5b-9c8d-7e6f5a4b3c21");
    private static readonly Guid SecondUuid = Guid.Parse("1c7b8f4d-2e30-4b6c-8d9e-8f7a6b5c4d32");

    private static string QemuHash(int seed, Guid uuid)
    {
        var builder = TestDevices.Builder(seed, "SMBIOS_STRING_INDEX_0");
        builder.Manufacturer = "QEMU";
        builder.Model = "Standard PC (Q35 + ICH9, 2009)";
        builder.SmbiosUuid = uuid;
        return builder.Build();
    }

    private static MemoryStream Csv(params string[] hashes) => new(Encoding.UTF8.GetBytes(
        "Device Serial Number,Windows Product ID,Hardware Hash\r\n" + string.Concat(hashes.Select(h => $",,{h}\r\n"))));

    [Theory]
    [InlineData("SMBIOS_STRING_INDEX_0", true)]
    [InlineData("SMBIOS_STRING_INDEX_3", true)]
    [InlineData("Default string", true)]
    [InlineData("To be filled by O.E.M.", true)]
    [InlineData("System Serial Number", true)]
    [InlineData("0", true)]
    [InlineData("00000000", true)]
    [InlineData("None", true)]
    [InlineData("FFFFFFFF", true)]
    [InlineData("5CG1457YL8", false)]
    [InlineData("PF5MT6SC", false)]
    [InlineData("F98059756E444D56", false)]
    [InlineData("", false)]
    public void CommonFirmwarePlaceholdersAreRecognised(string serial, bool placeholder) =>
        Assert.Equal(placeholder, PlaceholderSerials.IsPlaceholder(serial));

    [Fact]
    public async Task ThePreviewWarnsOfAPlaceholderSerialAndNamesTheUuid()
    {
        await using var database = await PortalTestDatabase.CreateAsync();

        var preview = await database.Get<ImportService>().PreviewAsync(PortalCaller.System, Csv(QemuHash(3000, FirstUuid), QemuHash(3001, SecondUuid)));

        Assert.Equal(2, preview.WillRegister);
        Assert.Equal(2, preview.WithWarnings);
        Assert.Contains("'SMBIOS_STRING_INDEX_0', is a firmware placeholder", preview.Rows[0].Warning, StringComparison.Ordinal);
        Assert.Contains(FirstUuid.ToString(), preview.Rows[0].Warning, StringComparison.Ordinal);
        Assert.Contains(SecondUuid.ToString(), preview.Rows[1].Warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAlreadyRegisteredPlaceholderSerialIsNamedWithItsUuid()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var import = database.Get<ImportService>();
        await import.ImportAsync(PortalCaller.System, Csv(QemuHash(3010, FirstUuid)), "vm.csv");

        var preview = await import.PreviewAsync(PortalCaller.System, Csv(QemuHash(3010, FirstUuid)));

        var error = Assert.Single(preview.Rows).Error!;
        Assert.True(error.IsAlreadyRegistered);
        Assert.StartsWith($"Device SMBIOS_STRING_INDEX_0 (SMBIOS UUID {FirstUuid}) is already registered", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheListAndItsSearchShowTheUuidOfDevicesWhoseSerialIsAPlaceholder()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await database.Get<ImportService>().ImportAsync(PortalCaller.System, Csv(QemuHash(3020, FirstUuid), QemuHash(3021, SecondUuid), TestDevices.Hash(3022, "REAL0001")), "vms.csv");

        var found = (await database.Get<DeviceService>().ListAsync(PortalCaller.System, new DeviceListQuery("SMBIOS"))).Items;
        var all = (await database.Get<DeviceService>().ListAsync(PortalCaller.System, new DeviceListQuery())).Items;

        Assert.Equal([FirstUuid, SecondUuid], found.Select(d => d.SmbiosUuid!.Value).Order());
        Assert.Null(all.Single(d => d.SerialNumber == "REAL0001").SmbiosUuid);
    }

    [Fact]
    public async Task AddingAGroupMemberByASharedPlaceholderSerialAsksForTheUuidAndTakesIt()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await database.Get<ImportService>().ImportAsync(PortalCaller.System, Csv(QemuHash(3030, FirstUuid), QemuHash(3031, SecondUuid)), "vms.csv");
        var groups = database.Get<GroupService>();

        var ambiguous = await Assert.ThrowsAsync<GroupException>(() => groups.FindMemberBySerialAsync(PortalCaller.System, "SMBIOS_STRING_INDEX_0"));
        var (found, objectId) = await groups.FindMemberBySerialAsync(PortalCaller.System, SecondUuid.ToString());

        Assert.Contains("2 devices have the serial number 'SMBIOS_STRING_INDEX_0'", ambiguous.Message, StringComparison.Ordinal);
        Assert.Contains(FirstUuid.ToString(), ambiguous.Message, StringComparison.Ordinal);
        Assert.True(found);
        Assert.NotNull(objectId);
    }
}
