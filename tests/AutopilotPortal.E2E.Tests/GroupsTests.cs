using AutopilotPortal.E2E.Tests.Infrastructure;
using AutopilotPortal.E2E.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace AutopilotPortal.E2E.Tests;

[Collection(PortalCollection.Name)]
public sealed class GroupsTests(PortalFixture portal) : PortalTest(portal)
{
    [Fact]
    public Task ADeviceTaggedSalesJoinsTheDynamicGroupAndGetsTheProfileAssignedToIt() => RunAsync(async page =>
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

        // A profile assigned to the group reaches its member.
        await page.GotoInteractiveAsync("profiles/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("E2E Sales profile");
        await page.GetByTestId("profile-save").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/profiles/[0-9a-f-]{36}$"));
        await page.GetByLabel("Group to assign").FillAsync("E2E Sales");
        await page.GetByRole(Microsoft.Playwright.AriaRole.Option).Filter(new() { HasText = "E2E Sales" }).First.ClickAsync();
        await page.GetByTestId("assignment-add").ClickAsync();
        await Expect(page.GetByTestId("assignment-E2E Sales")).ToBeVisibleAsync();

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("profile-download").ClickAsync());
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.All(bytes, b => Assert.True(b < 0x80, "The file must be ASCII."));
        using (var json = System.Text.Json.JsonDocument.Parse(bytes))
        {
            var keys = json.RootElement.EnumerateObject().Select(p => p.Name).ToList();
            foreach (var key in new[] { "Comment_File", "Version", "ZtdCorrelationId", "CloudAssignedTenantId", "CloudAssignedTenantDomain", "CloudAssignedOobeConfig",
                "CloudAssignedDomainJoinMethod", "CloudAssignedForcedEnrollment", "CloudAssignedAadServerData", "CloudAssignedLanguage",
                "CloudAssignedAutopilotUpdateDisabled", "CloudAssignedAutopilotUpdateTimeout" })
            {
                Assert.Contains(key, keys);
            }

            Assert.Equal(2049, json.RootElement.GetProperty("Version").GetInt32());
        }

        await devices.GotoAsync();
        await devices.SearchAsync(serials[0]);
        await devices.OpenAsync(serials[0]);
        await Expect(devices.PaneProperty("profile")).ToHaveTextAsync("E2E Sales profile");
        await Expect(devices.PaneProperty("profile-status")).ToHaveTextAsync("Pending");
    });
}
