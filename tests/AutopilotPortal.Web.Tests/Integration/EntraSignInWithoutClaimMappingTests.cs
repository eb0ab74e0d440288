using System.Net;
using AutopilotPortal.Core.Security;

namespace AutopilotPortal.Web.Tests.Integration;

/// <summary>
/// The same sign-in with inbound claim mapping turned off in the <c>AzureAd</c> section: the app
/// roles keep their token name (<c>roles</c>) and still become the portal's roles.
/// </summary>
public sealed class EntraSignInWithoutClaimMappingTests(UnmappedClaimsEntraWebApplicationFactory factory)
    : IClassFixture<UnmappedClaimsEntraWebApplicationFactory>
{
    [Fact]
    public async Task AppRoleInAnUnmappedRolesClaimGrantsThatRole()
    {
        using var browser = factory.CreateBrowser();
        using var callback = await factory.SignInAsync(browser, "reader@contoso.com", [PortalRoles.Reader]);

        var principal = await EntraWebApplicationFactory.ReadPrincipalAsync(browser);
        var caller = PortalCaller.FromPrincipal(principal, remoteAddress: null);
        using var export = await browser.GetAsync("/api/devices/export.csv");

        Assert.Contains(principal.Claims, c => c.Type == "roles" && c.Value == PortalRoles.Reader);
        Assert.True(principal.IsInRole(PortalRoles.Reader));
        Assert.Equal([PortalRole.Reader], caller.Roles);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
    }
}
