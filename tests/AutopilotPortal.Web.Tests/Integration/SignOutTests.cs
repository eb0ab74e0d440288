using System.Net;
using System.Security.Claims;
using AutopilotPortal.Core.Accounts;
using AutopilotPortal.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Web.Tests.Integration;

/// <summary>Sign-out ends the session on the server: the cookie, a copy of it, and an open circuit all stop working.</summary>
public sealed class SignOutTests(PortalWebApplicationFactory factory) : IClassFixture<PortalWebApplicationFactory>
{
    [Fact]
    public async Task ACopiedCookieStopsWorkingOnceItsSessionSignsOut()
    {
        using var browser = new CookieSession(factory);
        await browser.SignInAsync(PortalTestSettings.AdminUserName, PortalTestSettings.AdminPassword);
        using var thief = browser.Copy();
        using (var before = await thief.GetAsync("/devices"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var signOut = await browser.PostFormAsync("/account/logout", new Dictionary<string, string> { ["__RequestVerificationToken"] = await browser.TokenOfAsync("/devices") });
        using var after = await thief.GetAsync("/devices");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Equal("/account/login", after.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task SignOutEverywhereEndsTheUsersSessionsInOtherBrowsers()
    {
        using var laptop = new CookieSession(factory);
        using var desktop = new CookieSession(factory);
        await laptop.SignInAsync(PortalTestSettings.AdminUserName, PortalTestSettings.AdminPassword);
        await desktop.SignInAsync(PortalTestSettings.AdminUserName, PortalTestSettings.AdminPassword);

        using var signOut = await laptop.PostFormAsync("/account/logout", new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await laptop.TokenOfAsync("/devices"),
            ["scope"] = "everywhere",
        });
        using var other = await desktop.GetAsync("/devices");

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        Assert.Equal("/account/login", other.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task AnOpenCircuitOfASessionThatEndedIsSignedOutAtItsNextCheck()
    {
        var (principal, session) = await SignedInPrincipalAsync();
        var revalidator = new LocalAccountRevalidator(factory.Services.GetRequiredService<ILoggerFactory>(),
            factory.Services.GetRequiredService<IServiceScopeFactory>(), factory.Services.GetRequiredService<IOptions<IdentityOptions>>());
        Assert.True(await revalidator.IsStillValidAsync(principal, CancellationToken.None), "A circuit of an open session was signed out.");

        await factory.Services.GetRequiredService<UserSessionService>().EndAsync(session);

        Assert.False(await revalidator.IsStillValidAsync(principal, CancellationToken.None), "A circuit of an ended session stayed signed in.");
    }

    /// <summary>The principal a circuit of a fresh admin sign-in holds, as the sign-in manager builds it.</summary>
    private async Task<(ClaimsPrincipal Principal, Guid Session)> SignedInPrincipalAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var admin = await users.FindByNameAsync(PortalTestSettings.AdminUserName) ?? throw new InvalidOperationException("The test portal has no admin.");
        var principal = await scope.ServiceProvider.GetRequiredService<SignInManager<PortalUser>>().CreateUserPrincipalAsync(admin);
        var session = await scope.ServiceProvider.GetRequiredService<UserSessionService>().StartAsync(admin.Id, remoteAddress: null);
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(UserSessionService.ClaimType, session.ToString()));
        return (principal, session);
    }
}
