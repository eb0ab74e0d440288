using AutopilotPortal.Core.Security;
using AutopilotPortal.Web.Features.Entra;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Features.Entra;

public sealed class DeleteEntraObjectTests : PortalComponentTest
{
    [Fact]
    public async Task DeletingARegisteredDevicesObjectWarnsOfTheZtdidMismatchAndRemovesItOnlyWhenConfirmed()
    {
        var device = (await SeedDevicesAsync(1, firstSeed: 81)).Single();
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/entra-devices?search={device.SerialNumber}");
        var dialogs = RenderProviders();
        var cut = Render<EntraDevicesPage>();
        cut.WaitForElement($"[data-testid='entra-name-{device.SerialNumber}']", Wait);

        cut.Find("[data-testid=delete-entra-object]").Click();
        var warning = dialogs.WaitForElement("[data-testid=delete-entra-warning]", Wait);
        Assert.Contains("self-deploying and pre-provisioning then fail with a ZTDID mismatch", warning.TextContent, StringComparison.Ordinal);
        Assert.Contains("user-driven deployment creates a new object without the ZTDID", warning.TextContent, StringComparison.Ordinal);
        dialogs.Find("[data-testid=delete-entra-cancel]").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=delete-entra-dialog]")), Wait);
        Assert.Equal(1, await QueryAsync(db => db.DirectoryDevices.CountAsync()));

        cut.Find("[data-testid=delete-entra-object]").Click();
        dialogs.WaitForElement("[data-testid=delete-entra-confirm]", Wait).Click();

        cut.WaitForElement("[data-testid=entra-empty]", Wait);
        Assert.Equal(0, await QueryAsync(db => db.DirectoryDevices.CountAsync()));
        Assert.Null(await QueryAsync(db => db.AutopilotDevices.Where(d => d.Id == device.Id).Select(d => d.DirectoryObjectId).SingleAsync()));
    }

    [Fact]
    public async Task HelpDeskHasNoDeleteButton()
    {
        var device = (await SeedDevicesAsync(1, firstSeed: 82)).Single();
        Caller = PortalCaller.WithRoles("hal", PortalRole.HelpDesk);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/entra-devices?search={device.SerialNumber}");
        RenderProviders();

        var cut = Render<EntraDevicesPage>();

        cut.WaitForElement($"[data-testid='entra-name-{device.SerialNumber}']", Wait);
        Assert.Empty(cut.FindAll("[data-testid=delete-entra-object]"));
    }
}
