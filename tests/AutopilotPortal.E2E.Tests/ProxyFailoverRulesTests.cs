using System.Net;
using AutopilotPortal.E2E.Tests.Infrastructure;
using AutopilotPortal.Proxy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AutopilotPortal.E2E.Tests;

/// <summary>
/// The proxy in front of two stand-in instances that answer, or drop the connection without an answer on command:
/// a request that an instance dropped goes to the other instance only when sending it again cannot do anything twice.
/// They need no database, so they run on either provider.
/// </summary>
public sealed class ProxyFailoverRulesTests
{
    [Fact]
    public async Task AGetWhoseInstanceDropsTheConnectionIsAnsweredByTheOtherInstance()
    {
        await using var a = await StandInInstance.StartAsync();
        await using var b = await StandInInstance.StartAsync();
        await using var proxy = await ProxyHost.StartAsync([a.BaseUrl, b.BaseUrl]);
        using var browser = new HttpSession(proxy.BaseUrl);
        var (sticky, other) = await StickAsync(browser, a, b);

        sticky.DropConnections = true;
        using var answer = await browser.GetAsync("/page");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(other.Name, await answer.Content.ReadAsStringAsync());
        Assert.Equal(1, sticky.Dropped);
    }

    [Fact]
    public async Task APostWhoseInstanceDropsTheConnectionIsAnswered502AndNotSentToTheOtherInstance()
    {
        await using var a = await StandInInstance.StartAsync();
        await using var b = await StandInInstance.StartAsync();
        await using var proxy = await ProxyHost.StartAsync([a.BaseUrl, b.BaseUrl]);
        using var browser = new HttpSession(proxy.BaseUrl);
        var (sticky, other) = await StickAsync(browser, a, b);

        sticky.DropConnections = true;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/form") { Content = new StringContent("field=value") };
        using var answer = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadGateway, answer.StatusCode);
        Assert.True(sticky.Dropped >= 1);
        Assert.Equal(0, other.Posts);
    }

    /// <summary>Makes a first request, which sets the affinity cookie; returns the instance it stuck to and the other.</summary>
    private static async Task<(StandInInstance Sticky, StandInInstance Other)> StickAsync(HttpSession browser, StandInInstance a, StandInInstance b)
    {
        using var first = await browser.GetAsync("/page");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains(PortalProxy.AffinityCookie, browser.Cookies.Keys);
        return await first.Content.ReadAsStringAsync() == a.Name ? (a, b) : (b, a);
    }

    /// <summary>A server on a loopback port the system picks that answers its name, or drops the connection unanswered.</summary>
    private sealed class StandInInstance : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _dropped;
        private int _posts;

        private StandInInstance(WebApplication app) => _app = app;

        public string Name { get; } = Guid.NewGuid().ToString("N");

        public Uri BaseUrl => new(_app.Urls.Single());

        /// <summary>While set, every request but <c>/health</c> has its connection closed without an answer.</summary>
        public volatile bool DropConnections;

        public int Dropped => Volatile.Read(ref _dropped);

        public int Posts => Volatile.Read(ref _posts);

        public static async Task<StandInInstance> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            StandInInstance? instance = null;
            var app = builder.Build();
            app.Run(async context =>
            {
                if (context.Request.Path == "/health")
                {
                    await context.Response.WriteAsync("Healthy");
                    return;
                }

                if (HttpMethods.IsPost(context.Request.Method))
                {
                    Interlocked.Increment(ref instance!._posts);
                }

                if (instance!.DropConnections)
                {
                    Interlocked.Increment(ref instance._dropped);
                    context.Abort();
                    return;
                }

                await context.Response.WriteAsync(instance.Name);
            });
            instance = new StandInInstance(app);
            await app.StartAsync();
            return instance;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
