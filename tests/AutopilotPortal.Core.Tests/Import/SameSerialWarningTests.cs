using System.Text;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tests.Support;

namespace AutopilotPortal.Core.Tests.Import;

/// <summary>
/// New hardware with a registered serial registers as a new device, as the service does; but the preview warns,
/// because that is what a replaced motherboard looks like, and links to Replace motherboard.
/// </summary>
public class SameSerialWarningTests
{
    private static MemoryStream Csv(string serial, string hash) =>
        new(Encoding.UTF8.GetBytes($"Device Serial Number,Windows Product ID,Hardware Hash\r\n{serial},,{hash}\r\n"));

    [Fact]
    public async Task APreviewOfNewHardwareWithARegisteredSerialWarnsAndNamesTheRegisteredDevice()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var old = TestDevices.Builder(4000, "5CG1457YL8");
        old.Manufacturer = "HP";
        old.Model = "HP EliteBook 840 G8";
        var import = database.Get<ImportService>();
        var first = await import.ImportAsync(PortalCaller.System, Csv("5CG1457YL8", old.Build()), "old.csv");
        var oldId = (await database.Get<ImportHistoryService>().ListResultsAsync(PortalCaller.System, first.Id, false, 0, 1)).Items[0].AutopilotDeviceId;

        database.Clock.Advance(TimeSpan.FromDays(3.5));

        var board = TestDevices.Builder(4001, "5CG1457YL8");
        board.Manufacturer = "HP";

        var preview = await import.PreviewAsync(PortalCaller.System, Csv("5CG1457YL8", board.Build()));

        var row = Assert.Single(preview.Rows);
        Assert.Null(row.Error);
        Assert.Equal(oldId, row.SameSerialDeviceId);
        Assert.Equal(
            "A device with serial 5CG1457YL8 (HP HP EliteBook 840 G8, registered 3 days ago) is already registered with other hardware: this row would register a second device. " +
            "If its motherboard was replaced, use Replace motherboard on that device instead.",
            row.Warning);
    }

    [Fact]
    public async Task TheSameHardwareAgainIsAlreadyRegisteredWithoutThatWarning()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var hash = TestDevices.Hash(4010, "SAME0001");
        var import = database.Get<ImportService>();
        await import.ImportAsync(PortalCaller.System, Csv("SAME0001", hash), "first.csv");

        var row = Assert.Single((await import.PreviewAsync(PortalCaller.System, Csv("SAME0001", TestDevices.Hash(4010, "SAME0001")))).Rows);

        Assert.True(row.Error?.IsAlreadyRegistered);
        Assert.Null(row.SameSerialDeviceId);
        Assert.Null(row.Warning);
    }

    [Fact]
    public async Task AnAlreadyRegisteredRowOrAnotherMakersSerialGetsNoSameSerialWarning()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var old = TestDevices.Builder(4020, "DUPSER01");
        old.Manufacturer = "HP";
        var import = database.Get<ImportService>();
        await import.ImportAsync(PortalCaller.System, Csv("DUPSER01", old.Build()), "old.csv");
        var otherMaker = TestDevices.Builder(4021, "DUPSER01");
        otherMaker.Manufacturer = "Dell Inc.";
        var text = "Device Serial Number,Windows Product ID,Hardware Hash\r\n" + $"DUPSER01,,{old.Build()}\r\nDUPSER01,,{otherMaker.Build()}\r\n";

        var rows = (await import.PreviewAsync(PortalCaller.System, new MemoryStream(Encoding.UTF8.GetBytes(text)))).Rows;

        Assert.True(rows[0].Error?.IsAlreadyRegistered);
        Assert.Null(rows[0].SameSerialDeviceId);
        Assert.Null(rows[1].Error);
        Assert.Null(rows[1].SameSerialDeviceId);
    }
}
