using Microsoft.Playwright;

namespace AutopilotPortal.Tests.Shared;

/// <summary>
/// Launch options for the machine's Chromium: Playwright cannot download its own browser here.
/// The path comes from <c>PORTAL_CHROMIUM</c>, with Debian's <c>/usr/bin/chromium</c> as the default.
/// </summary>
public static class SystemChromium
{
    public const string PathVariable = "PORTAL_CHROMIUM";

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static BrowserTypeLaunchOptions LaunchOptions() => new()
    {
        ExecutablePath = ExecutablePath,
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    };
}
