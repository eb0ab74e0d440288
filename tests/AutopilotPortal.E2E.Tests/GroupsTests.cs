using AutopilotPortal.E2E.Tests.Infrastructure;
using AutopilotPortal.E2E.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace AutopilotPortal.E2E.Tests;

[Collection(PortalCollection.Name)]
public sealed class GroupsTests(PortalFixture portal) : PortalTest(portal)
{
    [Fact]
    public Task ADeviceTaggedSalesJoinsTheDynamicGroupOnItsOrderId() => RunAsync(async page =>
    {
        string[] serials = ["GRP-E2E-001", "GRP-E2E-002"];
        var import = new ImportPage(page);
        var devices = new DevicesPage(page);
        var groups = new GroupPages(page);
        await import.GotoAsync();
        await import.UploadAsync("groups.csv", TestFiles.SyntheticCsv(seed: 5151, serials));
        await import.ConfirmAsync();

        // The rule is checked as it is typed; a broken one points at the problem.
        await groups.StartNewAsync("E2E Sales");
        await groups.RuleText.FillAsync("(device.devicePhysicalIds -any (_ -eq \"[OrderId]:E2E-Sales\")");
        await Expect(groups.RuleError).ToContainTextAsync("Column");
        await groups.RuleText.FillAsync("(device.devicePhysicalIds -any (_ -eq \"[OrderId]:E2E-Sales\"))");
        await Expect(groups.RuleValid).ToBeVisibleAsync();
        await page.GetByTestId("rule-preview-run").ClickAsync();
        await Expect(groups.PreviewSummary).ToContainTextAsync("0 of");
        await groups.CreateAsync();
        await Expect(groups.MemberCount).ToHaveTextAsync("0 members");

        await devices.GotoAsync();
        await devices.SearchAsync(serials[0]);
        await devices.OpenAsync(serials[0]);
        await devices.PaneEditGroupTagButton.ClickAsync();
        await devices.SaveDialogAsync("E2E-Sales");

        await page.GotoInteractiveAsync("groups");
        await page.GetByTestId("groups-search").FillAsync("E2E Sales");
        await Expect(page.GetByTestId("group-members-E2E Sales")).ToHaveTextAsync("1");
        await page.GetByTestId("group-link-E2E Sales").ClickAsync();
        await Expect(groups.Member(serials[0])).ToBeVisibleAsync();
        await Expect(groups.Member(serials[1])).ToHaveCountAsync(0);
    });
}
