using AutopilotPortal.Core.Entra;
using AutopilotPortal.Web.Features.Devices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Features.Devices;

public sealed class DeviceDetailsPaneTests : PortalComponentTest
{
    [Fact]
    public async Task PaneShowsPropertiesHardwareZtdidAndTheDisabledEntraObject()
    {
        var device = (await SeedDevicesAsync(1, firstSeed: 11, groupTag: "Finance")).Single();
        var stored = await QueryAsync(db => db.AutopilotDevices.SingleAsync(d => d.Id == device.Id));
        RenderProviders();

        var cut = Render<DeviceDetailsPane>(p => p.Add(x => x.DeviceId, device.Id));

        cut.WaitForElement("[data-testid=device-hardware]", Wait);
        Assert.Equal(device.SerialNumber, cut.Find("[data-testid=device-pane-title]").TextContent.Trim());
        Assert.Equal(device.SerialNumber, Prop(cut, "serial"));
        Assert.Equal(device.Hardware.Manufacturer, Prop(cut, "manufacturer"));
        Assert.Equal(device.Hardware.Model, Prop(cut, "model"));
        Assert.Equal("Finance", Prop(cut, "group-tag"));
        Assert.Equal("Not assigned", Prop(cut, "profile-status"));
        Assert.Equal("Not contacted", Prop(cut, "enrollment-state"));
        Assert.Equal(stored.Ztdid.ToString(), Prop(cut, "ztdid"));

        Assert.Equal(device.Hardware.SmbiosUuid.ToString(), Prop(cut, "hw-uuid"));
        Assert.Equal("TPM 2.0", Prop(cut, "hw-tpm"));
        Assert.Equal("Physical", Prop(cut, "hw-machine"));
        Assert.Equal(device.SerialNumber, Prop(cut, "hw-serial"));

        Assert.StartsWith("No", Prop(cut, "entra-enabled"), StringComparison.Ordinal);
        Assert.Equal(stored.AzureActiveDirectoryDeviceId.ToString(), Prop(cut, "entra-device-id-2"));
        var physicalIds = cut.FindAll("[data-testid=entra-physical-ids] li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Contains($"{PhysicalIds.ZtdidPrefix}{stored.Ztdid:D}", physicalIds);
        Assert.Contains($"{PhysicalIds.OrderIdPrefix}Finance", physicalIds);
        Assert.Contains(physicalIds, id => id.StartsWith(PhysicalIds.HwidPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public void PaneForAnUnknownDeviceSaysItNoLongerExists()
    {
        RenderProviders();

        var cut = Render<DeviceDetailsPane>(p => p.Add(x => x.DeviceId, Guid.NewGuid()));

        cut.WaitForElement("[data-testid=device-pane-not-found]", Wait);
    }

    [Fact]
    public async Task EditingTheDeviceNameToAnInvalidValueShowsTheErrorInTheDialogAndKeepsItOpen()
    {
        var device = (await SeedDevicesAsync(1, firstSeed: 12)).Single();
        var dialogs = RenderProviders();
        var cut = Render<DeviceDetailsPane>(p => p.Add(x => x.DeviceId, device.Id));
        var edit = cut.WaitForElement("[data-testid=pane-edit-name]", Wait);

        // Not awaited: the handler waits for the dialog to close.
        edit.Click();
        var input = dialogs.WaitForElement("#edit-value", Wait);
        input.Input("SALES-LAPTOP-00042");
        dialogs.Find("[data-testid=edit-save]").Click();

        dialogs.WaitForAssertion(
            () => Assert.Contains("has 18 characters; Windows allows at most 15", dialogs.Find(".mud-input-error").TextContent, StringComparison.Ordinal),
            Wait);
        Assert.NotNull(dialogs.Find("[data-testid=edit-value]"));
        Assert.Contains("Edit device name", dialogs.Markup, StringComparison.Ordinal);
        Assert.Null(await QueryAsync(db => db.AutopilotDevices.Where(d => d.Id == device.Id).Select(d => d.DisplayName).SingleAsync()));
        Assert.Equal("—", Prop(cut, "device-name"));
    }

    [Fact]
    public async Task AssigningAUserFindsThemInTheDirectoryAndSavesTheirUpn()
    {
        var device = (await SeedDevicesAsync(1, firstSeed: 13)).Single();
        await Services.GetRequiredService<Core.Accounts.LocalUserService>().CreateAsync(Caller, "megan.bowen", Core.Security.PortalRole.Reader, null);
        await Services.GetRequiredService<Core.Accounts.LocalUserService>().CreateAsync(Caller, "alex@fabrikam.com", Core.Security.PortalRole.Reader, null);
        // The list of matches opens in the popover provider, beside the dialog.
        var popovers = Render<MudBlazor.MudPopoverProvider>();
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var cut = Render<DeviceDetailsPane>(p => p.Add(x => x.DeviceId, device.Id));

        cut.WaitForElement("[data-testid=pane-edit-user]", Wait).Click();
        dialogs.WaitForElement("#assign-user-search", Wait);

        // Assign with nobody chosen: the dialog says what to do and stays.
        dialogs.Find("[data-testid=assign-user-save]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Choose a user from the list", dialogs.Markup, StringComparison.Ordinal), Wait);

        dialogs.Find("#assign-user-search").Input("fabri");
        var option = popovers.WaitForElement("[data-testid='assign-user-option-alex@fabrikam.com']", Wait);
        Assert.Empty(popovers.FindAll("[data-testid^='assign-user-option-megan']"));
        option.Click();
        dialogs.WaitForAssertion(() => Assert.Equal("alex@fabrikam.com", dialogs.Find("#assign-user-search").GetAttribute("value")), Wait);
        dialogs.Find("[data-testid=assign-user-save]").Click();

        cut.WaitForAssertion(() => Assert.Equal("alex@fabrikam.com", Prop(cut, "assigned-user")), Wait);
        Assert.Equal("alex@fabrikam.com", await QueryAsync(db => db.AutopilotDevices.Where(d => d.Id == device.Id).Select(d => d.UserPrincipalName).SingleAsync()));

        // Unassign, from the same dialog.
        cut.Find("[data-testid=pane-edit-user]").Click();
        dialogs.WaitForElement("[data-testid=assign-user-unassign]", Wait).Click();
        cut.WaitForAssertion(() => Assert.Equal("—", Prop(cut, "assigned-user")), Wait);
    }

    private static string Prop(IRenderedComponent<DeviceDetailsPane> cut, string testId) =>
        cut.Find($"[data-testid=prop-{testId}]").TextContent.Trim();
}
