using AutopilotPortal.Web.Features.Import;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Features.Import;

public sealed class ImportPageTests : PortalComponentTest
{
    [Fact]
    public async Task UploadingARealUtf16FileShowsThePreviewAndConfirmingRegistersAndOpensTheJob()
    {
        RenderProviders();
        var cut = Render<ImportPage>();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(TestFiles.RealHashes(TestFiles.RealHpFile), "x.csv"));

        var preview = cut.WaitForElement("[data-testid=import-preview]", Wait);
        Assert.Equal("1 will register", cut.Find("[data-testid=preview-will-register]").TextContent.Trim());
        Assert.Equal("0 with errors", cut.Find("[data-testid=preview-will-fail]").TextContent.Trim());
        Assert.Contains(TestFiles.RealHpSerial, preview.TextContent, StringComparison.Ordinal);
        Assert.Contains("UTF-16", cut.Find("[data-testid=preview-encoding]").TextContent, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await QueryAsync(db => db.AutopilotDevices.CountAsync()));

        cut.Find("[data-testid=import-confirm]").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Contains("/imports/", navigation.Uri, StringComparison.Ordinal), Wait);
        var job = await QueryAsync(db => db.ImportJobs.SingleAsync());
        Assert.Equal($"http://localhost/imports/{job.Id}", navigation.Uri);
        Assert.Equal((1, 1, 0), (job.TotalRows, job.Registered, job.Failed));
        Assert.Equal([TestFiles.RealHpSerial], await QueryAsync(db => db.AutopilotDevices.Select(d => d.SerialNumber).ToListAsync()));
    }

    [Fact]
    public async Task AFileWithAWrongHeaderShowsAnErrorNamingTheExpectedHeaderAndWritesNothing()
    {
        RenderProviders();
        var cut = Render<ImportPage>();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(TestFiles.Csv("Serial,Hash", "ABC123,AAAA"), "wrong.csv"));

        var error = cut.WaitForElement("[data-testid=import-error]", Wait);
        Assert.Contains("wrong.csv was refused", error.TextContent, StringComparison.Ordinal);
        Assert.Contains($"Expected '{TestFiles.IntuneHeader}'", error.TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=import-preview]"));
        Assert.NotNull(cut.Find("[data-testid=import-dropzone]"));
        Assert.Equal(0, await QueryAsync(db => db.ImportJobs.CountAsync()));
        Assert.Equal(0, await QueryAsync(db => db.AutopilotDevices.CountAsync()));
    }

    [Fact]
    public async Task AnEmptyFileShowsTheEmptyMessage()
    {
        RenderProviders();
        var cut = Render<ImportPage>();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary([], "empty.csv"));

        var error = cut.WaitForElement("[data-testid=import-error]", Wait);
        Assert.Contains($"empty.csv is empty: expected a CSV whose first line is the header '{TestFiles.IntuneHeader}'", error.TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=import-preview]"));
        Assert.Equal(0, await QueryAsync(db => db.ImportJobs.CountAsync()));
    }

    [Fact]
    public void AFileWithAHeaderAndNoRowsSaysItHasNoDeviceRows()
    {
        RenderProviders();
        var cut = Render<ImportPage>();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(TestFiles.Csv(TestFiles.IntuneHeader), "header-only.csv"));

        var error = cut.WaitForElement("[data-testid=import-error]", Wait);
        Assert.Contains("header-only.csv has a valid header but no device rows.", error.TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=import-preview]"));
    }
}
