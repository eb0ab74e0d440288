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

    [Fact]
    public async Task AFileWhoseQuoteSwallowsLinesImportsOnlyOnceTheLostLinesAreAccepted()
    {
        RenderProviders();
        var cut = Render<ImportPage>();
        var rows = Enumerable.Range(300, 8).Select(seed => TestFiles.GoodRow(seed)).ToArray();
        rows[3] = "\"" + rows[3];

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(TestFiles.Csv(TestFiles.IntuneHeader, rows), "quote.csv"));

        var lost = cut.WaitForElement("[data-testid=preview-lost-lines]", Wait);
        Assert.Contains("A quote opened on line 5 is never closed; lines 5–9 were read as one field.", lost.TextContent, StringComparison.Ordinal);
        Assert.Equal("9 lines", cut.Find("[data-testid=preview-lines]").TextContent.Trim());
        Assert.True(cut.Find("[data-testid=import-confirm]").HasAttribute("disabled"));

        cut.Find("[data-testid=preview-lost-lines] input[type=checkbox]").Change(true);
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=import-confirm]").HasAttribute("disabled")), Wait);
        cut.Find("[data-testid=import-confirm]").Click();

        var navigation = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Contains("/imports/", navigation.Uri, StringComparison.Ordinal), Wait);
        var job = await QueryAsync(db => db.ImportJobs.SingleAsync());
        Assert.Equal((AutopilotPortal.Core.Import.ImportJobStatus.Completed, 3, 1, 9), (job.Status, job.Registered, job.Failed, job.LineCount));
    }

    [Fact]
    public async Task AFileWhoseEveryRowIsAlreadyRegisteredCanStillBeRecorded()
    {
        RenderProviders();
        var file = TestFiles.Csv(TestFiles.IntuneHeader, TestFiles.GoodRow(310), TestFiles.GoodRow(311));
        var first = Render<ImportPage>();
        first.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(file, "first.csv"));
        first.WaitForElement("[data-testid=import-preview]", Wait);
        first.Find("[data-testid=import-confirm]").Click();
        var navigation = Services.GetRequiredService<NavigationManager>();
        first.WaitForAssertion(() => Assert.Contains("/imports/", navigation.Uri, StringComparison.Ordinal), Wait);
        var firstJob = navigation.Uri;

        var cut = Render<ImportPage>();
        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(file, "again.csv"));
        cut.WaitForElement("[data-testid=import-preview]", Wait);

        Assert.Equal("2 already registered", cut.Find("[data-testid=preview-already-registered]").TextContent.Trim());
        Assert.Equal("0 with errors", cut.Find("[data-testid=preview-will-fail]").TextContent.Trim());
        Assert.Equal(2, cut.FindAll("[data-testid^=preview-result-]").Count(e => e.TextContent.Contains("Already registered", StringComparison.Ordinal)));
        var confirm = cut.Find("[data-testid=import-confirm]");
        Assert.False(confirm.HasAttribute("disabled"));
        Assert.Contains("Record the import", confirm.TextContent, StringComparison.Ordinal);
        confirm.Click();

        cut.WaitForAssertion(() => Assert.NotEqual(firstJob, navigation.Uri), Wait);
        var job = await QueryAsync(db => db.ImportJobs.SingleAsync(j => j.FileName == "again.csv"));
        Assert.Equal((2, 0, 2, 0), (job.TotalRows, job.Registered, job.AlreadyRegistered, job.Failed));
    }
}
