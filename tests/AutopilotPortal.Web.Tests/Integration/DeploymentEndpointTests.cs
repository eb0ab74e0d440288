using System.Net;
using System.Text.Json;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Integration;

public sealed class DeploymentEndpointTests(PortalWebApplicationFactory factory) : IClassFixture<PortalWebApplicationFactory>
{
    [Fact]
    public async Task AnAdministratorSimulatesThroughTheApiAndGetsTheEventBack()
    {
        var deviceId = await RegisterAsync(seed: 71);
        using var admin = factory.CreateClientAs("admin", PortalRoles.Admin);

        using var response = await admin.PostAsync($"/api/devices/{deviceId}/simulate-deployment", content: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("noProfile", json.RootElement.GetProperty("result").GetString());
        Assert.Equal(deviceId, json.RootElement.GetProperty("autopilotDeviceId").GetGuid());
        Assert.StartsWith("No profile: normal OOBE.", json.RootElement.GetProperty("failureReason").GetString(), StringComparison.Ordinal);
        Assert.True(json.RootElement.GetProperty("steps").GetArrayLength() >= 3);

        using var list = await admin.GetAsync($"/api/devices/{deviceId}/deployment-events");
        using var events = JsonDocument.Parse(await list.Content.ReadAsStringAsync());
        Assert.Equal(json.RootElement.GetProperty("id").GetGuid(), events.RootElement.GetProperty("value")[0].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task HelpDeskIsForbiddenAndAnUnknownDeviceIsNotFound()
    {
        var deviceId = await RegisterAsync(seed: 72);
        using var helpDesk = factory.CreateClientAs("hal@contoso.com", PortalRoles.HelpDesk);
        using var admin = factory.CreateClientAs("admin", PortalRoles.Admin);

        using var refused = await helpDesk.PostAsync($"/api/devices/{deviceId}/simulate-deployment", content: null);
        using var missing = await admin.PostAsync($"/api/devices/{Guid.NewGuid()}/simulate-deployment", content: null);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("simulate deployments", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
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
