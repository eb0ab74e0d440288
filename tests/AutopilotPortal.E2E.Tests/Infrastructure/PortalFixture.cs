using AutopilotPortal.Tests.Shared;
using Microsoft.Playwright;

namespace AutopilotPortal.E2E.Tests.Infrastructure;

/// <summary>
/// One running portal host with its own database, and one headless Chromium to drive it.
/// Each collection that uses it gets its own instance, so its own database.
/// </summary>
public class PortalFixture : IAsyncLifetime
{
    /// <summary>Command-line settings for this fixture's host, beyond the ones every host gets.</summary>
    protected virtual IEnumerable<string> HostSettings => [];

    /// <summary>How long an assertion or an action may wait: generous, for a busy two-core machine.</summary>
    public const float Timeout = 15_000;

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private PortalHost? _host;

    public PortalHost Host => _host ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(Timeout);
        _host = await PortalHost.StartAsync(settings: HostSettings);
        _playwright = await Playwright.CreateAsync();

        // Playwright cannot download its own browser here: drive the system's Chromium.
        _browser = await _playwright.Chromium.LaunchAsync(SystemChromium.LaunchOptions());
    }

    /// <summary>
    /// A fresh browser context (no shared cookies or storage) on the portal, and a page in it; the
    /// browser reports the colour scheme given as the system's.
    /// </summary>
    public async Task<IPage> NewPageAsync(ColorScheme colorScheme = ColorScheme.Light)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
            ColorScheme = colorScheme,
        });
        context.SetDefaultTimeout(Timeout);
        context.SetDefaultNavigationTimeout(2 * Timeout);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}

/// <summary>The tests that share one portal and its database; each one uses its own devices.</summary>
[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "Portal";
}

/// <summary>Tests that need a portal whose database nobody else writes to.</summary>
[CollectionDefinition(Name)]
public sealed class EmptyPortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "Empty portal";
}
