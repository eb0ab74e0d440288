using System.Net;
using System.Security.Cryptography;
using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Security;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace AutopilotPortal.Web.Tests.Integration;

/// <summary>
/// Sign-in through Entra (Microsoft.Identity.Web), end to end over HTTP and offline: the portal
/// redirects to the configured authority, accepts the id_token the authority posts back, and the
/// app roles in that token become the portal's roles.
/// </summary>
public sealed class EntraSignInTests(EntraWebApplicationFactory factory) : IClassFixture<EntraWebApplicationFactory>
{
    private const string DevicesPageHeading = "Windows Autopilot devices";

    [Fact]
    public async Task AnonymousDevicesRequestIsRedirectedToTheConfiguredAuthority()
    {
        using var browser = factory.CreateBrowser();

        using var response = await browser.GetAsync("/devices");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location;
        Assert.NotNull(location);
        Assert.Equal(EntraWebApplicationFactory.AuthorizationEndpoint, location.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(EntraWebApplicationFactory.ClientId, query["client_id"].ToString());
        var scopes = query["scope"].ToString().Split(' ');
        Assert.Contains("openid", scopes);
        Assert.Contains("profile", scopes);
        Assert.Equal("https://localhost/signin-oidc", query["redirect_uri"].ToString());
        Assert.Equal("id_token", query["response_type"].ToString());
        Assert.Equal("form_post", query["response_mode"].ToString());
        Assert.False(string.IsNullOrEmpty(query["nonce"]));
        Assert.False(string.IsNullOrEmpty(query["state"]));
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Correlation.", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.OpenIdConnect.Nonce.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HelpDeskTokenOpensTheDevicesPageButMayNotExport()
    {
        using var browser = factory.CreateBrowser();

        using var callback = await factory.SignInAsync(browser, "helpdesk@contoso.com", [PortalRoles.HelpDesk]);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/devices", callback.Headers.Location?.OriginalString);
        using var page = await browser.GetAsync("/devices");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains(DevicesPageHeading, html, StringComparison.Ordinal);
        Assert.Contains("helpdesk@contoso.com", html, StringComparison.Ordinal);
        using var export = await browser.GetAsync("/api/devices/export.csv");
        Assert.Equal(HttpStatusCode.Forbidden, export.StatusCode);
    }
}
