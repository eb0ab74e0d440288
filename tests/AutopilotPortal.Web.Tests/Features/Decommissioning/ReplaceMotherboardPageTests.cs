using AutopilotPortal.Core.Decommissioning;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Web.Features.Decommissioning;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Web.Tests.Features.Decommissioning;

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

        page.WaitForElement("#replace-hash", Wait).Input(NewBoard(device.Hardware, seed: 73).Build());
        page.Find("[data-testid=replace-next]").Click();
        page.WaitForElement("[data-testid=replace-confirm]", Wait);

        Assert.Empty(page.FindAll("[data-testid=replace-differences]"));
        Assert.Equal(device.Hardware.Manufacturer, page.Find("[data-testid=replace-new-manufacturer]").TextContent.Trim());
        page.Find("[data-testid=replace-confirm]").Click();
        page.WaitForElement("[data-testid=replace-started]", Wait);
        var started = await QueryAsync(db => db.Decommissions.Include(d => d.Steps).SingleAsync());
        Assert.Equal(DecommissionKind.MotherboardReplacement, started.Kind);
        Assert.Equal(device.Id, started.AutopilotDeviceId);
        Assert.Equal([DecommissionStepKind.IntuneManagedDevice, DecommissionStepKind.AutopilotRegistration, DecommissionStepKind.EntraObject, DecommissionStepKind.RegisterReplacement],
            started.Steps.OrderBy(s => s.Order).Select(s => s.Kind));
    }

    [Fact]
    public async Task AVirtualMachinesHashForAPhysicalDeviceIsShownBesideItAndWarnedOfBeforeItCanBeConfirmed()
    {
        var device = (await SeedDevicesAsync(1, firstSeed: 74)).Single();
        var vm = HardwareHashBuilder.Synthetic(new Random(75));
        vm.Manufacturer = "VMware, Inc.";
        vm.Model = "VMware20,1";
        vm.SerialNumber = "VMware-56 4d 1a";
        vm.TpmVersion = null;
        RenderProviders();
        var page = Render<ReplaceMotherboardPage>(p => p.Add(x => x.DeviceId, device.Id));

        page.WaitForElement("#replace-hash", Wait).Input(vm.Build());
        page.Find("[data-testid=replace-next]").Click();
        var differences = page.WaitForElement("[data-testid=replace-differences]", Wait).TextContent;

        Assert.Contains("Virtual machine (VMware)", page.Find("[data-testid=replace-new-kind]").TextContent, StringComparison.Ordinal);
        Assert.Equal("None", page.Find("[data-testid=replace-new-tpm]").TextContent.Trim());
        Assert.Contains("a board replacement never makes a virtual machine", differences, StringComparison.Ordinal);
        Assert.Contains("The manufacturer differs", differences, StringComparison.Ordinal);
        Assert.Contains("The TPM differs", differences, StringComparison.Ordinal);
        Assert.True(page.Find("[data-testid=replace-confirm]").HasAttribute("disabled"));

        page.Find("[data-testid=replace-differences] input[type=checkbox]").Change(true);
        page.WaitForAssertion(() => Assert.False(page.Find("[data-testid=replace-confirm]").HasAttribute("disabled")), Wait);
        Assert.Equal(0, await QueryAsync(db => db.Decommissions.CountAsync()));
    }

    [Fact]
    public async Task AHashThatDoesNotDecodeIsRefusedBeforeTheConfirmation()
    {
        var device = (await SeedDevicesAsync(1, firstSeed: 76)).Single();
        RenderProviders();
        var page = Render<ReplaceMotherboardPage>(p => p.Add(x => x.DeviceId, device.Id));

        page.WaitForElement("#replace-hash", Wait).Input("not a hash");
        page.Find("[data-testid=replace-next]").Click();

        Assert.Contains("The new hardware hash is not valid", page.WaitForElement("[data-testid=replace-error]", Wait).TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-testid=replace-confirm]"));
    }

    /// <summary>The same device with a new board: new SMBIOS UUID and TPM, same maker, model and serial.</summary>
    private static HardwareHashBuilder NewBoard(HardwareHashBuilder old, int seed)
    {
        var board = HardwareHashBuilder.Synthetic(new Random(seed));
        board.Manufacturer = old.Manufacturer;
        board.Model = old.Model;
        board.SerialNumber = old.SerialNumber;
        board.TpmVersion = old.TpmVersion;
        return board;
    }
}
