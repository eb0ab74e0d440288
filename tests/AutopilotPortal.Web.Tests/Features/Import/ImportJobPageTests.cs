using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Web.Features.Import;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Features.Import;

public sealed class ImportJobPageTests : PortalComponentTest
{
    [Fact]
    public async Task JobPageShowsTheCountsAndTheFailedRowWithItsCodeAndMessage()
    {
        var file = TestFiles.Csv(TestFiles.IntuneHeader, TestFiles.GoodRow(21), "BADHASH01,,AAAA");
        using var stream = new MemoryStream(file);
        var job = await Services.GetRequiredService<ImportService>().ImportAsync(PortalCaller.System, stream, "mixed.csv");
        RenderProviders();

        var cut = Render<ImportJobPage>(p => p.Add(x => x.JobId, job.Id));

        cut.WaitForElement("[data-testid=job-result-3]", Wait);
        Assert.Equal("Completed", cut.Find("[data-testid=job-status]").TextContent.Trim());
        Assert.Equal("2 rows", cut.Find("[data-testid=job-total]").TextContent.Trim());
        Assert.Equal("1 registered", cut.Find("[data-testid=job-registered]").TextContent.Trim());
        Assert.Equal("1 failed", cut.Find("[data-testid=job-failed]").TextContent.Trim());
        Assert.Equal("0 warnings", cut.Find("[data-testid=job-warnings]").TextContent.Trim());

        // A job with failures opens on its problems only.
        var row = Assert.Single(cut.FindAll("[data-testid=job-results] tbody tr"));
        var cells = row.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal("3", cells[0]);
        Assert.Equal("BADHASH01", cells[1]);
        Assert.Equal("Failed", cells[2]);
        Assert.Equal("802 InvalidZtdHardwareHash", cells[3]);
        Assert.StartsWith("The hardware hash is not valid", cells[4], StringComparison.Ordinal);
        Assert.Equal($"/api/imports/{job.Id}/errors.csv", cut.Find("[data-testid=job-download-report]").GetAttribute("href"));

        Assert.Equal("true", cut.Find("input[data-testid=job-problems-only]").GetAttribute("aria-checked"));
        cut.Find("input[data-testid=job-problems-only]").Change(false);

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=job-results] tbody tr").Count), Wait);
        Assert.Equal("Registered", cut.Find("[data-testid=job-result-2]").TextContent.Trim());
    }

    [Fact]
    public async Task JobPageFollowsARunningImportUntilItEnds()
    {
        var factory = Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<AutopilotPortal.Core.Data.PortalDbContext>>();
        var job = new ImportJob
        {
            Id = Guid.NewGuid(),
            TenantId = Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AutopilotPortal.Core.Tenants.TenantOptions>>().Value.Id,
            FileName = "running.csv",
            Status = ImportJobStatus.Running,
            StartedAt = DateTime.UtcNow,
            TotalRows = 3,
            Registered = 1,
        };
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.ImportJobs.Add(job);
            await db.SaveChangesAsync();
        }

        RenderProviders();
        var cut = Render<ImportJobPage>(p => p.Add(x => x.JobId, job.Id));
        cut.WaitForElement("[data-testid=job-running]", Wait);
        var live = cut.Find("[data-testid=job-live-status]");
        Assert.Equal("polite", live.GetAttribute("aria-live"));
        Assert.Equal("Import running: 30% of 3 rows done.", live.TextContent.Trim());

        await using (var db = await factory.CreateDbContextAsync())
        {
            var stored = await db.ImportJobs.FindAsync(job.Id);
            stored!.Status = ImportJobStatus.Completed;
            stored.TotalRows = 3;
            stored.Registered = 3;
            await db.SaveChangesAsync();
        }

        cut.WaitForAssertion(() => Assert.Equal("Completed", cut.Find("[data-testid=job-status]").TextContent.Trim()), Wait);
        Assert.Equal("3 registered", cut.Find("[data-testid=job-registered]").TextContent.Trim());
        Assert.Equal("Import completed: 3 registered, 0 already registered, 0 failed.", cut.Find("[data-testid=job-live-status]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=job-running]"));
    }

    [Fact]
    public void JobPageForAnUnknownImportSaysItDoesNotExist()
    {
        RenderProviders();

        var cut = Render<ImportJobPage>(p => p.Add(x => x.JobId, Guid.NewGuid()));

        cut.WaitForElement("[data-testid=import-job-not-found]", Wait);
    }
}
