using System.Runtime.CompilerServices;
using AutopilotPortal.E2E.Tests.Pages;
using Microsoft.Playwright;

namespace AutopilotPortal.E2E.Tests.Infrastructure;

/// <summary>Runs a test body in a fresh browser page; on failure saves a screenshot and adds the server's log to the message.</summary>
public abstract class PortalTest(PortalFixture portal)
{
    protected PortalFixture Portal { get; } = portal;

    /// <summary>Signs in as the first-run administrator through the login page, then runs the test.</summary>
    protected Task RunAsync(Func<IPage, Task> test, [CallerMemberName] string name = "") =>
        RunAsAsync(PortalHost.AdminUserName, PortalHost.AdminPassword, test, name);

    /// <summary>Signs in as the given local user through the login page, then runs the test.</summary>
    protected async Task RunAsAsync(string userName, string password, Func<IPage, Task> test, [CallerMemberName] string name = "")
    {
        var page = await Portal.NewPageAsync();
        try
        {
            await new LoginPage(page).SignInAsync(userName, password);
            await test(page);
        }
        catch (Exception ex)
        {
            var screenshot = await TryScreenshotAsync(page, name);
            throw new PortalTestFailedException(
                $"{ex.Message}{Environment.NewLine}Page: {page.Url}{Environment.NewLine}Screenshot: {screenshot}{Environment.NewLine}" +
                $"Server log (last lines):{Environment.NewLine}{Portal.Host.LogTail()}", ex);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private static async Task<string> TryScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestResults", $"{name}.png");
        try
        {
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
            return path;
        }
        catch (PlaywrightException ex)
        {
            return $"none ({ex.Message})";
        }
    }
}

/// <summary>A failed end-to-end test, with the page and the server's log attached to the original failure.</summary>
public sealed class PortalTestFailedException(string message, Exception inner) : Exception(message, inner);
