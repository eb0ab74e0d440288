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
    public async Task FoundByNameAndZtdidThenDeletedAndAFilterNoIndexServesIsRefused()
    {
        var rows = Enumerable.Range(0, 3)
            .Select(n => RegistrationValidator.Prepare(new RegistrationRequest(n + 2, null, null, HardwareHashBuilder.Synthetic(new Random(4500 + n)).Build(), "Lab")))
            .ToList();
        var outcomes = await factory.Services.GetRequiredService<DeviceRegistrationService>().RegisterAsync(TestTenant.Id, rows, dryRun: false);
        var graph = await GraphClients.SdkAsync(factory, PortalRole.Admin);
        var serial = outcomes[1].SerialNumber!;

        var byName = await graph.Devices.GetAsync(r => r.QueryParameters.Filter = $"displayName eq '{serial}'");
        var byZtdid = await graph.Devices.GetAsync(r => r.QueryParameters.Filter = $"physicalIds/any(p:p eq '[ZTDID]:{outcomes[1].Ztdid}')");
        var autopilot = await graph.Devices.GetAsync(r => r.QueryParameters.Filter = "physicalIds/any(p:startswith(p,'[ZTDID]')) and operatingSystem eq 'Windows'");
        var osAlone = await Assert.ThrowsAsync<ODataError>(() => graph.Devices.GetAsync(r => r.QueryParameters.Filter = "operatingSystem eq 'Windows'"));
        var orderId = await Assert.ThrowsAsync<ODataError>(() => graph.Devices.GetAsync(r => r.QueryParameters.Filter = "physicalIds/any(p:p eq '[OrderId]:Lab')"));

        var one = Assert.Single(byName!.Value!);
        Assert.Equal(one.Id, Assert.Single(byZtdid!.Value!).Id);
        Assert.Contains($"[ZTDID]:{outcomes[1].Ztdid}", one.PhysicalIds!);
        Assert.True(autopilot!.Value!.Count >= 3);
        Assert.Equal((int)HttpStatusCode.BadRequest, osAlone.ResponseStatusCode);
        Assert.Contains("no index", orderId.Error!.Message, StringComparison.Ordinal);

        await graph.Devices[one.Id].DeleteAsync();
        var gone = await Assert.ThrowsAsync<ODataError>(() => graph.Devices[one.Id].GetAsync());
        Assert.Equal((int)HttpStatusCode.NotFound, gone.ResponseStatusCode);
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
