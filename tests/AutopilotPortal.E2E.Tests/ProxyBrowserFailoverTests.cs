using AutopilotPortal.Core.Audit;
using AutopilotPortal.E2E.Tests.Infrastructure;
using AutopilotPortal.E2E.Tests.Pages;
using AutopilotPortal.Proxy;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AutopilotPortal.E2E.Tests;

/// <summary>
/// Chromium through the proxy in front of two real hosts on one PostgreSQL database: the instance that holds the
/// browser's circuit is killed between two edits, and the second edit works, signed in, on the other instance, with
/// each edit stored exactly once.
/// </summary>
public sealed class ProxyBrowserFailoverTests
{
    private const float Timeout = PortalFixture.Timeout;

    [PostgresFact]
    public async Task AnEditAfterTheCircuitsInstanceIsKilledWorksSignedInOnTheOtherInstance()
    {
        // Arrange: a device, two hosts on its database, the proxy, and Chromium signed in through the proxy.
        using var database = await TestDatabase.CreateAsync();
        await using var portalDatabase = PortalDatabase.Open(database);
        var (deviceId, serial) = await portalDatabase.RegisterAsync(seed: 7301, groupTag: "Proxy-Before");
        await using var first = await PortalHost.StartOnAsync(database);
        await using var second = await PortalHost.StartOnAsync(database);
        var hosts = new Dictionary<string, PortalHost> { [ProxyHost.InstanceId(0)] = first, [ProxyHost.InstanceId(1)] = second };
        await using var proxy = await ProxyHost.StartAsync([first.BaseUrl, second.BaseUrl]);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(SystemChromium.LaunchOptions());
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = proxy.BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        context.SetDefaultTimeout(Timeout);
        context.SetDefaultNavigationTimeout(Timeout);
        Assertions.SetDefaultExpectTimeout(PortalFixture.Timeout);
        var page = await context.NewPageAsync();
        var devices = new DevicesPage(page);
        await new LoginPage(page).SignInAsync(PortalHost.AdminUserName, PortalHost.AdminPassword);

        // Act 1: open the device on a fresh circuit (the instance that served the page holds it) and edit its tag.
        var document = await page.GotoAsync("devices") ?? throw new InvalidOperationException("No answer to /devices.");
        await page.WaitForCircuitAsync();
        var circuitInstance = InstanceOf(document);
        var survivorId = hosts.Keys.Single(id => id != circuitInstance);
        await devices.SearchAsync(serial);
        await devices.OpenAsync(serial);
        await devices.PaneEditGroupTagButton.ClickAsync();
        await devices.SaveDialogAsync("Proxy-First");
        await Expect(devices.PaneProperty("group-tag")).ToHaveTextAsync("Proxy-First");

        // Act 2: kill the circuit's instance. Blazor reconnects through the proxy to the other instance, which does
        // not know the circuit, and the page reloads from there; wait for that reload and its new circuit.
        var reloaded = page.WaitForResponseAsync(
            response => response.Request.ResourceType == "document" && response.Headers.TryGetValue(PortalProxy.InstanceHeader.ToLowerInvariant(), out var id) && id == survivorId,
            new PageWaitForResponseOptions { Timeout = 4 * Timeout });
        await hosts[circuitInstance].KillAsync();
        await reloaded;
        await page.WaitForCircuitAsync();

        // Assert 1: still signed in, on the device's pane (its address names it), showing the first edit.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/devices"));
        await Expect(devices.PaneProperty("group-tag")).ToHaveTextAsync("Proxy-First");

        // Act 3: the next edit, on the other instance.
        await devices.PaneEditGroupTagButton.ClickAsync();
        await devices.SaveDialogAsync("Proxy-Second");
        await Expect(devices.PaneProperty("group-tag")).ToHaveTextAsync("Proxy-Second");

        // Assert 2: the database holds the second tag, and each edit was recorded exactly once.
        await using var db = await portalDatabase.CreateDbContextAsync();
        Assert.Equal("Proxy-Second", (await db.AutopilotDevices.AsNoTracking().SingleAsync(d => d.Id == deviceId)).GroupTag);
        var edits = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.GroupTagChanged && (e.NewValue == "Proxy-First" || e.NewValue == "Proxy-Second"))
            .OrderBy(e => e.Id)
            .Select(e => e.NewValue)
            .ToListAsync();
        Assert.Equal(["Proxy-First", "Proxy-Second"], edits);
    }

    private static string InstanceOf(IResponse response) =>
        response.Headers.TryGetValue(PortalProxy.InstanceHeader.ToLowerInvariant(), out var id)
            ? id
            : throw new InvalidOperationException($"The proxy's answer ({response.Status}) names no instance in {PortalProxy.InstanceHeader}.");
}
