using System.Net;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace AutopilotPortal.Web.Tests.Graph;

/// <summary>The API as Microsoft's Graph SDK for .NET calls it, pointed at the portal's beta root.</summary>
public sealed class GraphSdkTests(GraphApiFactory factory) : IClassFixture<GraphApiFactory>
{
    [Fact]
    public async Task ThePageIteratorWalksEveryDeviceOnceThroughNextLinks()
    {
        var ids = await factory.DevicesAsync();
        var graph = await GraphClients.SdkAsync(factory, PortalRole.Reader);

        var first = await graph.DeviceManagement.WindowsAutopilotDeviceIdentities.GetAsync(r => r.QueryParameters.Top = 4);
        var seen = new List<string>();
        var iterator = PageIterator<WindowsAutopilotDeviceIdentity, WindowsAutopilotDeviceIdentityCollectionResponse>
            .CreatePageIterator(graph, first!, device => { seen.Add(device.Id!); return true; });
        await iterator.IterateAsync();

        Assert.Equal(ids.Select(i => i.ToString()).Order(), seen.Order());
        Assert.NotNull(first!.OdataNextLink);
        Assert.StartsWith("http://localhost/beta/deviceManagement/windowsAutopilotDeviceIdentities?", first.OdataNextLink, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFilterBySerialFindsTheDeviceWithGraphsPropertiesAndEnums()
    {
        var ids = await factory.DevicesAsync();
        var graph = await GraphClients.SdkAsync(factory, PortalRole.Reader);
        var one = await graph.DeviceManagement.WindowsAutopilotDeviceIdentities[ids[3].ToString()].GetAsync();

        var found = await graph.DeviceManagement.WindowsAutopilotDeviceIdentities.GetAsync(r =>
            r.QueryParameters.Filter = $"contains(serialNumber,'{one!.SerialNumber![1..6]}')");

        var device = Assert.Single(found!.Value!, d => d.Id == one!.Id);
        Assert.Equal(one!.SerialNumber, device.SerialNumber);
        Assert.Equal("Tagged", device.GroupTag);
        Assert.Equal(EnrollmentState.NotContacted, device.EnrollmentState);
        Assert.Equal(DateTimeOffset.MinValue.ToUniversalTime(), device.LastContactedDateTime);
    }

    [Fact]
    public async Task UpdateDevicePropertiesSetsTheTagAndAnUnknownIdIsAGraph404()
    {
        var ids = await factory.DevicesAsync();
        var graph = await GraphClients.SdkAsync(factory, PortalRole.HelpDesk);

        await graph.DeviceManagement.WindowsAutopilotDeviceIdentities[ids[0].ToString()].UpdateDeviceProperties
            .PostAsync(new Microsoft.Graph.DeviceManagement.WindowsAutopilotDeviceIdentities.Item.UpdateDeviceProperties.UpdateDevicePropertiesPostRequestBody { GroupTag = "Kiosk" });
        var changed = await graph.DeviceManagement.WindowsAutopilotDeviceIdentities[ids[0].ToString()].GetAsync();
        var missing = await Assert.ThrowsAsync<ODataError>(() => graph.DeviceManagement.WindowsAutopilotDeviceIdentities[Guid.NewGuid().ToString()].GetAsync());

        Assert.Equal("Kiosk", changed!.GroupTag);
        Assert.Equal((int)HttpStatusCode.NotFound, missing.ResponseStatusCode);
        Assert.Equal("ResourceNotFound", missing.Error!.Code);
    }

    [Fact]
    public async Task AReaderCannotEditAndGetsAGraph403()
    {
        var ids = await factory.DevicesAsync();
        var graph = await GraphClients.SdkAsync(factory, PortalRole.Reader);

        var refused = await Assert.ThrowsAsync<ODataError>(() => graph.DeviceManagement.WindowsAutopilotDeviceIdentities[ids[1].ToString()].UpdateDeviceProperties
            .PostAsync(new Microsoft.Graph.DeviceManagement.WindowsAutopilotDeviceIdentities.Item.UpdateDeviceProperties.UpdateDevicePropertiesPostRequestBody { GroupTag = "Nope" }));

        Assert.Equal((int)HttpStatusCode.Forbidden, refused.ResponseStatusCode);
        Assert.Equal("Authorization_RequestDenied", refused.Error!.Code);
    }
}

/// <summary>A portal with twelve devices, and Graph SDK clients for it.</summary>
public sealed class GraphApiFactory : PortalWebApplicationFactory
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Guid[]? _devices;

    /// <summary>The twelve devices (registered once), tagged "Tagged".</summary>
    public async Task<Guid[]> DevicesAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_devices is null)
            {
                var rows = Enumerable.Range(0, 12)
                    .Select(n => RegistrationValidator.Prepare(new RegistrationRequest(n + 2, null, null, HardwareHashBuilder.Synthetic(new Random(4200 + n)).Build(), "Tagged")))
                    .ToList();
                var outcomes = await Services.GetRequiredService<DeviceRegistrationService>().RegisterAsync(TestTenant.Id, rows, dryRun: false);
                _devices = outcomes.Select(o => o.AutopilotDeviceId ?? throw new InvalidOperationException(o.Error?.Message)).ToArray();
            }

            return _devices;
        }
        finally
        {
            _gate.Release();
        }
    }
}
