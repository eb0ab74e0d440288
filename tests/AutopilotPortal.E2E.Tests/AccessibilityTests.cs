using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AutopilotPortal.E2E.Tests.Infrastructure;
using AutopilotPortal.E2E.Tests.Pages;
using AutopilotPortal.Tests.Shared;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AutopilotPortal.E2E.Tests;

/// <summary>A portal of its own: the views are checked over data this collection alone writes.</summary>
[CollectionDefinition(Name)]
public sealed class AccessibilityCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "Accessibility";
}

/// <summary>
/// axe-core over every page and every dialog, as each role, with the browser in light and in dark mode:
/// any critical or serious violation fails the test. The table of what was found, view by view, is
/// written to <c>TestResults/accessibility.md</c> and is the failure message.
/// </summary>
[Collection(AccessibilityCollection.Name)]
public sealed partial class AccessibilityTests(PortalFixture portal) : PortalTest(portal)
{
    private const string HelpDeskUser = "axe-helpdesk", HelpDeskPassword = "HelpDesk-Passw0rd";
    private const string ReaderUser = "axe-reader", ReaderPassword = "Reader-Passw0rd!";
    private const string GroupName = "Axe group";
    private const string ProfileName = "Axe profile";

    [ProviderIndependentFact]
    public async Task EveryPageAndDialogHasNoCriticalOrSeriousViolationForAnyRoleInLightOrDark()
    {
        var seed = await SeedAsync();
        var findings = new List<Finding>();

        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await CheckSignInPageAsync(scheme, findings);
            await CheckAsAsync(PortalHost.AdminUserName, PortalHost.AdminPassword, "Administrator", scheme, findings, AdminViews(seed));
            await CheckAsAsync(HelpDeskUser, HelpDeskPassword, "Help desk", scheme, findings, HelpDeskViews(seed));
            await CheckAsAsync(ReaderUser, ReaderPassword, "Reader", scheme, findings, ReaderViews(seed));
        }

        var table = Table(findings);
        var path = Path.Combine(AppContext.BaseDirectory, "TestResults", "accessibility.md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, table);

        var failing = findings.Where(f => f.Impact is "critical" or "serious").ToList();
        Assert.True(failing.Count == 0, $"{failing.Count} critical or serious axe violations:{Environment.NewLine}{table}");
    }

    /// <summary>What the views need: a device, an import, a group, a profile, users of the other two roles.</summary>
    private async Task<Seed> SeedAsync()
    {
        var seed = new Seed();
        await RunAsync(async page =>
        {
            var import = new ImportPage(page);
            await import.ImportFileAsync(TestFiles.RealHashFile("HexDK_SGRE_BG.csv"));
            await Expect(import.JobRegistered).ToBeVisibleAsync();
            seed.ImportUrl = new Uri(page.Url).PathAndQuery;

            var devices = new DevicesPage(page);
            await devices.GotoAsync();
            var link = page.GetByTestId("devices-table").Locator("a[data-testid^='device-serial-']").First;
            seed.Serial = (await link.TextContentAsync())!.Trim();
            seed.DeviceId = DeviceId().Match((await link.GetAttributeAsync("href"))!).Groups[1].Value;

            var groups = new GroupPages(page);
            await groups.StartNewAsync(GroupName);
            await groups.RuleText.FillAsync("(device.devicePhysicalIds -any (_ -eq \"[OrderId]:Axe\"))");
            await Expect(groups.RuleValid).ToBeVisibleAsync();
            await groups.CreateAsync();
            seed.GroupUrl = new Uri(page.Url).PathAndQuery;

            await page.GotoInteractiveAsync("profiles/new");
            await page.GetByLabel("Name", new PageGetByLabelOptions { Exact = true }).FillAsync(ProfileName);
            await page.GetByTestId("profile-save").ClickAsync();
            await Expect(page).ToHaveURLAsync(ProfileUrl());
            seed.ProfileUrl = new Uri(page.Url).PathAndQuery;

            var users = new UsersPage(page);
            await users.GotoAsync();
            await users.CreateAsync(HelpDeskUser, "Help desk", HelpDeskPassword);
            await users.CreateAsync(ReaderUser, "Reader", ReaderPassword);
        });
        return seed;
    }

