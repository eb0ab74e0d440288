using System.Net;
using AutopilotPortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Integration;

/// <summary>
/// Several instances on one database share the data-protection key ring it holds: a sign-in cookie one
/// instance issued is good on another; an instance on another database, whose ring is its own, refuses it.
/// </summary>
public sealed class SharedKeyRingTests
{
    [Fact]
    public async Task ACookieOneInstanceIssuedIsGoodOnAnotherOnTheSameDatabaseOnly()
    {
        await using var first = new PortalWebApplicationFactory();
        await using var second = new SameDatabase(first);
        await using var elsewhere = new PortalWebApplicationFactory();
        using var signedIn = new CookieSession(first);
        await signedIn.SignInAsync(PortalTestSettings.AdminUserName, PortalTestSettings.AdminPassword);

        using var onSecond = WithCookiesOf(signedIn, second);
        using var onElsewhere = WithCookiesOf(signedIn, elsewhere);
        using var page = await onSecond.GetAsync("/devices");
        using var refused = await onElsewhere.GetAsync("/devices");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/account/login", refused.Headers.Location?.AbsolutePath);
        await using var db = await first.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.NotEmpty(await db.DataProtectionKeys.ToListAsync());
    }

    [Fact]
    public async Task AnApiTokenOneInstanceSignedIsGoodOnAnotherOnTheSameDatabase()
    {
        await using var first = new PortalWebApplicationFactory();
        await using var second = new SameDatabase(first);
        var token = await Graph.GraphClients.TokenAsync(first, Core.Security.PortalRole.Reader);
        using var client = second.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        using var response = await client.GetAsync("/beta/deviceManagement/windowsAutopilotDeviceIdentities?$top=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static CookieSession WithCookiesOf(CookieSession source, PortalWebApplicationFactory target)
    {
        var session = new CookieSession(target);
        foreach (var (name, value) in source.Cookies)
        {
            session.Cookies[name] = value;
        }

        return session;
    }

    /// <summary>A second instance: its own host and services, on the first one's database.</summary>
    private sealed class SameDatabase(PortalWebApplicationFactory first) : PortalWebApplicationFactory
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = first.DatabaseSettings;
    }
}
