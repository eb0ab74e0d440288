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
}
