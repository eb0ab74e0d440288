using System.Net;
using AutopilotPortal.E2E.Tests.Infrastructure;
using AutopilotPortal.Proxy;
using AutopilotPortal.Tests.Shared;

namespace AutopilotPortal.E2E.Tests;

/// <summary>
/// Two real portal hosts on one PostgreSQL database behind the proxy: a browser sticks to one instance, and when that
/// instance's process is killed its next request is answered by the other one, still signed in.
/// </summary>
public sealed class ProxyFailoverTests
{
    [PostgresFact]
    public async Task ASignedInBrowserSticksToOneInstanceAndMovesSignedInToTheOtherWhenItIsKilled()
    {
        // Arrange: two hosts on one database, the proxy in front, and an administrator signed in through the proxy.
        using var database = await TestDatabase.CreateAsync();
        await using var first = await PortalHost.StartOnAsync(database);
        await using var second = await PortalHost.StartOnAsync(database);
        var hosts = new Dictionary<string, PortalHost> { [ProxyHost.InstanceId(0)] = first, [ProxyHost.InstanceId(1)] = second };
        await using var proxy = await ProxyHost.StartAsync([first.BaseUrl, second.BaseUrl]);
        using var browser = new HttpSession(proxy.BaseUrl);

        using (var signIn = await browser.PostLoginAsync(PortalHost.AdminUserName, PortalHost.AdminPassword))
        {
            Assert.True(signIn.StatusCode == HttpStatusCode.Redirect, $"Sign-in through the proxy answered {(int)signIn.StatusCode}.");

            // The instance saw the proxy's Host, so its redirect does not lead the browser around the proxy.
            var location = new Uri(proxy.BaseUrl, signIn.Headers.Location!);
            Assert.Equal(proxy.BaseUrl.Authority, location.Authority);
        }

        Assert.Contains(PortalProxy.AffinityCookie, browser.Cookies.Keys);

        // A browser without the sign-in cookie is sent to the login page, so a 200 below means signed in.
        using (var stranger = new HttpSession(proxy.BaseUrl))
        using (var signedOut = await stranger.GetAsync("/devices"))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        }

        // Act 1: several pages with the affinity cookie.
        var served = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            using var page = await browser.GetAsync("/devices");
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"/devices through the proxy answered {(int)page.StatusCode}.");
            served.Add(InstanceOf(page));
        }

        // Assert 1: they all came from one instance.
        var sticky = Assert.Single(served.Distinct());
        var survivorId = hosts.Keys.Single(id => id != sticky);

        // Act 2: kill that instance's process tree, no shutdown, and ask again with the same cookies, at once:
        // the proxy's health checks have not had a chance to see the death.
        await hosts[sticky].KillAsync();
        using var afterKill = await browser.GetAsync("/devices");

        // Assert 2: the other instance answered, signed in, and the browser now sticks to it.
        Assert.True(afterKill.StatusCode == HttpStatusCode.OK,
            $"/devices after {sticky} was killed answered {(int)afterKill.StatusCode}.{Environment.NewLine}{survivorId} log:{Environment.NewLine}{hosts[survivorId].LogTail()}");
        Assert.Equal(survivorId, InstanceOf(afterKill));
        for (var i = 0; i < 3; i++)
        {
            using var page = await browser.GetAsync("/devices");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal(survivorId, InstanceOf(page));
        }
    }

    private static string InstanceOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues(PortalProxy.InstanceHeader, out var values)
            ? values.Single()
            : throw new InvalidOperationException($"The proxy's answer ({(int)response.StatusCode}) names no instance in {PortalProxy.InstanceHeader}.");
}
