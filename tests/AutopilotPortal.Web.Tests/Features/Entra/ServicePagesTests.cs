using AutopilotPortal.Core.Intune;
using AutopilotPortal.Web.Features.Entra;
using AutopilotPortal.Web.Features.Intune;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Features.Entra;

public sealed class ServicePagesTests : PortalComponentTest
{
    [Fact]
    public async Task EntraDevicesListsTheRegisteredObjectsDisabledAndLinkedToTheirAutopilotDevice()
    {
        var devices = await SeedDevicesAsync(3, firstSeed: 60);
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo($"/entra-devices?search={devices[1].SerialNumber}");
        RenderProviders();

        var cut = Render<EntraDevicesPage>();

        cut.WaitForElement($"[data-testid='entra-name-{devices[1].SerialNumber}']", Wait);
        Assert.Single(cut.FindAll("[data-testid^=entra-name-]"));
        Assert.Equal("No", cut.Find($"[data-testid='entra-enabled-{devices[1].SerialNumber}']").TextContent.Trim());
        Assert.Equal($"/devices?device={devices[1].Id}", cut.Find($"[data-testid='entra-autopilot-{devices[1].SerialNumber}']").GetAttribute("href"));
        Assert.Contains("[ZTDID]:", cut.Find("[data-testid=entra-table]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManagedDevicesSearchesBySerialPrefix()
    {
        await QueryAsync(async db =>
        {
            foreach (var serial in new[] { "MD-1001", "MD-1002", "XY-2001" })
            {
                db.ManagedDevices.Add(new ManagedDevice { Id = Guid.NewGuid(), TenantId = TempDatabase.TenantId, DeviceName = $"PC-{serial}", SerialNumber = serial, EnrolledDateTime = DateTime.UtcNow });
            }

            return await db.SaveChangesAsync();
        });
        Services.GetRequiredService<NavigationManager>().NavigateTo("/managed-devices?search=MD-");
        RenderProviders();

        var cut = Render<ManagedDevicesPage>();

        cut.WaitForElements("[data-testid^=managed-name-]", 2, Wait);
        Assert.Equal("PC-MD-1001", cut.Find("[data-testid=managed-name-MD-1001]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=managed-name-XY-2001]"));
    }
}
