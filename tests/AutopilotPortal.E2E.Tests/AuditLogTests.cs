using AutopilotPortal.E2E.Tests.Infrastructure;
using AutopilotPortal.E2E.Tests.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AutopilotPortal.E2E.Tests;

[Collection(PortalCollection.Name)]
public sealed class AuditLogTests(PortalFixture portal) : PortalTest(portal)
{
    [Fact]
    public Task AGroupTagEditShowsInTheAuditLogWithItsOldAndNewValue() => RunAsync(async page =>
    {
        const string serial = "PF5MT6SC";
        var import = new ImportPage(page);
        var devices = new DevicesPage(page);
        await import.ImportFileAsync(TestFiles.RealHashFile("ChinwikeOnyia26_ModernEndpoints-Deployment-Scripts.csv"));
        await devices.GotoAsync();
        await devices.SearchAsync(serial);
        await devices.OpenAsync(serial);
        await devices.PaneEditGroupTagButton.ClickAsync();
        await devices.SaveDialogAsync("Audited-Tag");
        await Expect(devices.PaneProperty("group-tag")).ToHaveTextAsync("Audited-Tag");

        await page.GotoInteractiveAsync("audit");
        await page.GetByLabel("Target contains").FillAsync(serial);
        await Expect(page.GetByTestId("audit-table")).ToHaveAttributeAsync("data-loaded-filters", $"||{serial}||");

        var rows = page.GetByTestId("audit-table").Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(rows.GetByTestId("audit-action")).ToHaveTextAsync("Group tag changed");
        await Expect(rows.GetByTestId("audit-target")).ToHaveTextAsync($"Device: {serial}");
        await Expect(rows.GetByTestId("audit-new")).ToHaveTextAsync("Audited-Tag");
        await Expect(rows).ToContainTextAsync(PortalHost.AdminUserName);

        // The import of the file is there too, with its name and counts.
        await page.GetByLabel("Target contains").FillAsync("ChinwikeOnyia26");
        await Expect(page.GetByTestId("audit-table")).ToHaveAttributeAsync("data-loaded-filters", "||ChinwikeOnyia26||");
        await Expect(rows.GetByTestId("audit-action")).ToHaveTextAsync("Devices imported");
        await Expect(rows).ToContainTextAsync("1 registered");
    });
}
