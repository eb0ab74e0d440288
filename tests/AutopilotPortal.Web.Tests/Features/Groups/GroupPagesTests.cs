using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Groups;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Web.Features.Groups;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Features.Groups;

public sealed class GroupPagesTests : PortalComponentTest
{
    private const string SalesRule = "(device.devicePhysicalIds -any (_ -eq \"[OrderId]:Sales\"))";

    [Fact]
    public void TheRuleEditorPointsAtTheProblemAsYouTypeAndSaysWhenTheRuleIsValid()
    {
        var cut = Render<RuleEditor>();

        cut.Find("[data-testid=rule-text]").Input("device.deviceModel -eq");
        cut.WaitForAssertion(() => Assert.Contains("Column", cut.Find("[data-testid=rule-error]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Contains("^", cut.Find(".portal-rule-pointer").TextContent, StringComparison.Ordinal);

        cut.Find("[data-testid=rule-text]").Input(SalesRule);
        cut.WaitForAssertion(() => Assert.Contains("The rule is valid", cut.Find("[data-testid=rule-valid]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Contains("device.devicePhysicalIds", cut.Find("[data-testid=rule-valid]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=rule-error]"));
    }

    [Fact]
    public async Task NewGroupPreviewsTheMatchingDevicesBeforeSavingAndThenCreatesTheGroup()
    {
        await SeedDevicesAsync(3, firstSeed: 20, groupTag: "Sales");
        await SeedDevicesAsync(2, firstSeed: 40, groupTag: "Lab");
        RenderProviders();
        var cut = Render<NewGroupPage>();

        cut.Find("input[data-testid=group-name]").Input("Sales devices");
        cut.Find("[data-testid=rule-text]").Input(SalesRule);
        cut.WaitForElement("[data-testid=rule-valid]", Wait);
        // Found and clicked on the renderer's thread: the page may re-render between the two otherwise (the rule check ends).
        await cut.InvokeAsync(() => cut.Find("[data-testid=rule-preview-run]").Click());

        cut.WaitForAssertion(() => Assert.Equal("3 of 5 devices match.", cut.Find("[data-testid=rule-preview-summary]").TextContent.Trim()), Wait);
        Assert.Equal(3, cut.FindAll("[data-testid=rule-preview-row]").Count);
        Assert.Equal(0, await QueryAsync(db => db.Groups.CountAsync()));

        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=group-create]").HasAttribute("disabled")), Wait);
        await cut.InvokeAsync(() => cut.Find("[data-testid=group-create]").Click());

        var navigation = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Contains("/groups/", navigation.Uri, StringComparison.Ordinal), Wait);
        var group = await QueryAsync(db => db.Groups.SingleAsync());
        Assert.Equal(("Sales devices", GroupMembershipType.Dynamic, 3), (group.DisplayName, group.MembershipType, group.MemberCount));
    }

    [Theory]
    [InlineData(1, "1 member")]
    [InlineData(2, "2 members")]
    public async Task TheGroupPageCountsItsMembersInWords(int members, string expected)
    {
        await SeedDevicesAsync(members, firstSeed: 60, groupTag: "Sales");
        var group = await Services.GetRequiredService<GroupService>().CreateAsync(PortalCaller.System, "Sales devices", null, GroupMembershipType.Dynamic, SalesRule);
        RenderProviders();

        var cut = Render<GroupPage>(p => p.Add(x => x.GroupId, group.Id));

        cut.WaitForAssertion(() => Assert.Equal(expected, cut.Find("[data-testid=group-member-count]").TextContent.Trim()), Wait);
    }

    [Fact]
    public void CreateStaysDisabledWhileTheRuleDoesNotParse()
    {
        RenderProviders();
        var cut = Render<NewGroupPage>();

        cut.Find("[data-testid=rule-text]").Input("(device.devicePhysicalIds -any");

        cut.WaitForElement("[data-testid=rule-error]", Wait);
        Assert.True(cut.Find("[data-testid=group-create]").HasAttribute("disabled"));
    }

    [Fact]
    public void HelpDeskSeesGroupsButNoNewGroupButton()
    {
        Caller = PortalCaller.WithRoles("hal", PortalRole.HelpDesk);
        RenderProviders();

        var cut = Render<GroupsPage>();

        cut.WaitForElement("[data-testid=groups-empty]", Wait);
        Assert.Empty(cut.FindAll("[data-testid=groups-new]"));
    }
}
