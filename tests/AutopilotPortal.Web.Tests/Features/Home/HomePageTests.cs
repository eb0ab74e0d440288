using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Web.Features.Home;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Web.Tests.Features.Home;

public sealed class HomePageTests : PortalComponentTest
{
    [Fact]
    public async Task TheOverviewCountsTheDevicesAndEachFigureLinksToTheListItCounts()
    {
        await SeedDevicesAsync(5, firstSeed: 900);
        await QueryAsync(db => db.AutopilotDevices.OrderBy(d => d.SerialKey).Take(2)
            .ExecuteUpdateAsync(u => u.SetProperty(d => d.ProfileStatus, ProfileAssignmentStatus.AssignedInSync)));
        RenderProviders();

        var cut = Render<HomePage>();

        cut.WaitForAssertion(() => Assert.Equal("5 devices", cut.Find("[data-testid=dashboard-device-count]").TextContent.Trim()), Wait);
        var assigned = cut.Find("[data-testid=dashboard-profile-status-AssignedInSync]");
        Assert.Equal("/devices?profileStatus=AssignedInSync", assigned.GetAttribute("href"));
        Assert.Equal("Assigned", assigned.TextContent.Trim());
        Assert.Contains("2 · 40 %", assigned.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.Equal("/devices?enrollmentState=NotContacted", cut.Find("[data-testid=dashboard-enrollment-NotContacted]").GetAttribute("href"));

        // The day's registrations link to the list registered that day (the viewer's zone is UTC here).
        var registeredAt = await QueryAsync(db => db.AutopilotDevices.Select(d => d.CreatedAt).FirstAsync());
        var today = registeredAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"/devices?registeredFrom={today}&registeredTo={today}", cut.Find($"[data-testid=dashboard-registered-{today}]").GetAttribute("href"));
        Assert.Equal("5 registered", cut.Find("[data-testid=dashboard-registrations-total]").TextContent.Trim());

        // The charts are pictures of the lists; screen readers get their figures in words.
        var chart = cut.Find("[data-testid=dashboard-profile-status] [role=img]");
        Assert.Equal("Devices by profile status: Not assigned 3, Assigned 2", chart.GetAttribute("aria-label"));

        Assert.Equal("Never", cut.Find("[data-testid=dashboard-sync-last]").TextContent.Trim());
        // The test settings turn the automatic sync off.
        Assert.Equal("Off (Sync:Enabled is false)", cut.Find("[data-testid=dashboard-sync-next]").TextContent.Trim());
        Assert.NotNull(cut.Find("[data-testid=dashboard-runs-none]"));
        Assert.Empty(cut.FindAll("[data-testid=dashboard-empty]"));
    }

    [Fact]
    public void WithNoDevicesTheOverviewSaysSoAndOffersTheImport()
    {
        RenderProviders();

        var cut = Render<HomePage>();

        var empty = cut.WaitForElement("[data-testid=dashboard-empty]", Wait);
        Assert.Equal("/import", empty.QuerySelector("a")?.GetAttribute("href"));
        Assert.Equal("0 devices", cut.Find("[data-testid=dashboard-device-count]").TextContent.Trim());
    }

    [Fact]
    public void AReaderSeesTheOverviewWithoutTheImportLink()
    {
        Caller = PortalCaller.WithRoles("reader", PortalRole.Reader);
        RenderProviders();

        var cut = Render<HomePage>();

        var empty = cut.WaitForElement("[data-testid=dashboard-empty]", Wait);
        Assert.Null(empty.QuerySelector("a"));
        Assert.Contains("An administrator registers them", empty.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 0, 0, "1 row registered, 0 refused.")]
    [InlineData(12345, 2, 0, "12,345 rows registered, 2 refused.")]
    [InlineData(0, 0, 1, "0 rows registered, 0 refused; 1 import failed outright.")]
    public void TheImportRowsReadAsASentence(long registered, long refused, int failedJobs, string expected) =>
        Assert.Equal(expected, HomePage.ImportRowsText(new Core.Dashboard.ImportFigures(1, failedJobs, registered, refused, [])));
}
