using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AutopilotPortal.Core.Security;

namespace AutopilotPortal.Web.Tests.Graph;

/// <summary>A portal whose API clients may write twice per window.</summary>
public sealed class TwoWritesFactory : PortalWebApplicationFactory
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["GraphApi:WritesPerClient"] = "2",
        ["GraphApi:Window"] = "00:10:00",
    };
}

/// <summary>Writes are throttled per API client as Intune throttles them; reads are not.</summary>
public sealed class GraphThrottleTests(TwoWritesFactory factory) : IClassFixture<TwoWritesFactory>
{
    [Fact]
    public async Task TheThirdWriteInTheWindowIs429WithRetryAfterAndReadsStillWork()
    {
        using var http = await GraphClients.HttpAsync(factory, PortalRole.HelpDesk);
        using var other = await GraphClients.HttpAsync(factory, PortalRole.HelpDesk);
        var missing = $"/beta/deviceManagement/windowsAutopilotDeviceIdentities/{Guid.NewGuid()}/updateDeviceProperties";
        StringContent Body() => new("{ groupTag: \"x\" }", Encoding.UTF8, "application/json");

        using var first = await http.PostAsync(missing, Body());
        using var second = await http.PostAsync(missing, Body());
        using var third = await http.PostAsync(missing, Body());
        using var read = await http.GetAsync("/beta/deviceManagement/windowsAutopilotDeviceIdentities?$top=1");
        using var otherClient = await other.PostAsync(missing, Body());

        Assert.Equal(HttpStatusCode.NotFound, first.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, second.StatusCode);
        Assert.Equal((HttpStatusCode)429, third.StatusCode);
        Assert.True(third.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("TooManyRequests", (await third.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.True(otherClient.StatusCode == HttpStatusCode.NotFound, await otherClient.Content.ReadAsStringAsync());
    }
}
