using System.Net;
using AutopilotPortal.E2E.Tests.Infrastructure;
using AutopilotPortal.Proxy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace AutopilotPortal.E2E.Tests;

/// <summary>
/// The proxy in front of two stand-in instances that answer, or drop the connection without an answer, or fail their
/// health checks on command: a request that an instance dropped goes to the other instance only when sending it again
/// cannot do anything twice; an instance failing its checks leaves the rotation, but all of them failing leaves none.
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

    [Fact]
    public async Task WhenEveryInstanceFailsItsHealthChecksRequestsStillReachThem()
    {
        await using var a = await StandInInstance.StartAsync();
        await using var b = await StandInInstance.StartAsync();
        await using var proxy = await ProxyHost.StartAsync([a.BaseUrl, b.BaseUrl], "--Proxy:HealthCheckInterval", "00:00:01");
        using var browser = new HttpSession(proxy.BaseUrl);

        a.Unhealthy = b.Unhealthy = true;
        await WaitUntilAsync(proxy, health => health.All(h => h == DestinationHealth.Unhealthy), "both instances out of rotation");
        Assert.True(proxy.Services.GetRequiredService<IProxyStateLookup>().TryGetCluster("portal", out var cluster));
        Assert.Equal(2, cluster.DestinationsState.AvailableDestinations.Count);
        using var answer = await browser.GetAsync("/page");

        // With no instance left in rotation the proxy would answer 503 itself.
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains(await answer.Content.ReadAsStringAsync(), new[] { a.Name, b.Name });
    }

    [Fact]
    public async Task AnInstanceFailingItsHealthChecksIsTakenOutAndTheOtherAnswers()
    {
        await using var a = await StandInInstance.StartAsync();
        await using var b = await StandInInstance.StartAsync();
        await using var proxy = await ProxyHost.StartAsync([a.BaseUrl, b.BaseUrl], "--Proxy:HealthCheckInterval", "00:00:01");
        using var browser = new HttpSession(proxy.BaseUrl);
        var (sticky, other) = await StickAsync(browser, a, b);

        sticky.Unhealthy = true;
        await WaitUntilAsync(proxy, health => health.Count(h => h == DestinationHealth.Unhealthy) == 1, "one instance out of rotation");
        using var answer = await browser.GetAsync("/page");

        Assert.Equal(other.Name, await answer.Content.ReadAsStringAsync());
    }

    /// <summary>Waits, within a minute, until the proxy's active health states of the instances satisfy <paramref name="condition"/>.</summary>
    private static async Task WaitUntilAsync(ProxyHost proxy, Func<IReadOnlyList<DestinationHealth>, bool> condition, string what)
    {
        var lookup = proxy.Services.GetRequiredService<IProxyStateLookup>();
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            Assert.True(lookup.TryGetCluster("portal", out var cluster), "The proxy has no cluster named portal.");
            var health = cluster.Destinations.Values.Select(d => d.Health.Active).ToList();
            if (condition(health))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Waited a minute for {what}; the instances' health is {string.Join(", ", health)}.");
            await Task.Delay(50);
        }
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

        /// <summary>While set, <c>/health</c> answers 503, and every other request as usual.</summary>
        public volatile bool Unhealthy;

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
                    context.Response.StatusCode = instance!.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
                    await context.Response.WriteAsync(instance.Unhealthy ? "Unhealthy" : "Healthy");
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
