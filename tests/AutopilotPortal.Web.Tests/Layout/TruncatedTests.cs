using AutopilotPortal.Core.Import;
using AutopilotPortal.Web.Features.Import;
using AutopilotPortal.Web.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Layout;

public sealed class TruncatedTests : PortalComponentTest
{
    [Fact]
    public void ALongValueIsCutToItsWidthAndWholeInItsTooltip()
    {
        var name = new string('a', 290) + ".csv";

        var cut = Render<Truncated>(p => p.Add(t => t.Text, name).Add(t => t.MaxCh, 40));

        var span = cut.Find("span.portal-truncate");
        Assert.Equal(name, span.GetAttribute("title"));
        Assert.Equal("max-width: 40ch", span.GetAttribute("style"));
        Assert.Equal("—", Render<Truncated>(p => p.Add(t => t.Text, null)).Markup.Trim());
    }

    [Fact]
    public async Task AFileNameAsLongAsAnImportKeepsKeepsTheImportHistorysColumns()
    {
        var name = new string('x', ImportService.MaxFileNameLength - 4) + ".csv";
        var factory = Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<AutopilotPortal.Core.Data.PortalDbContext>>();
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.ImportJobs.Add(new ImportJob
            {
                Id = Guid.NewGuid(),
                TenantId = Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AutopilotPortal.Core.Tenants.TenantOptions>>().Value.Id,
                FileName = name,
                Status = ImportJobStatus.Completed,
                StartedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        RenderProviders();
        var cut = Render<ImportHistoryPage>();

        var cell = cut.WaitForElement("[data-testid^=import-link-] span.portal-truncate", Wait);
        Assert.Equal(name, cell.GetAttribute("title"));
    }
}
