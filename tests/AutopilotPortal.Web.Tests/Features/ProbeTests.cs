using AutopilotPortal.Web.Features.Devices;

namespace AutopilotPortal.Web.Tests.Features;

public sealed class ProbeTests : PortalComponentTest
{
    [Fact]
    public async Task Probe()
    {
        await SeedDevicesAsync(3);
        RenderProviders();
        var cut = Render<DevicesPage>();
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("tr.device-row").Count), Wait);
        File.WriteAllText("/tmp/devices.html", cut.Markup);
    }
}
