using AutopilotPortal.Core.Security;
using System.Net;
using AutopilotPortal.Core.Import;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Integration;

public sealed class PortalHostTests(PortalWebApplicationFactory factory) : IClassFixture<PortalWebApplicationFactory>
{
    private const string ReportHeader = "Line,Serial number,Result,Code,Error,Message,Warning";

    [Fact]
    public async Task DevicesPageReturnsTheRenderedPage()
    {
        using var client = factory.CreateClientAs("reader@contoso.com", PortalRoles.Reader);

        using var response = await client.GetAsync("/devices");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Windows Autopilot devices", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ErrorReportOfAnUnknownImportIsNotFound()
    {
        using var client = factory.CreateClientAs("admin", PortalRoles.Admin);

        using var response = await client.GetAsync($"/api/imports/{Guid.NewGuid()}/errors.csv");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task ErrorReportListsTheFailedRowWithFormulaCellsNeutralised()
    {
        var file = TestFiles.Csv(TestFiles.IntuneHeader + ",Group Tag", TestFiles.GoodRow(31, "Sales"), "=1+2,,AAAA,=SUM(A1:A9)");
        ImportJob job;
        using (var stream = new MemoryStream(file))
        {
            job = await factory.Services.GetRequiredService<ImportService>().ImportAsync(PortalCaller.System, stream, "report.csv");
        }

        using var client = factory.CreateClientAs("admin", PortalRoles.Admin);

        using var response = await client.GetAsync($"/api/imports/{job.Id}/errors.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("report-errors.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Equal(ReportHeader, lines[0]);
        Assert.StartsWith("3,\"'=1+2\",Failed,802,InvalidZtdHardwareHash,", lines[1], StringComparison.Ordinal);
        Assert.Contains("The hardware hash is not valid", lines[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Zürich Geräte.csv", "Zürich Geräte-errors.csv")]
    [InlineData("evil\"; filename=\"x.exe.csv", "evil\"; filename=\"x.exe-errors.csv")]
    public async Task TheErrorReportOfAnyFileNameIsDownloadedUnderThatNameWithNothingInjected(string uploaded, string expected)
    {
        var file = TestFiles.Csv(TestFiles.IntuneHeader, "SER-ONLY,,AAAA");
        ImportJob job;
        using (var stream = new MemoryStream(file))
        {
            job = await factory.Services.GetRequiredService<ImportService>().ImportAsync(PortalCaller.System, stream, uploaded);
        }

        using var client = factory.CreateClientAs("admin", PortalRoles.Admin);

        using var response = await client.GetAsync($"/api/imports/{job.Id}/errors.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var disposition = response.Content.Headers.ContentDisposition;
        Assert.NotNull(disposition);
        Assert.Equal("attachment", disposition.DispositionType);
        Assert.Equal(expected, disposition.FileNameStar);
        Assert.Equal(["filename", "filename*"], disposition.Parameters.Select(p => p.Name!.ToLowerInvariant()).Order());
    }
}
