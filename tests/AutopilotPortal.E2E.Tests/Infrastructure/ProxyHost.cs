using AutopilotPortal.Proxy;
using Microsoft.AspNetCore.Builder;

namespace AutopilotPortal.E2E.Tests.Infrastructure;

/// <summary>The portal's reverse proxy, run in the test process on a loopback port the system picks, in front of portal instances.</summary>
internal sealed class ProxyHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ProxyHost(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The root of the proxy, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The destination id the proxy gives instance <paramref name="index"/> (and names in <see cref="PortalProxy.InstanceHeader"/>).</summary>
    public static string InstanceId(int index) => $"instance-{index}";

    /// <summary>The proxy's services (its health state, say).</summary>
    public IServiceProvider Services => _app.Services;

    public static async Task<ProxyHost> StartAsync(IReadOnlyList<Uri> instances, params string[] settings)
    {
        string[] args = ["--Proxy:Url", "http://127.0.0.1:0", .. instances.SelectMany((uri, index) => new[] { $"--Proxy:Instances:{index}", uri.ToString().TrimEnd('/') }), .. settings];
        var app = PortalProxy.Create(args);
        await app.StartAsync();
        return new ProxyHost(app, new Uri(app.Urls.Single().TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
