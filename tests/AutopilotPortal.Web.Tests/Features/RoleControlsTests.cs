using AutopilotPortal.Core;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Web.Features.Devices;
using AutopilotPortal.Web.Features.Import;
using AutopilotPortal.Web.Features.Users;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Features;

/// <summary>Pages hide what the caller's role may not do (the service library refuses it anyway).</summary>
public sealed class RoleControlsTests : PortalComponentTest
{
    [Fact]
    public async Task AReaderSeesExportButNoEditImportOrSelection()
    {
        await SeedDevicesAsync(2);
        Caller = PortalCaller.WithRoles("rita", PortalRole.Reader);
        RenderProviders();

        var cut = Render<DevicesPage>();

        cut.WaitForElements("[data-testid^=device-serial-]", 2, Wait);
        Assert.NotNull(cut.Find("[data-testid=devices-export]"));
        Assert.Empty(cut.FindAll("[data-testid=devices-edit-group-tag]"));
        Assert.Empty(cut.FindAll("[data-testid=devices-import]"));
        Assert.Empty(cut.FindAll("input[type=checkbox]"));
        Assert.Empty(cut.FindAll("[data-testid=devices-sync]"));
        Assert.NotNull(cut.Find("[data-testid=devices-sync-status]"));
    }

    [Fact]
    public async Task HelpDeskSeesEditButNoExportOrImport()
    {
        await SeedDevicesAsync(1);
        Caller = PortalCaller.WithRoles("hal", PortalRole.HelpDesk);
        RenderProviders();

        var cut = Render<DevicesPage>();

        cut.WaitForElements("[data-testid^=device-serial-]", 1, Wait);
        Assert.NotNull(cut.Find("[data-testid=devices-edit-group-tag]"));
        Assert.NotNull(cut.Find("[data-testid=devices-sync]"));
        Assert.Empty(cut.FindAll("[data-testid=devices-export]"));
        Assert.Empty(cut.FindAll("[data-testid=devices-import]"));
    }

    [Fact]
    public async Task AReaderOpensADeviceWithoutItsEditButtons()
    {
        var device = (await SeedDevicesAsync(1))[0];
        Caller = PortalCaller.WithRoles("rita", PortalRole.Reader);

        var cut = Render<DeviceDetailsPane>(p => p.Add(x => x.DeviceId, device.Id));

        cut.WaitForElement("[data-testid=device-properties]", Wait);
        Assert.Empty(cut.FindAll("[data-testid=pane-actions]"));
        Assert.Empty(cut.FindAll("[data-testid=pane-edit-group-tag]"));
    }

    [Fact]
    public void HelpDeskOpeningTheImportPageIsToldPlainlyAndGetsNoDropZone()
    {
        Caller = PortalCaller.WithRoles("hal", PortalRole.HelpDesk);

        var cut = Render<ImportPage>();

        Assert.Contains("Your role (Help desk) does not allow you to import devices.", cut.Find("[data-testid=access-refused]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=import-dropzone]"));
    }

    [Fact]
    public void AReaderOpeningTheUsersPageIsRefused()
    {
        Caller = PortalCaller.WithRoles("rita", PortalRole.Reader);

        var cut = Render<UsersPage>();

        Assert.Contains("does not allow you to manage users", cut.Find("[data-testid=access-refused]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=users-table]"));
    }

    [Fact]
    public async Task AFileOverTheConfiguredUploadLimitIsRefusedNamingTheLimitAndItsSetting()
    {
        Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AutopilotPortal.Core.Import.ImportOptions>>().Value.MaxFileBytes = 2048;
        RenderProviders();
        var cut = Render<ImportPage>();

        cut.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(new byte[5000], "too-big.csv"));

        var error = cut.WaitForElement("[data-testid=import-error]", Wait);
        Assert.Contains("too-big.csv is 4.9 KB", error.TextContent, StringComparison.Ordinal);
        Assert.Contains("2 KB", error.TextContent, StringComparison.Ordinal);
        Assert.Contains("Import:MaxFileBytes", error.TextContent, StringComparison.Ordinal);
        Assert.Equal(0, await QueryAsync(db => db.ImportJobs.CountAsync()));
    }
}
