using System.Net;
using AutopilotPortal.Core.Security;

namespace AutopilotPortal.Web.Tests.Integration;

/// <summary>
/// A mistyped address gets the portal's own page, in its layout and with the 404 kept; the API keeps its problems.
/// Every page has one title, naming it.
/// </summary>
public sealed class StatusPageTests(PortalWebApplicationFactory factory) : IClassFixture<PortalWebApplicationFactory>
{
    [Fact]
    public async Task AMistypedPageAddressGetsThePortalsNotFoundPageWithStatus404()
    {
        using var reader = factory.CreateClientAs("reader", PortalRoles.Reader);

        using var response = await reader.GetAsync("/devicez?serial=5CG1");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>Page not found · AutopilotPortal</title>", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"not-found\"", html, StringComparison.Ordinal);
        Assert.Contains("/devicez?serial=5CG1", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/devices\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APageHasOneTitleAndItNamesThePage()
    {
        using var reader = factory.CreateClientAs("reader", PortalRoles.Reader);

        using var response = await reader.GetAsync("/devices");

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var titles = System.Text.RegularExpressions.Regex.Matches(html, "<title>(.*?)</title>").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["Windows Autopilot devices · AutopilotPortal"], titles);
    }

    [Fact]
    public async Task ThePageIsShownWithoutSignInSoItNeverSendsAVisitorToALoopOfRedirects()
    {
        using var anonymous = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await anonymous.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnApiPathItDoesNotHaveStillGetsAProblemNotThePage()
    {
        using var reader = factory.CreateClientAs("reader", PortalRoles.Reader);

        using var response = await reader.GetAsync("/api/no-such-thing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
