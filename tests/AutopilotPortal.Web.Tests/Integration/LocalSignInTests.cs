using System.Net;
using System.Text.RegularExpressions;
using AutopilotPortal.Core.Accounts;
using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Security;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Web.Tests.Integration;

/// <summary>Local accounts end to end over HTTP: the real login form, its antiforgery token, the cookie.</summary>
public sealed partial class LocalSignInTests(PortalWebApplicationFactory factory) : IClassFixture<PortalWebApplicationFactory>
{
    [Fact]
    public async Task AnAnonymousPageRequestIsSentToTheLoginPage()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/devices");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location?.AbsolutePath);
        Assert.Contains("ReturnUrl=%2Fdevices", response.Headers.Location?.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAnonymousExportIsRefused()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/api/devices/export.csv");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("Serial number", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAdministratorSignsInWithTheFormAndGetsTheDeviceList()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        using var signIn = await PostLoginAsync(client, PortalTestSettings.AdminUserName, PortalTestSettings.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/devices", signIn.Headers.Location?.AbsolutePath);
        using var page = await client.GetAsync("/devices");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Windows Autopilot devices", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(await EntriesAsync(AuditActions.SignIn), e => e.Actor == PortalTestSettings.AdminUserName);
    }

    [Fact]
    public async Task AWrongPasswordShowsAPlainErrorAndIsAudited()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        using var response = await PostLoginAsync(client, "nobody-here", "Wrong-password-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The user name or password is wrong.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var failure = Assert.Single(await EntriesAsync(AuditActions.SignInFailed), e => e.Actor == "nobody-here");
        Assert.Equal(AuditOutcome.Failed, failure.Outcome);
    }

    [Fact]
    public async Task AnUnknownUserNameIsAnsweredExactlyLikeAKnownOneBeforeAndAfterTheLockout()
    {
        await factory.Services.GetRequiredService<LocalUserService>().CreateAsync(PortalCaller.System, "rita-known", PortalRole.Reader, "Known-passw0rd-1");
        var maxFailures = factory.Services.GetRequiredService<IOptions<AccountOptions>>().Value.MaxFailedSignIns;
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        for (var attempt = 1; attempt <= maxFailures + 1; attempt++)
        {
            using var known = await PostLoginAsync(client, "rita-known", "Wrong-password-1");
            using var unknown = await PostLoginAsync(client, "rita-unknown", "Wrong-password-1");

            var (knownError, unknownError) = (await ErrorOfAsync(known), await ErrorOfAsync(unknown));
            Assert.True(knownError == unknownError, $"Attempt {attempt}: a known name got \"{knownError}\", an unknown one \"{unknownError}\".");
            Assert.Equal((known.StatusCode, "The user name or password is wrong."), (unknown.StatusCode, unknownError));
        }

        using var rightPassword = await PostLoginAsync(client, "rita-known", "Known-passw0rd-1");
        Assert.Contains($"This account is locked after {maxFailures} failed sign-ins.", await ErrorOfAsync(rightPassword), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALoginPostWithoutItsAntiforgeryTokenIsRejected()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.UserName"] = PortalTestSettings.AdminUserName,
            ["Input.Password"] = PortalTestSettings.AdminPassword,
        });

        using var response = await client.PostAsync("/account/login", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("AutopilotPortal.Auth", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task EveryResponseCarriesTheSecurityHeaders()
    {
        using var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/account/login");

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    private static async Task<HttpResponseMessage> PostLoginAsync(HttpClient client, string userName, string password)
    {
        var form = await client.GetStringAsync("/account/login?ReturnUrl=%2Fdevices");
        var token = AntiforgeryField().Match(form);
        Assert.True(token.Success, "The login form has no antiforgery token.");
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });
        return await client.PostAsync("/account/login?ReturnUrl=%2Fdevices", content);
    }

    private static async Task<string?> ErrorOfAsync(HttpResponseMessage response)
    {
        var error = LoginError().Match(await response.Content.ReadAsStringAsync());
        return error.Success ? WebUtility.HtmlDecode(error.Groups[1].Value) : null;
    }

    private async Task<List<AuditEntry>> EntriesAsync(string action)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.AsNoTracking().Where(e => e.Action == action).ToListAsync();
    }

    [GeneratedRegex("data-testid=\"login-error\">([^<]*)<")]
    private static partial Regex LoginError();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
