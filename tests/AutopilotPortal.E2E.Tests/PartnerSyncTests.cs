using AutopilotPortal.Core.Partner;
using AutopilotPortal.E2E.Tests.Infrastructure;
using AutopilotPortal.E2E.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace AutopilotPortal.E2E.Tests;

[Collection(PortalCollection.Name)]
public sealed class PartnerSyncTests(PortalFixture portal) : PortalTest(portal)
{
    [Fact]
    public Task ADeviceRegisteredByTupleAppearsInTheListOnlyAfterASync() => RunAsync(async page =>
    {
        // A catalog device built after the cut-off: the catalog is seeded with the same devices on every start.
        var device = Enumerable.Range(0, 500).Select(OemCatalogSeeder.Synthetic).First(d => d.ManufacturedOn >= OemCatalog.CutoffDate && d.ManufacturedOn.Year > 2021);
        var devices = new DevicesPage(page);

        await page.GotoInteractiveAsync("partner");
        await page.GetByTestId("partner-kind-tuple").ClickAsync();
        await page.GetByLabel("Manufacturer", new() { Exact = true }).FillAsync(device.Manufacturer);
        await page.GetByLabel("Model", new() { Exact = true }).FillAsync(device.Model);
        await page.GetByLabel("Serial number", new() { Exact = true }).FillAsync(device.SerialNumber);
        await page.GetByTestId("partner-register").ClickAsync();
        await Expect(page.GetByTestId("partner-result-ztdid")).ToBeVisibleAsync();

        // Registered in the deployment service, not yet in Intune's copy.
        await devices.GotoAsync();
        await devices.SearchAsync(device.SerialNumber);
        await Expect(devices.SerialLink(device.SerialNumber)).ToHaveCountAsync(0);

        // The list reloads itself when the sync it started ends.
        await page.GetByTestId("devices-sync").ClickAsync();
        await Expect(page.GetByText("Sync started")).ToBeVisibleAsync();
        await Expect(devices.SerialLink(device.SerialNumber)).ToBeVisibleAsync();
        await Expect(page.GetByTestId("devices-sync-status")).ToContainTextAsync("completed");
        await devices.OpenAsync(device.SerialNumber);
        await Expect(devices.PaneProperty("manufacturer")).ToHaveTextAsync(device.Manufacturer);
    });
}
