using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Sync;
using AutopilotPortal.Tests.Shared;
using AutopilotPortal.Web.Features.Devices;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AutopilotPortal.Web.Tests.Features.Devices;

public sealed class SyncButtonTests : PortalComponentTest
{
    [Fact]
    public async Task SyncStartsASyncAndTheStatusShowsItsTimeWhenItHasFinished()
    {
        await SeedDevicesAsync(2);
        RenderProviders();
        var cut = Render<DevicesPage>();
        cut.WaitForAssertion(() => Assert.Equal("Never synced", cut.Find("[data-testid=devices-sync-status]").TextContent.Trim()), Wait);
        Assert.Equal("Sync with the deployment service", cut.Find("[data-testid=devices-sync]").GetAttribute("aria-label"));

        // A live region: a screen reader hears the status change when a sync starts and ends.
        Assert.Equal("status", cut.Find("[data-testid=devices-sync-status]").GetAttribute("role"));
        Assert.Equal("polite", cut.Find("[data-testid=devices-sync-status]").GetAttribute("aria-live"));

        await cut.Find("[data-testid=devices-sync]").ClickAsync(new());

        Assert.Contains("Sync started", Messages());
        cut.WaitForAssertion(() => Assert.StartsWith("Last sync ", cut.Find("[data-testid=devices-sync-status]").TextContent.Trim()), Wait);
        var settings = await Services.GetRequiredService<SyncService>().GetSettingsAsync(Caller);
        Assert.Equal(SyncStatus.Completed, settings.SyncStatus);
        var viewer = Services.GetRequiredService<Shared.ViewerClock>();
        Assert.Equal($"Last sync {viewer.Format(settings.LastSyncDateTime)} ({viewer.Relative(settings.LastSyncDateTime!.Value)}) · completed", cut.Find("[data-testid=devices-sync-status]").TextContent.Trim());
    }

    [Fact]
    public async Task ASecondSyncWithinTenMinutesSaysWhenItBecomesAvailable()
    {
        var sync = Services.GetRequiredService<SyncService>();
        var first = await sync.RequestSyncAsync(Caller);
        await first.Completion;
        var settings = await sync.GetSettingsAsync(Caller);
        RenderProviders();
        var cut = Render<SyncButton>();
        cut.WaitForAssertion(() => Assert.StartsWith("Last sync ", cut.Find("[data-testid=devices-sync-status]").TextContent.Trim()), Wait);

        await cut.Find("[data-testid=devices-sync]").ClickAsync(new());

        var available = settings.LastManualSyncTriggerDateTime!.Value.AddMinutes(10);
        var viewer = Services.GetRequiredService<Shared.ViewerClock>();
        Assert.Contains($"Synced recently; you can sync again at {viewer.Format(available)} (in 10 minutes)", Messages());
    }

    [Fact]
    public async Task WhileAnotherInstanceSyncsTheButtonIsDisabledAndTheStatusSaysInProgress()
    {
        await QueryAsync(async db =>
        {
            db.AutopilotSettings.Add(new AutopilotSettings
            {
                TenantId = TestTenant.Id, SyncStatus = SyncStatus.InProgress, LeaseOwner = "another-instance", LeaseExpiresAt = DateTime.UtcNow.AddMinutes(5),
            });
            return await db.SaveChangesAsync();
        });
        RenderProviders();

        var cut = Render<SyncButton>();

        cut.WaitForAssertion(() => Assert.Equal("Sync in progress…", cut.Find("[data-testid=devices-sync-status]").TextContent.Trim()), Wait);
        Assert.True(cut.Find("[data-testid=devices-sync]").HasAttribute("disabled"));
        var request = await Services.GetRequiredService<SyncService>().RequestSyncAsync(Caller);
        Assert.Equal(SyncRequestKind.InProgress, request.Kind);
    }

    [Fact]
    public void AReaderSeesTheLastSyncButNoSyncButton()
    {
        Caller = PortalCaller.WithRoles("rita@contoso.com", PortalRole.Reader);
        RenderProviders();

        var cut = Render<SyncButton>();

        cut.WaitForAssertion(() => Assert.Equal("Never synced", cut.Find("[data-testid=devices-sync-status]").TextContent.Trim()), Wait);
        Assert.Empty(cut.FindAll("[data-testid=devices-sync]"));
    }

    private List<string> Messages() => Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message ?? string.Empty).ToList();
}
