using AutopilotPortal.Core.Decommissioning;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Web.Features.Decommission;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Web.Tests.Features.Decommission;

public sealed class ReplaceMotherboardPageTests : PortalComponentTest
{
    [Fact]
    public async Task TheOldBoardsHashIsRefusedWithTheReasonAndStartsNothing()
    {
        var device = (await SeedDevicesAsync(1, firstSeed: 71)).Single();
        RenderProviders();
        var page = Render<ReplaceMotherboardPage>(p => p.Add(x => x.DeviceId, device.Id));

        Assert.Contains("SMBIOS UUID", page.WaitForElement("[data-testid=replace-explanation]", Wait).TextContent, StringComparison.Ordinal);
        page.Find("#replace-hash").Input(device.Hardware.Build());
        page.Find("[data-testid=replace-next]").Click();
        page.WaitForElement("[data-testid=replace-confirm]", Wait).Click();

        var error = page.WaitForElement("[data-testid=replace-error]", Wait);
        Assert.Contains("old motherboard's hash", error.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await QueryAsync(db => db.Decommissions.CountAsync()));
    }

    [Fact]
    public async Task ANewHashStartsTheDecommissionOfTheOldRecordAndTheRegistrationOfTheNewOne()
    {
        var device = (await SeedDevicesAsync(1, firstSeed: 72)).Single();
        RenderProviders();
        var page = Render<ReplaceMotherboardPage>(p => p.Add(x => x.DeviceId, device.Id));

        page.WaitForElement("#replace-hash", Wait).Input(HardwareHashBuilder.Synthetic(new Random(73)).Build());
        page.Find("[data-testid=replace-next]").Click();
        page.WaitForElement("[data-testid=replace-confirm]", Wait).Click();

        page.WaitForElement("[data-testid=replace-started]", Wait);
        var started = await QueryAsync(db => db.Decommissions.Include(d => d.Steps).SingleAsync());
        Assert.Equal(DecommissionKind.MotherboardReplacement, started.Kind);
        Assert.Equal(device.Id, started.AutopilotDeviceId);
        Assert.Equal([DecommissionStepKind.IntuneManagedDevice, DecommissionStepKind.AutopilotRegistration, DecommissionStepKind.EntraObject, DecommissionStepKind.RegisterReplacement],
            started.Steps.OrderBy(s => s.Order).Select(s => s.Kind));
    }
}