    private static IEnumerable<View> AdminViews(Seed seed) =>
    [
        .. SharedViews(seed),
        DevicesDialog("Edit group tag dialog", seed, "devices-edit-group-tag"),
        AssignUserDialog(seed),
        PageDialog("Columns dialog", "devices", "devices-columns"),
        new View("Notifications", async page =>
        {
            await page.GotoInteractiveAsync("devices");
            await page.GetByTestId("notifications").ClickAsync();
            await Expect(page.GetByTestId("notifications-empty")).ToBeVisibleAsync();
        }),
        DevicesDialog("Decommission dialog", seed, "devices-decommission"),
        DevicesDialog("Delete dialog", seed, "devices-delete"),
        Page("New group", "groups/new", "group-create"),
        Page("New profile", "profiles/new", "profile-save"),
        Page("Replace motherboard", $"devices/{seed.DeviceId}/replace-motherboard", null),
        Page("Import", "import", "import-file"),
        new View("Import preview", async page =>
        {
            await page.GotoInteractiveAsync("import");
            await new ImportPage(page).UploadAsync(TestFiles.RealHashFile("HexDK_SGRE_BG.csv"));
            await Expect(page.GetByTestId("import-preview")).ToBeVisibleAsync();
        }),
        Page("Partner registration", "partner", "partner-tabs"),
        Page("Import history", "imports", "imports-table"),
        Page("Import job", seed.ImportUrl, "job-registered"),
        Page("Audit log", "audit", null),
        Page("API clients", "api-clients", "api-clients-new"),
        PageDialog("New API client dialog", "api-clients", "api-clients-new"),
        Page("Users", "users", "users-new"),
        PageDialog("New user dialog", "users", "users-new"),
        new View("Not found", async page =>
        {
            // Served as a plain 404 response, without a circuit.
            await page.GotoAsync("no-such-page");
            await Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Page not found" })).ToBeVisibleAsync();
        }),
    ];

    private static IEnumerable<View> HelpDeskViews(Seed seed) =>
    [
        .. SharedViews(seed),
        DevicesDialog("Edit group tag dialog", seed, "devices-edit-group-tag"),
        Page("Refused (users)", "users", "access-refused"),
    ];

    private static IEnumerable<View> ReaderViews(Seed seed) =>
    [
        .. SharedViews(seed),
        Page("Import history", "imports", "imports-table"),
        Page("Audit log", "audit", null),
        Page("Refused (import)", "import", "access-refused"),
    ];

    private static IEnumerable<View> SharedViews(Seed seed) =>
    [
        Page("Overview", "/", "dashboard-profile-status-NotAssigned"),
        new View("Devices", async page =>
        {
            await page.GotoInteractiveAsync("devices");
            await Expect(new DevicesPage(page).SerialLink(seed.Serial)).ToBeVisibleAsync();
        }),
        Page("Devices, filtered", "devices?enrollmentState=NotContacted", "devices-filters"),
        new View("Device details", async page =>
        {
            await page.GotoInteractiveAsync($"devices?device={seed.DeviceId}");
            await Expect(new DevicesPage(page).PaneTitle).ToHaveTextAsync(seed.Serial);
        }),
        Page("Groups", "groups", $"group-link-{GroupName}"),
        Page("Group", seed.GroupUrl, "group-member-count"),
        Page("Deployment profiles", "profiles", $"profile-link-{ProfileName}"),
        Page("Deployment profile", seed.ProfileUrl, "profile-title"),
        Page("Entra devices", "entra-devices", null),
        Page("Intune managed devices", "managed-devices", null),
        Page("Deployment events", "deployment-events", null),
        Page("Decommissions", "decommissions", null),
    ];

    private static View Page(string name, string url, string? readyTestId) => new(name, async page =>
    {
        await page.GotoInteractiveAsync(url);
        if (readyTestId is not null)
        {
            await Expect(page.GetByTestId(readyTestId).First).ToBeVisibleAsync();
        }
    });

    private static View PageDialog(string name, string url, string openTestId) => new(name, async page =>
    {
        await page.GotoInteractiveAsync(url);
        await page.GetByTestId(openTestId).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
    });

