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

    [Fact]
    public async Task ReaderTokenMayExportDevices()
    {
        using var browser = factory.CreateBrowser();
        using var callback = await factory.SignInAsync(browser, "reader@contoso.com", [PortalRoles.Reader]);

        using var export = await browser.GetAsync("/api/devices/export.csv");

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task SignInIsWrittenToTheAuditLogWithTheTokensRole()
    {
        var user = $"audited-{Guid.NewGuid():N}@contoso.com";
        using var browser = factory.CreateBrowser();

        using var callback = await factory.SignInAsync(browser, user, [PortalRoles.HelpDesk]);

        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var log = await factory.Services.GetRequiredService<AuditLogService>()
            .ListAsync(PortalCaller.System, new AuditQuery { User = user, Take = 500 });
        var entry = Assert.Single(log.Items, e => e.Actor == user);
        Assert.Equal(AuditActions.SignIn, entry.Action);
        Assert.Equal(AuditOutcome.Succeeded, entry.Outcome);
        Assert.Equal($"Entra sign-in as {PortalRoles.HelpDesk}.", entry.Details);
    }

    [Theory]
    [InlineData(PortalRoles.Admin, PortalRole.Admin)]
    [InlineData(PortalRoles.HelpDesk, PortalRole.HelpDesk)]
    [InlineData(PortalRoles.Reader, PortalRole.Reader)]
    public async Task AppRoleInTheTokenGrantsExactlyThatRolesRights(string appRole, PortalRole expected)
    {
        using var browser = factory.CreateBrowser();
        var user = $"user{(int)expected}@contoso.com";
        using var callback = await factory.SignInAsync(browser, user, [appRole]);

        var principal = await EntraWebApplicationFactory.ReadPrincipalAsync(browser);
        var caller = PortalCaller.FromPrincipal(principal, remoteAddress: null);
        using var page = await browser.GetAsync("/devices");
        var html = await page.Content.ReadAsStringAsync();
        using var deviceExport = await browser.GetAsync("/api/devices/export.csv");
        using var auditExport = await browser.GetAsync("/api/audit/export.csv");

        Assert.Equal(user, caller.UserName);
        Assert.Equal([expected], caller.Roles);
        Assert.True(principal.IsInRole(appRole));
        Assert.All(Enum.GetValues<PortalPermission>(), permission => Assert.Equal(expected.Grants(permission), caller.Can(permission)));

        // What the pages and endpoints do for this caller follows the same table.
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains(DevicesPageHeading, html, StringComparison.Ordinal);
        Assert.Contains(expected.DisplayName(), html, StringComparison.Ordinal);
        Assert.Equal(Status(expected.Grants(PortalPermission.Export)), deviceExport.StatusCode);
        Assert.Equal(Status(expected.Grants(PortalPermission.Export) && expected.Grants(PortalPermission.ReadAudit)), auditExport.StatusCode);
        Assert.Equal(expected.Grants(PortalPermission.ImportDevices), html.Contains("data-testid=\"nav-import\"", StringComparison.Ordinal));
        Assert.Equal(expected.Grants(PortalPermission.ReadImports), html.Contains("data-testid=\"nav-import-history\"", StringComparison.Ordinal));
        Assert.Equal(expected.Grants(PortalPermission.ReadAudit), html.Contains("data-testid=\"nav-audit\"", StringComparison.Ordinal));
        Assert.Equal(expected.Grants(PortalPermission.ManageApiClients), html.Contains("data-testid=\"nav-api-clients\"", StringComparison.Ordinal));
        Assert.Equal(expected.Grants(PortalPermission.EditDevices), html.Contains("data-testid=\"devices-edit-group-tag\"", StringComparison.Ordinal));
        Assert.Equal(expected.Grants(PortalPermission.Export), html.Contains("data-testid=\"devices-export\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TokenWithoutAnAutopilotRoleGrantsNoRights()
    {
        using var browser = factory.CreateBrowser();
        using var callback = await factory.SignInAsync(browser, "norole@contoso.com", ["Some.Other.Role"]);

        var caller = PortalCaller.FromPrincipal(await EntraWebApplicationFactory.ReadPrincipalAsync(browser), remoteAddress: null);
        using var page = await browser.GetAsync("/devices");
        var html = await page.Content.ReadAsStringAsync();
        using var export = await browser.GetAsync("/api/devices/export.csv");
        var list = () => factory.Services.GetRequiredService<DeviceService>()
            .ListAsync(caller, new DeviceListQuery(null, SerialMatch.StartsWith, DeviceSortColumn.SerialNumber, false, 0, 25));

        Assert.True(caller.IsAuthenticated);
        Assert.Equal("norole@contoso.com", caller.UserName);
        Assert.Empty(caller.Roles);
        Assert.All(Enum.GetValues<PortalPermission>(), permission => Assert.False(caller.Can(permission)));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("No role", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"devices-export\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"nav-audit\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, export.StatusCode);
        var refused = await Assert.ThrowsAsync<AccessDeniedException>(list);
        Assert.Equal(PortalPermission.ReadDevices, refused.Permission);
    }

    [Fact]
    public async Task TokenSignedWithAnotherKeySignsNobodyInAndIsAudited()
    {
        using var foreignKey = RSA.Create(2048);
        var forgedKey = new RsaSecurityKey(foreignKey) { KeyId = "local-test-key" };
        using var browser = factory.CreateBrowser();

        using var callback = await factory.SignInAsync(browser, "forged@contoso.com", [PortalRoles.Admin], signWith: forgedKey);

        Assert.False(callback.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(".AspNetCore.Cookies", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/account/signin-failed", callback.Headers.Location?.OriginalString);
        var explanation = await browser.GetStringAsync("/account/signin-failed");
        Assert.Contains("Microsoft Entra did not sign you in", explanation, StringComparison.Ordinal);
        using var page = await browser.GetAsync("/devices");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith(EntraWebApplicationFactory.AuthorizationEndpoint, page.Headers.Location?.ToString(), StringComparison.Ordinal);
        var audit = factory.Services.GetRequiredService<AuditLogService>();
        var failures = await audit.ListAsync(PortalCaller.System, new AuditQuery { Action = AuditActions.SignInFailed, Take = 500 });
        var failure = Assert.Single(failures.Items);
        Assert.Equal(AuditOutcome.Failed, failure.Outcome);
        Assert.Contains("Signature validation failed", failure.Details, StringComparison.Ordinal);
        var forgedUsersEntries = await audit.ListAsync(PortalCaller.System, new AuditQuery { User = "forged@contoso.com", Take = 500 });
        Assert.Empty(forgedUsersEntries.Items);
    }

    [Fact]
    public async Task TheLocalLoginPageSendsPeopleToEntraKeepingWhereTheyWereGoing()
    {
        using var browser = factory.CreateBrowser();

        using var login = await browser.GetAsync("/account/login?ReturnUrl=%2Fimports");
        using var signIn = await browser.GetAsync(login.Headers.Location!);

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/account/signin", login.Headers.Location!.AbsolutePath);
        Assert.Equal("?returnUrl=%2Fimports", login.Headers.Location.Query);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.StartsWith(EntraWebApplicationFactory.AuthorizationEndpoint, signIn.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContentSecurityPolicyLetsFormsPostToTheAuthority()
    {
        using var browser = factory.CreateBrowser();

        using var response = await browser.GetAsync("/devices");

        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var formAction = Assert.Single(policy.Split(';', StringSplitOptions.TrimEntries), d => d.StartsWith("form-action ", StringComparison.Ordinal));
        Assert.Equal("form-action 'self' https://login.microsoftonline.com", formAction);
    }

    private static HttpStatusCode Status(bool allowed) => allowed ? HttpStatusCode.OK : HttpStatusCode.Forbidden;
}
