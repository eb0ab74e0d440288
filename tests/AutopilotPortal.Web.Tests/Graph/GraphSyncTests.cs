using System.Net;
using System.Text.Json;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace AutopilotPortal.Web.Tests.Graph;

/// <summary><c>windowsAutopilotSettings/sync</c> answers as Intune does.</summary>
public sealed class GraphSyncTests
{
    [Fact]
    public async Task ASyncStartsWith204AndTheSettingsSayItRanOrRuns()
    {
        await using var factory = new PortalWebApplicationFactory();
        var graph = await GraphClients.SdkAsync(factory, PortalRole.Admin);

        await graph.RequestAdapter.SendNoContentAsync(BetaRequest(graph, Method.POST, "/deviceManagement/windowsAutopilotSettings/sync"), Errors);
        await using var body = await graph.RequestAdapter.SendPrimitiveAsync<Stream>(BetaRequest(graph, Method.GET, "/deviceManagement/windowsAutopilotSettings"), Errors);
        using var settings = await JsonDocument.ParseAsync(body!);

        Assert.NotEqual("0001-01-01T00:00:00Z", settings.RootElement.GetProperty("lastManualSyncTriggerDateTime").GetString());
        Assert.Contains(settings.RootElement.GetProperty("syncStatus").GetString(), new[] { "inProgress", "completed" });
    }

    [Fact]
    public async Task ASecondSyncWithinTheIntervalIs429WithRetryAfter()
    {
        await using var factory = new PortalWebApplicationFactory();
        var first = await factory.Services.GetRequiredService<SyncService>().RequestSyncAsync(PortalCaller.WithRoles("ada@contoso.com", PortalRole.Admin));
        await first.Completion;
        using var http = await GraphClients.HttpAsync(factory, PortalRole.Admin);

        using var response = await http.PostAsync("/beta/deviceManagement/windowsAutopilotSettings/sync",
            new StringContent(string.Empty, System.Text.Encoding.UTF8, "application/json"));
        var graph = await GraphClients.SdkAsync(factory, PortalRole.Admin);
        var refused = await Assert.ThrowsAsync<ODataError>(() =>
            graph.RequestAdapter.SendNoContentAsync(BetaRequest(graph, Method.POST, "/deviceManagement/windowsAutopilotSettings/sync"), Errors));

        Assert.Equal((HttpStatusCode)429, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal(429, refused.ResponseStatusCode);
        Assert.Equal("TooManyRequests", refused.Error!.Code);
    }

    /// <summary>windowsAutopilotSettings is beta only: the v1.0 SDK reaches it through its request adapter.</summary>
    private static readonly Dictionary<string, ParsableFactory<IParsable>> Errors = new() { ["XXX"] = ODataError.CreateFromDiscriminatorValue };

    private static RequestInformation BetaRequest(GraphServiceClient graph, Method method, string path) => new()
    {
        HttpMethod = method,
        UrlTemplate = "{+baseurl}" + path,
        PathParameters = new Dictionary<string, object> { ["baseurl"] = graph.RequestAdapter.BaseUrl! },
    };
}