    private static View DevicesDialog(string name, Seed seed, string openTestId) => new(name, async page =>
    {
        var devices = new DevicesPage(page);
        await devices.GotoAsync();
        await devices.SelectAsync(seed.Serial);
        await page.GetByTestId(openTestId).ClickAsync();
        await Expect(devices.Dialog).ToBeVisibleAsync();
    });

    /// <summary>The assign-user dialog from the device pane, with the directory's matches for "axe" open.</summary>
    private static View AssignUserDialog(Seed seed) => new("Assign user dialog", async page =>
    {
        await page.GotoInteractiveAsync($"devices?device={seed.DeviceId}");
        await page.GetByTestId("pane-edit-user").ClickAsync();
        await page.Locator("#assign-user-search").FillAsync("axe");
        await Expect(page.GetByTestId($"assign-user-option-{HelpDeskUser}@contoso.onmicrosoft.com")).ToBeVisibleAsync();
    });

    private async Task CheckSignInPageAsync(ColorScheme scheme, List<Finding> findings)
    {
        var page = await Portal.NewPageAsync(scheme);
        try
        {
            await page.GotoAsync("account/login");
            await Expect(new LoginPage(page).SubmitButton).ToBeVisibleAsync();
            await AnalyzeAsync(page, "Signed out", scheme, "Sign in", findings);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private async Task CheckAsAsync(string user, string password, string role, ColorScheme scheme, List<Finding> findings, IEnumerable<View> views)
    {
        var page = await Portal.NewPageAsync(scheme);
        try
        {
            await new LoginPage(page).SignInAsync(user, password);
            foreach (var view in views)
            {
                await view.Open(page);
                await AnalyzeAsync(page, role, scheme, view.Name, findings);
            }
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private static async Task AnalyzeAsync(IPage page, string role, ColorScheme scheme, string view, List<Finding> findings)
    {
        // A dialog fading in has colours axe would measure halfway: let every finite transition end
        // first (a spinner's runs forever; a cancelled one rejects, which is as good as ended).
        await page.EvaluateAsync("""
            () => Promise.all(document.getAnimations()
                .filter(a => a.effect?.getComputedTiming().endTime !== Infinity)
                .map(a => a.finished.catch(() => null)))
            """);
        var result = await page.RunAxe();
        findings.Add(new Finding(role, scheme, view, "none", "", 0, ""));
        foreach (var violation in result.Violations)
        {
            var first = violation.Nodes.FirstOrDefault();
            var detail = first is null ? "" : first.Target.ToString();
            if (violation.Id == "color-contrast" && first?.Any.FirstOrDefault()?.Message is { } message)
            {
                detail += $" — {message}";
            }

            findings.Add(new Finding(role, scheme, view, violation.Impact ?? "unknown", violation.Id, violation.Nodes.Length, detail));
        }
    }

    private static string Table(IReadOnlyList<Finding> findings)
    {
        var text = new StringBuilder();
        text.AppendLine("| role | scheme | view | critical | serious | moderate | minor | rules (nodes) |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var view in findings.GroupBy(f => (f.Role, f.Scheme, f.View)))
        {
            var found = view.Where(f => f.Rule.Length > 0).ToList();
            int Count(string impact) => found.Where(f => f.Impact == impact).Sum(f => f.Nodes);
            var rules = string.Join(", ", found.Select(f => $"{f.Rule} ({f.Nodes}, {f.Impact}: {f.FirstTarget})"));
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {view.Key.Role} | {view.Key.Scheme} | {view.Key.View} | {Count("critical")} | {Count("serious")} | {Count("moderate")} | {Count("minor")} | {rules} |");
        }

        return text.ToString();
    }

    [GeneratedRegex("device=([0-9a-f-]{36})")]
    private static partial Regex DeviceId();

    [GeneratedRegex("/profiles/[0-9a-f-]{36}$")]
    private static partial Regex ProfileUrl();

    private sealed class Seed
    {
        public string Serial { get; set; } = "";

        public string DeviceId { get; set; } = "";

        public string ImportUrl { get; set; } = "";

        public string GroupUrl { get; set; } = "";

        public string ProfileUrl { get; set; } = "";
    }

    private sealed record View(string Name, Func<IPage, Task> Open);

    private sealed record Finding(string Role, ColorScheme Scheme, string View, string Impact, string Rule, int Nodes, string FirstTarget);
}
