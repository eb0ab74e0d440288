using System.Collections.Concurrent;
using AutopilotPortal.E2E.Tests.Infrastructure;
using AutopilotPortal.E2E.Tests.Pages;
using static Microsoft.Playwright.Assertions;

namespace AutopilotPortal.E2E.Tests;

/// <summary>Runs against its own host and database, which no other test imports into.</summary>
[Collection(EmptyPortalCollection.Name)]
public sealed class SmokeTests(PortalFixture portal) : PortalTest(portal)
{
    [Fact]
    public Task DevicesPageLoadsEveryAssetAndShowsTheEmptyStateOnAFreshDatabase() => RunAsync(async page =>
    {
        var responses = new ConcurrentDictionary<string, int>();
        var failures = new ConcurrentBag<string>();
        page.Response += (_, response) => responses[new Uri(response.Url).AbsolutePath] = response.Status;
        page.RequestFailed += (_, request) => failures.Add($"{request.Url}: {request.Failure}");
        var consoleErrors = new ConcurrentBag<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                consoleErrors.Add(message.Text);
            }
        };
        var devices = new DevicesPage(page);

        await devices.GotoAsync();
        await Expect(devices.Empty).ToBeVisibleAsync();
        await Expect(devices.Empty).ToContainTextAsync("No Autopilot devices yet.");
        await Expect(page.GetByTestId("error-ui")).ToBeHiddenAsync();

        foreach (var asset in new[] { "/_framework/blazor.web.js", "/_content/MudBlazor/MudBlazor.min.css", "/_content/MudBlazor/MudBlazor.min.js", "/app.css" })
        {
            Assert.True(responses.TryGetValue(asset, out var status), $"{asset} was never requested.");
            // The sign-in page loaded the same files a moment before: a revalidated copy (304) is as good.
            Assert.Contains(status, new[] { 200, 304 });
        }

        Assert.Empty(responses.Where(r => r.Value >= 400).Select(r => $"{r.Value} {r.Key}"));
        Assert.Empty(failures);
        Assert.Empty(consoleErrors);
    });
}
