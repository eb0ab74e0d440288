using System.Diagnostics;
using System.Net;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Sync;
using AutopilotPortal.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace AutopilotPortal.Web.Tests.Integration;

/// <summary>
/// What the portal reports through OpenTelemetry, read from the in-memory exporters of a portal of each test's own.
/// Spans are exported as they end; metrics when the test flushes the meter provider.
/// </summary>
[Collection(nameof(TelemetryCollection))]
public sealed class TelemetryTests
{
    private const string Outcome = PortalTelemetry.Tags.Outcome;

    [Fact]
    public async Task AnImportHasOneSpanWithItsCountsAndCountsItsRowsByOutcome()
    {
        await using var factory = new TelemetryPortalFactory();
        var import = factory.Services.GetRequiredService<ImportService>();

        var first = await ImportAsync(import, "first.csv", TestFiles.GoodRow(71), TestFiles.GoodRow(72), "SER-ONLY,,AAAA");
        var second = await ImportAsync(import, "second.csv", TestFiles.GoodRow(71));

        var spans = factory.Spans.Snapshot().Where(s => s.Source.Name == PortalTelemetry.Name && s.OperationName == PortalTelemetry.Spans.Import).ToList();
        Assert.Equal(2, spans.Count);
        var span = Assert.Single(spans, s => Equals(s.GetTagItem(PortalTelemetry.Tags.ImportJobId), first.Id));
        Assert.Equal(3, span.GetTagItem(PortalTelemetry.Tags.ImportRows));
        Assert.Equal(2, span.GetTagItem(PortalTelemetry.Tags.ImportRegistered));
        Assert.Equal(1, span.GetTagItem(PortalTelemetry.Tags.ImportFailed));
        Assert.Equal(0, span.GetTagItem(PortalTelemetry.Tags.ImportAlreadyRegistered));
        Assert.Equal("csv", span.GetTagItem(PortalTelemetry.Tags.ImportSource));
        var again = Assert.Single(spans, s => Equals(s.GetTagItem(PortalTelemetry.Tags.ImportJobId), second.Id));
        Assert.Equal(1, again.GetTagItem(PortalTelemetry.Tags.ImportAlreadyRegistered));

        var rows = SumsBy(factory.Metric(PortalTelemetry.Instruments.ImportRows), Outcome);
        Assert.Equal(2, rows[PortalTelemetry.ImportOutcomes.Registered]);
        Assert.Equal(1, rows[PortalTelemetry.ImportOutcomes.Failed]);
        Assert.Equal(1, rows[PortalTelemetry.ImportOutcomes.AlreadyRegistered]);
        Assert.Equal(2, HistogramCount(factory.Metric(PortalTelemetry.Instruments.ImportRate)));
    }

    [Fact]
    public async Task APageLoadAndAnApiCallEachHaveAnAspNetCoreSpanWithTheirDatabaseCommandsInside()
    {
        await using var factory = new TelemetryPortalFactory();
        using var client = factory.CreateClientAs("admin", PortalRoles.Admin);

        using var page = await client.GetAsync("/devices");
        using var api = await client.GetAsync($"/api/imports/{Guid.NewGuid()}/errors.csv");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        var pageSpan = await factory.Spans.WaitForAsync(s => IsRequest(s, "/devices"));
        var apiSpan = await factory.Spans.WaitForAsync(s => IsRequest(s, "/api/imports/"));
        Assert.Equal(ActivityKind.Server, pageSpan.Kind);
        Assert.Equal(200, pageSpan.GetTagItem("http.response.status_code"));
        Assert.Equal(404, apiSpan.GetTagItem("http.response.status_code"));
        Assert.Contains(factory.Spans.Snapshot(), s => s.TraceId == pageSpan.TraceId && s.Kind == ActivityKind.Client
            && s.Source.Name.Contains("EntityFrameworkCore", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ASyncHasItsSpanAndItsDurationAndItsLogRecordsCarryItsTrace()
    {
        await using var factory = new TelemetryPortalFactory();
        await ImportAsync(factory.Services.GetRequiredService<ImportService>(), "sync.csv", TestFiles.GoodRow(81));

        var summary = await factory.Services.GetRequiredService<SyncService>().SyncAsync(SyncTrigger.Manual);

        Assert.NotNull(summary);
        var span = Assert.Single(factory.Spans.Snapshot(), s => s.Source.Name == PortalTelemetry.Name && s.OperationName == PortalTelemetry.Spans.Sync);
        Assert.Equal("manual", span.GetTagItem(PortalTelemetry.Tags.Trigger));
        Assert.Equal(summary.Added, span.GetTagItem(PortalTelemetry.Tags.SyncAdded));
        var duration = factory.Metric(PortalTelemetry.Instruments.SyncDuration);
        Assert.Equal("s", duration.Unit);
        Assert.Equal(1, HistogramCount(duration));
        var changes = SumsBy(factory.Metric(PortalTelemetry.Instruments.SyncChanges), PortalTelemetry.Tags.Kind);
        Assert.Equal(summary.Added, changes["added"]);

        var completed = Assert.Single(factory.Logs.Snapshot(), l => l.CategoryName == typeof(SyncService).FullName
            && l.FormattedMessage?.Contains("sync completed", StringComparison.Ordinal) == true);
        Assert.Equal(span.TraceId, completed.TraceId);
        Assert.Equal(span.SpanId, completed.SpanId);
        Assert.Contains(completed.Attributes ?? [], a => a.Key == "Summary");
    }

    private static async Task<ImportJob> ImportAsync(ImportService import, string name, params string[] rows)
    {
        using var stream = new MemoryStream(TestFiles.Csv(TestFiles.IntuneHeader, rows));
        return await import.ImportAsync(PortalCaller.System, stream, name);
    }

    private static bool IsRequest(Activity span, string pathStart) =>
        span.Source.Name == "Microsoft.AspNetCore"
        && span.GetTagItem("url.path") is string path && path.StartsWith(pathStart, StringComparison.Ordinal);

    /// <summary>A counter's sums by the value of one tag, over its other tags.</summary>
    private static Dictionary<string, long> SumsBy(MetricSnapshot metric, string tag)
    {
        var sums = new Dictionary<string, long>();
        foreach (var point in metric.MetricPoints)
        {
            var value = string.Empty;
            foreach (var t in point.Tags)
            {
                if (t.Key == tag)
                {
                    value = t.Value?.ToString() ?? string.Empty;
                }
            }

            sums[value] = sums.GetValueOrDefault(value) + point.GetSumLong();
        }

        return sums;
    }

    private static long HistogramCount(MetricSnapshot metric)
    {
        long count = 0;
        foreach (var point in metric.MetricPoints)
        {
            count += point.GetHistogramCount();
        }

        return count;
    }
}
