using System.Net;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph.Models.ODataErrors;

namespace AutopilotPortal.Web.Tests.Graph;

/// <summary>Managed devices as a decommission script finds and deletes them, through the Graph SDK.</summary>
public sealed class GraphManagedDeviceTests(PortalWebApplicationFactory factory) : IClassFixture<PortalWebApplicationFactory>
{
    [Fact]
    public async Task FoundBySerialAndWindowsThenDeletedAndAnotherFilterIsRefused()
    {
        var ids = new List<Guid>();
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            foreach (var serial in new[] { "MD-0001", "MD-0002", "MD-0003" })
            {
                var device = new ManagedDevice { Id = Guid.NewGuid(), TenantId = TestTenant.Id, DeviceName = $"PC-{serial}", SerialNumber = serial, EnrolledDateTime = DateTime.UtcNow };
                db.ManagedDevices.Add(device);
                ids.Add(device.Id);
            }

            await db.SaveChangesAsync();
        }

        var graph = await GraphClients.SdkAsync(factory, PortalRole.Admin);

        var found = await graph.DeviceManagement.ManagedDevices.GetAsync(r => r.QueryParameters.Filter = "serialNumber eq 'MD-0002' and operatingSystem eq 'Windows'");
        var mac = await graph.DeviceManagement.ManagedDevices.GetAsync(r => r.QueryParameters.Filter = "operatingSystem eq 'macOS'");
        var paged = await graph.DeviceManagement.ManagedDevices.GetAsync(r => r.QueryParameters.Top = 1);
        await graph.DeviceManagement.ManagedDevices[ids[1].ToString()].DeleteAsync();
        var gone = await Assert.ThrowsAsync<ODataError>(() => graph.DeviceManagement.ManagedDevices[ids[1].ToString()].GetAsync());
        var refused = await Assert.ThrowsAsync<ODataError>(() => graph.DeviceManagement.ManagedDevices.GetAsync(r => r.QueryParameters.Filter = "deviceName eq 'PC-MD-0001'"));

        var one = Assert.Single(found!.Value!);
        Assert.Equal("PC-MD-0002", one.DeviceName);
        Assert.Equal("Windows", one.OperatingSystem);
        Assert.Empty(mac!.Value!);
        Assert.Single(paged!.Value!);
        Assert.NotNull(paged.OdataNextLink);
        Assert.Equal((int)HttpStatusCode.NotFound, gone.ResponseStatusCode);
        Assert.Equal((int)HttpStatusCode.BadRequest, refused.ResponseStatusCode);
    }
}
