using AutopilotPortal.Core.Accounts;
using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Web.Features.Audit;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Features.Audit;

/// <summary>The audit log reads as words: actions by their labels, roles by their names.</summary>
public sealed class AuditPageTests : PortalComponentTest
{
    [Fact]
    public async Task AUserCreatedReadsAsWordsWithTheRoleByItsName()
    {
        await Services.GetRequiredService<LocalUserService>().CreateAsync(Caller, "grace", PortalRole.HelpDesk, "Grace-Hopper-Password-1906!");
        RenderProviders();

        var cut = Render<AuditPage>();

        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("[data-testid=audit-action]"), cell => cell.TextContent.Trim() == "User created"), Wait);
        var row = cut.FindAll("tbody tr").Single(r => r.TextContent.Contains("User created", StringComparison.Ordinal));
        var value = row.QuerySelector("[data-testid=audit-new]")!;
        Assert.Equal("Help desk", value.TextContent.Trim());
        Assert.Equal(PortalRoles.HelpDesk, value.GetAttribute("title"));
        Assert.Equal(AuditActions.UserCreated, row.QuerySelector("[data-testid=audit-action]")!.GetAttribute("title"));
    }

    [Fact]
    public async Task TimesShowInTheViewersZoneWithUtcInTheTooltip()
    {
        Services.GetRequiredService<AutopilotPortal.Web.Shared.ViewerClock>().UseZone("Asia/Kolkata");
        await Services.GetRequiredService<LocalUserService>().CreateAsync(Caller, "ada", PortalRole.Reader, "Ada-Lovelace-Password-1815!");
        var entry = (await Services.GetRequiredService<AuditLogService>().ListAsync(Caller, new AuditQuery { Take = 10 })).Items
            .First(e => e.Action == AuditActions.UserCreated);
        RenderProviders();

        var cut = Render<AuditPage>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("tbody tr time")), Wait);
        var time = cut.FindAll("tbody tr").First(r => r.TextContent.Contains("User created", StringComparison.Ordinal)).QuerySelector("time")!;
        var utc = DateTime.SpecifyKind(entry.OccurredAt, DateTimeKind.Utc);
        var india = utc.AddHours(5.5);
        Assert.StartsWith(india.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), time.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal($"{utc:yyyy-MM-dd HH:mm:ss} UTC · shown in Asia/Kolkata", time.GetAttribute("title"));
        Assert.Contains("Asia/Kolkata", cut.Markup, StringComparison.Ordinal);
    }
}
