using System.Net;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph.Models.ODataErrors;

namespace AutopilotPortal.Web.Tests.Graph;

/// <summary>Entra device objects as scripts find Autopilot's, through the Graph SDK.</summary>
public sealed class GraphDirectoryDeviceTests(PortalWebApplicationFactory factory) : IClassFixture<PortalWebApplicationFactory>
{
    [Fact]
    public async Task FoundByNameZtdidAndOrderIdThenDeletedAndAFilterNoIndexServesIsRefused()
    {
        var rows = Enumerable.Range(0, 3)
            .Select(n => RegistrationValidator.Prepare(new RegistrationRequest(n + 2, null, null, HardwareHashBuilder.Synthetic(new Random(4500 + n)).Build(), n == 0 ? "Lab4500-other" : "Lab4500")))
            .ToList();
        var outcomes = await factory.Services.GetRequiredService<DeviceRegistrationService>().RegisterAsync(TestTenant.Id, rows, dryRun: false);
        var graph = await GraphClients.SdkAsync(factory, PortalRole.Admin);
        var serial = outcomes[1].SerialNumber!;

        var byName = await graph.Devices.GetAsync(r => r.QueryParameters.Filter = $"displayName eq '{serial}'");
        var byZtdid = await graph.Devices.GetAsync(r => r.QueryParameters.Filter = $"physicalIds/any(p:p eq '[ZTDID]:{outcomes[1].Ztdid}')");
        var autopilot = await graph.Devices.GetAsync(r => r.QueryParameters.Filter = "physicalIds/any(p:startswith(p,'[ZTDID]')) and operatingSystem eq 'Windows'");
        var osAlone = await Assert.ThrowsAsync<ODataError>(() => graph.Devices.GetAsync(r => r.QueryParameters.Filter = "operatingSystem eq 'Windows'"));
        var byOrderId = await graph.Devices.GetAsync(r => r.QueryParameters.Filter = "physicalIds/any(p:p eq '[OrderID]:Lab4500')");
        var hwid = await Assert.ThrowsAsync<ODataError>(() => graph.Devices.GetAsync(r => r.QueryParameters.Filter = "physicalIds/any(p:startswith(p,'[HWID]'))"));

        var one = Assert.Single(byName!.Value!);
        Assert.Equal(one.Id, Assert.Single(byZtdid!.Value!).Id);
        Assert.Contains($"[ZTDID]:{outcomes[1].Ztdid}", one.PhysicalIds!);
        Assert.True(autopilot!.Value!.Count >= 3);
        Assert.Equal((int)HttpStatusCode.BadRequest, osAlone.ResponseStatusCode);
        Assert.Equal(new[] { outcomes[1].SerialNumber!, outcomes[2].SerialNumber! }.Order(StringComparer.Ordinal), byOrderId!.Value!.Select(d => d.DisplayName!).Order(StringComparer.Ordinal));
        Assert.All(byOrderId.Value!, d => Assert.Contains("[OrderId]:Lab4500", d.PhysicalIds!));
        Assert.Contains("no index", hwid.Error!.Message, StringComparison.Ordinal);

        await graph.Devices[one.Id].DeleteAsync();
        var gone = await Assert.ThrowsAsync<ODataError>(() => graph.Devices[one.Id].GetAsync());
        Assert.Equal((int)HttpStatusCode.NotFound, gone.ResponseStatusCode);
    }

    [Fact]
    public async Task TheOrderIdFilterFollowsAGroupTagEdit()
    {
        var outcomes = await factory.Services.GetRequiredService<DeviceRegistrationService>().RegisterAsync(TestTenant.Id,
            [RegistrationValidator.Prepare(new RegistrationRequest(2, null, null, HardwareHashBuilder.Synthetic(new Random(4510)).Build(), "Retag4510-old"))], dryRun: false);
        using var http = await GraphClients.HttpAsync(factory, PortalRole.HelpDesk);
        var graph = await GraphClients.SdkAsync(factory, PortalRole.Reader);

        using var edit = await http.PostAsync($"/beta/deviceManagement/windowsAutopilotDeviceIdentities/{outcomes[0].AutopilotDeviceId}/updateDeviceProperties",
            new StringContent("{ groupTag: \"Retag4510-new\" }", System.Text.Encoding.UTF8, "application/json"));
        var old = await graph.Devices.GetAsync(r => r.QueryParameters.Filter = "physicalIds/any(p:p eq '[OrderId]:Retag4510-old')");
        var now = await graph.Devices.GetAsync(r => r.QueryParameters.Filter = "physicalIds/any(p:p eq '[OrderId]:Retag4510-new')");

        Assert.Equal(HttpStatusCode.NoContent, edit.StatusCode);
        Assert.Empty(old!.Value!);
        Assert.Equal(outcomes[0].SerialNumber, Assert.Single(now!.Value!).DisplayName);
    }

    [Fact]
    public async Task AtTheRootDevicesIsStillThePortalsPage()
    {
        using var browser = factory.CreateClientAs("ada@contoso.com", PortalRoles.Admin);

        using var page = await browser.GetAsync("/devices");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }
}
