using System.Text;
using AutopilotPortal.E2E.Tests.Infrastructure;
using AutopilotPortal.E2E.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace AutopilotPortal.E2E.Tests;

/// <summary>
/// Import and edit through the browser against the real host. The tests share one database, so each
/// one works on devices no other test imports.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class ImportAndEditTests(PortalFixture portal) : PortalTest(portal)
{
    [Fact]
    public Task UploadingRealUtf16CsvRegistersDeviceThatCanBeFoundAndRetagged() => RunAsync(async page =>
    {
        const string serial = "PF5NRH33";
        const string tag = "E2E-Retagged";
        var import = new ImportPage(page);
        var devices = new DevicesPage(page);

        await import.GotoAsync();
        await import.UploadAsync(TestFiles.RealHashFile("Pmedley26_PowerShell_6cc4304.csv"));
        await Expect(import.PreviewRow(serial)).ToContainTextAsync("Will register");
        await import.ConfirmAsync();
        await Expect(import.JobRegistered).ToHaveTextAsync("1 registered");

        await devices.GotoAsync();
        await devices.SearchAsync("PF5NR");
        await devices.OpenAsync(serial);
        await Expect(devices.PaneProperty("serial")).ToHaveTextAsync(serial);
        await Expect(devices.PaneHardware).ToBeVisibleAsync();
        await Expect(devices.PaneProperty("hw-serial")).ToHaveTextAsync(serial);
        await Expect(devices.PaneProperty("hw-model")).ToHaveTextAsync("21G2001VUS");
        await Expect(devices.PanePhysicalIds).ToContainTextAsync("[ZTDID]:");

        await devices.PaneEditGroupTagButton.ClickAsync();
        await devices.SaveDialogAsync(tag);
        await Expect(devices.PaneProperty("group-tag")).ToHaveTextAsync(tag);

        // The address names the open device, so a reload comes back to its pane, read afresh.
        await page.ReloadAsync();
        await page.WaitForCircuitAsync();
        await Expect(devices.PaneProperty("group-tag")).ToHaveTextAsync(tag);
        await Expect(devices.PanePhysicalIds).ToContainTextAsync($"[OrderId]:{tag}");

        await page.GetByTestId("device-pane-close").ClickAsync();
        await Expect(devices.PaneTitle).ToBeHiddenAsync();
        await devices.SearchAsync("PF5NR");
        await Expect(devices.GroupTagCell(serial)).ToHaveTextAsync(tag);
        await devices.OpenAsync(serial);
        await Expect(devices.PaneProperty("group-tag")).ToHaveTextAsync(tag);
    });

    [Fact]
    public Task FileWithWrongHeaderIsRefusedNamingTheExpectedHeader() => RunAsync(async page =>
    {
        var import = new ImportPage(page);

        await import.GotoAsync();
        await import.UploadAsync("wrong-header.csv", Encoding.UTF8.GetBytes("Serial,Hash\r\nABC123,T0GDBAEA\r\n"));

        await Expect(import.Error).ToContainTextAsync("wrong-header.csv was refused");
        await Expect(import.Error).ToContainTextAsync("Device Serial Number,Windows Product ID,Hardware Hash");
        await Expect(import.Preview).ToHaveCountAsync(0);
    });

    [Fact]
    public Task ImportingTheSameRealFileTwiceShowsItAsAlreadyRegisteredAndRecordsTheImport() => RunAsync(async page =>
    {
        const string serial = "5CD349G8VJ";
        var file = TestFiles.RealHashFile("churlbap_ponise.csv");
        var import = new ImportPage(page);

        await import.GotoAsync();
        await import.UploadAsync(file);
        await Expect(import.PreviewRow(serial)).ToContainTextAsync("Will register");
        await import.ConfirmAsync();
        await Expect(import.JobRegistered).ToHaveTextAsync("1 registered");

        await import.GotoAsync();
        await import.UploadAsync(file);
        await Expect(import.PreviewRow(serial)).ToContainTextAsync("Already registered");
        await Expect(page.GetByTestId("preview-already-registered")).ToHaveTextAsync("1 already registered");
        await Expect(import.ConfirmButton).ToHaveTextAsync("Record the import (nothing to register)");
        await import.ConfirmAsync();
        await Expect(page.GetByTestId("job-already-registered")).ToHaveTextAsync("1 already registered");
        await Expect(import.JobRegistered).ToHaveTextAsync("0 registered");
        await Expect(page.GetByTestId("job-nothing-registered")).ToContainTextAsync("already registered to this organization");
    });

    [Fact]
    public Task BulkEditSetsTheGroupTagOfEverySelectedDevice() => RunAsync(async page =>
    {
        string[] serials = ["E2EBULK01", "E2EBULK02", "E2EBULK03"];
        const string tag = "E2E-Bulk";
        var import = new ImportPage(page);
        var devices = new DevicesPage(page);

        await import.GotoAsync();
        await import.UploadAsync("bulk.csv", TestFiles.SyntheticCsv(seed: 4242, serials));
        foreach (var serial in serials)
        {
            await Expect(import.PreviewRow(serial)).ToContainTextAsync("Will register");
        }

        await import.ConfirmAsync();
        await Expect(import.JobRegistered).ToHaveTextAsync("3 registered");

        await devices.GotoAsync();
        await devices.SearchAsync("E2EBULK");
        foreach (var serial in serials)
        {
            await devices.SelectAsync(serial);
        }

        await Expect(devices.EditGroupTagButton).ToContainTextAsync("(3)");
        await devices.EditGroupTagButton.ClickAsync();
        await devices.SaveDialogAsync(tag);

        foreach (var serial in serials)
        {
            await Expect(devices.GroupTagCell(serial)).ToHaveTextAsync(tag);
        }
    });
}
