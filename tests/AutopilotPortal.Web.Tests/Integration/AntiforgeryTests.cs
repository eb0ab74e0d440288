using System.Net;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Integration;

/// <summary>
/// A page of another site (even a same-site one, which SameSite=Lax lets through) cannot make a
/// signed-in browser change anything: every state-changing endpoint a cookie can reach wants the
/// antiforgery token that only the portal's own pages hold.
/// </summary>
public sealed class AntiforgeryTests(PortalWebApplicationFactory factory) : IClassFixture<PortalWebApplicationFactory>
{
    [Fact]
    public async Task ASignOutPostedWithoutTheTokenIsRejectedAndTheSessionGoesOn()
    {
        using var browser = new CookieSession(factory);
        await browser.SignInAsync(PortalTestSettings.AdminUserName, PortalTestSettings.AdminPassword);

        using var forged = await browser.PostFormAsync("/account/logout", new Dictionary<string, string>());
        using var page = await browser.GetAsync("/devices");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("antiforgery token", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task ASimulatedDeploymentPostedWithTheCookieButWithoutTheTokenIsRejectedAndRunsNothing()
    {
        var deviceId = await RegisterAsync(seed: 91);
        using var browser = new CookieSession(factory);
        await browser.SignInAsync(PortalTestSettings.AdminUserName, PortalTestSettings.AdminPassword);

        using var forged = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/api/devices/{deviceId}/simulate-deployment"));
        var runsAfterForgery = await RunsAsync(deviceId);
        using var genuine = new HttpRequestMessage(HttpMethod.Post, $"/api/devices/{deviceId}/simulate-deployment");
        genuine.Headers.Add("RequestVerificationToken", await browser.TokenOfAsync("/devices"));
        using var answered = await browser.SendAsync(genuine);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(0, runsAfterForgery);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(1, await RunsAsync(deviceId));
    }

    private async Task<int> RunsAsync(Guid deviceId)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.DeploymentEvents.CountAsync(e => e.AutopilotDeviceId == deviceId);
    }

    private async Task<Guid> RegisterAsync(int seed)
    {
        var hash = HardwareHashBuilder.Synthetic(new Random(seed)).Build();
        var outcome = Assert.Single(await factory.Services.GetRequiredService<DeviceRegistrationService>().RegisterAsync(TestTenant.Id,
            [RegistrationValidator.Prepare(new RegistrationRequest(2, null, null, hash, null))], dryRun: false));
        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        return outcome.AutopilotDeviceId!.Value;
    }
}
