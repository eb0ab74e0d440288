using AutopilotPortal.Web.Layout;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AutopilotPortal.Web.Tests.Layout;

public sealed class NotificationAreaTests : PortalComponentTest
{
    [Fact]
    public async Task ToastsAreKeptAfterTheyFadeNewestFirstAndOpeningTheAreaReadsThem()
    {
        var dialogs = RenderProviders();
        var area = Render<NotificationArea>();
        var snackbar = Services.GetRequiredService<ISnackbar>();
        Assert.Equal("Notifications", area.Find("button").GetAttribute("aria-label"));

        await area.InvokeAsync(() => snackbar.Add("Import of devices.csv finished: 25 registered.", Severity.Success));
        await area.InvokeAsync(() => snackbar.Add("Synced recently; you can sync again later.", Severity.Warning));
        await area.InvokeAsync(snackbar.Clear);

        area.WaitForAssertion(() => Assert.Equal("Notifications, 2 new", area.Find("button").GetAttribute("aria-label")), Wait);
        Assert.Contains("2", area.Find(".mud-badge").TextContent, StringComparison.Ordinal);
        Assert.Equal(
            ["Synced recently; you can sync again later.", "Import of devices.csv finished: 25 registered."],
            Services.GetRequiredService<NotificationLog>().Entries.Select(e => e.Text));

        await area.Find("button").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Equal(2, dialogs.FindAll("[data-testid=notification]").Count), Wait);
        Assert.Contains("Synced recently", dialogs.FindAll("[data-testid=notification]")[0].TextContent, StringComparison.Ordinal);
        area.WaitForAssertion(() => Assert.Equal("Notifications", area.Find("button").GetAttribute("aria-label")), Wait);
    }

    [Fact]
    public async Task TheAreaKeepsTheLastTwentyOnly()
    {
        var log = Services.GetRequiredService<NotificationLog>();
        var snackbar = Services.GetRequiredService<ISnackbar>();
        var area = Render<NotificationArea>();
        for (var i = 1; i <= NotificationLog.Kept + 5; i++)
        {
            var text = $"Toast {i}";
            await area.InvokeAsync(() => snackbar.Add(text, Severity.Info));
            await area.InvokeAsync(snackbar.Clear);
        }

        Assert.Equal(NotificationLog.Kept, log.Entries.Count);
        Assert.Equal($"Toast {NotificationLog.Kept + 5}", log.Entries[0].Text);
        Assert.Equal("Toast 6", log.Entries[^1].Text);
    }

    [Fact]
    public async Task AfterAReloadTheTabGivesTheNotificationsBackAndKeepsNewOnesFirst()
    {
        // What the tab kept from the page before the reload.
        var before = new NotificationLog(new SnackbarService(new NavigationManagerStub(), TimeProvider.System), TimeProvider.System);
        before.Restore(System.Text.Json.JsonSerializer.Serialize(new
        {
            Entries = new[] { new Notification("Sync started", Severity.Info, new DateTime(2026, 12, 6, 9, 0, 0, DateTimeKind.Utc)) },
            Unread = 1,
        }));
        JSInterop.Setup<string?>("sessionStorage.getItem", "portal-notifications").SetResult(before.Save());
        var snackbar = Services.GetRequiredService<ISnackbar>();

        var area = Render<NotificationArea>();

        area.WaitForAssertion(() => Assert.Equal("Notifications, 1 new", area.Find("button").GetAttribute("aria-label")), Wait);
        await area.InvokeAsync(() => snackbar.Add("Import finished", Severity.Success));
        var log = Services.GetRequiredService<NotificationLog>();
        area.WaitForAssertion(() => Assert.Equal(["Import finished", "Sync started"], log.Entries.Select(e => e.Text)), Wait);

        // Each change is saved for the next reload.
        var saved = JSInterop.Invocations["sessionStorage.setItem"].Last().Arguments;
        Assert.Equal("portal-notifications", saved[0]);
        var again = new NotificationLog(new SnackbarService(new NavigationManagerStub(), TimeProvider.System), TimeProvider.System);
        again.Restore((string)saved[1]!);
        Assert.Equal(["Import finished", "Sync started"], again.Entries.Select(e => e.Text));
        Assert.Equal(2, again.Unread);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"Entries\":null}")]
    [InlineData("[]")]
    public void WhatTheTabGivesBackThatIsNotSavedNotificationsIsIgnored(string saved)
    {
        var log = new NotificationLog(new SnackbarService(new NavigationManagerStub(), TimeProvider.System), TimeProvider.System);
        log.Restore(saved);
        Assert.Empty(log.Entries);
        Assert.Equal(0, log.Unread);
    }

    private sealed class NavigationManagerStub : Microsoft.AspNetCore.Components.NavigationManager
    {
        public NavigationManagerStub() => Initialize("http://localhost/", "http://localhost/");
    }
}
