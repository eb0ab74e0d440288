using AngleSharp.Dom;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Web.Features.Devices;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Features.Devices;

public sealed class DevicesPageTests : PortalComponentTest
{
    // The default: what fits at 1440 px; the others are a choice away.
    private static readonly string[] Columns =
    [
        "Serial number", "Group tag", "Profile status", "Assigned user", "Last contacted", "Enrollment state",
    ];

    [Fact]
    public void DevicesPageWithNoDevicesShowsTheEmptyStateWithAnImportLink()
    {
        RenderProviders();

        var cut = Render<DevicesPage>();

        var empty = cut.WaitForElement("[data-testid=devices-empty]", Wait);
        Assert.Equal("/import", empty.QuerySelector("[data-testid=devices-empty-import]")?.GetAttribute("href"));
        Assert.Empty(cut.FindAll("tr.device-row"));
    }

    [Fact]
    public async Task DevicesPageShowsTheFirstPageOf25RowsWithTheDefaultColumnsAndTheTotal()
    {
        var devices = await SeedDevicesAsync(30);
        RenderProviders();

        var cut = Render<DevicesPage>();

        cut.WaitForAssertion(() => Assert.Equal(25, cut.FindAll("tr.device-row").Count), Wait);
        var headers = cut.FindAll("thead th button.portal-sort").Select(th => th.TextContent.Trim()).ToList();
        Assert.Equal(Columns, headers);
        Assert.Equal("1-25 of 30", cut.Find(".mud-table-page-number-information").TextContent.Trim());
        Assert.Equal("30 devices", cut.Find("[data-testid=devices-count]").TextContent.Trim());
        Assert.Equal("status", cut.Find("[data-testid=devices-count]").GetAttribute("role"));
        var firstSerials = devices.Select(d => d.SerialNumber).Order(StringComparer.Ordinal).Take(25);
        Assert.Equal(firstSerials, RenderedSerials(cut));
    }

    [Fact]
    public async Task TheExportLinkFollowsTheSortTheListShows()
    {
        await SeedDevicesAsync(3, firstSeed: 40);
        RenderProviders();
        var cut = Render<DevicesPage>();
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("tr.device-row").Count), Wait);
        Assert.Equal("/api/devices/export.csv", cut.Find("[data-testid=devices-export]").GetAttribute("href"));

        Assert.Equal("ascending", cut.Find("th:has([data-testid=sort-SerialNumber])").GetAttribute("aria-sort"));
        Assert.Equal("none", cut.Find("th:has([data-testid=sort-GroupTag])").GetAttribute("aria-sort"));

        cut.Find("[data-testid=sort-GroupTag]").Click();

        cut.WaitForAssertion(() => Assert.Equal("/api/devices/export.csv?sort=GroupTag", cut.Find("[data-testid=devices-export]").GetAttribute("href")), Wait);
        Assert.Equal("ascending", cut.Find("th:has([data-testid=sort-GroupTag])").GetAttribute("aria-sort"));
        Assert.Equal("none", cut.Find("th:has([data-testid=sort-SerialNumber])").GetAttribute("aria-sort"));

        // The same header again turns the order round.
        cut.Find("[data-testid=sort-GroupTag]").Click();
        cut.WaitForAssertion(() => Assert.Equal("/api/devices/export.csv?sort=GroupTag&descending=true", cut.Find("[data-testid=devices-export]").GetAttribute("href")), Wait);
        Assert.EndsWith("/devices?sort=GroupTag&descending=true", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        Assert.Equal("descending", cut.Find("th:has([data-testid=sort-GroupTag])").GetAttribute("aria-sort"));
    }

    [Fact]
    public async Task TypingASerialPrefixFiltersTheRowsToMatchingSerials()
    {
        var devices = await SeedDevicesAsync(30);
        var prefix = devices[0].SerialNumber[..3];
        var expected = devices.Select(d => d.SerialNumber).Where(s => s.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.InRange(expected.Count, 1, 25);
        RenderProviders();
        var cut = Render<DevicesPage>();
        cut.WaitForAssertion(() => Assert.Equal(25, cut.FindAll("tr.device-row").Count), Wait);

        cut.Find("#devices-search").Input(prefix.ToLowerInvariant());

        cut.WaitForAssertion(() => Assert.Equal(expected, RenderedSerials(cut)), Wait);
        Assert.Empty(cut.FindAll("[data-testid=devices-no-match]"));
        Assert.Equal(expected.Count == 1 ? "1 device matches" : $"{expected.Count} devices match", cut.Find("[data-testid=devices-count]").TextContent.Trim());
    }

    [Fact]
    public async Task ASearchTermMatchingNothingShowsTheNoMatchMessage()
    {
        await SeedDevicesAsync(5);
        RenderProviders();
        var cut = Render<DevicesPage>();
        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("tr.device-row").Count), Wait);

        cut.Find("#devices-search").Input("NO-SUCH-SERIAL");

        var message = cut.WaitForElement("[data-testid=devices-no-match]", Wait);
        Assert.Contains("starts with 'NO-SUCH-SERIAL'", message.TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("tr.device-row"));
        Assert.Empty(cut.FindAll("[data-testid=devices-empty]"));
        Assert.Equal("0 devices match", cut.Find("[data-testid=devices-count]").TextContent.Trim());
    }

    [Fact]
    public async Task SavingAGroupTagForTwoSelectedRowsUpdatesBoth()
    {
        var devices = await SeedDevicesAsync(4);
        var dialogs = RenderProviders();
        var cut = Render<DevicesPage>();
        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("tr.device-row").Count), Wait);

        // The page renders once more when the count above the list arrives; select after that render.
        cut.WaitForAssertion(() => Assert.Equal("4 devices", cut.Find("[data-testid=devices-count]").TextContent.Trim()), Wait);
        var chosen = devices.OrderBy(d => d.SerialNumber, StringComparer.Ordinal).Take(2).ToList();

        foreach (var device in chosen)
        {
            RowCheckbox(cut, device.SerialNumber).Change(true);
        }

        var edit = cut.Find("[data-testid=devices-edit-group-tag]");
        Assert.False(edit.HasAttribute("disabled"));
        Assert.Contains("(2)", edit.TextContent, StringComparison.Ordinal);

        // Not awaited: the handler waits for the dialog to close.
        edit.Click();
        var input = dialogs.WaitForElement("#edit-value", Wait);
        Assert.Contains("Edit group tag of 2 devices", dialogs.Markup, StringComparison.Ordinal);
        input.Input("Kiosk-Lobby");
        dialogs.Find("[data-testid=edit-save]").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=edit-value]")), Wait);
        foreach (var device in chosen)
        {
            cut.WaitForAssertion(() => Assert.Equal("Kiosk-Lobby", cut.Find($"[data-testid=device-group-tag-{device.SerialNumber}]").TextContent.Trim()), Wait);
        }

        var ids = chosen.Select(d => d.Id).ToList();
        var stored = await QueryAsync(db => db.AutopilotDevices.Where(d => ids.Contains(d.Id)).Select(d => d.GroupTag).ToListAsync());
        Assert.Equal(["Kiosk-Lobby", "Kiosk-Lobby"], stored);
        var others = devices.Except(chosen).Select(d => d.Id).ToList();
        Assert.All(await QueryAsync(db => db.AutopilotDevices.Where(d => others.Contains(d.Id)).Select(d => d.GroupTag).ToListAsync()), Assert.Null);
        Assert.True(cut.Find("[data-testid=devices-edit-group-tag]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task EachRowsBoxIsNamedByItsSerialAndThePageBoxSelectsEveryRowOnThePage()
    {
        await SeedDevicesAsync(3, firstSeed: 70);
        RenderProviders();
        var cut = Render<DevicesPage>();
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("tr.device-row").Count), Wait);

        Assert.Equal("Autopilot devices", cut.Find("table").GetAttribute("aria-label"));
        var serials = RenderedSerials(cut);
        Assert.Equal(serials.Select(s => $"Select {s}"), cut.FindAll("tr.device-row input[type=checkbox]").Select(i => AccessibleName(cut, i)));
        Assert.Equal("Select every device on this page", AccessibleName(cut, cut.Find("input[data-testid=devices-select-page]")));

        cut.Find("input[data-testid=devices-select-page]").Change(true);

        cut.WaitForAssertion(() => Assert.Contains("Edit group tag (3)", cut.Find("[data-testid=devices-edit-group-tag]").TextContent, StringComparison.Ordinal), Wait);
        RowCheckbox(cut, serials[1]).Change(false);
        cut.WaitForAssertion(() => Assert.Contains("Edit group tag (2)", cut.Find("[data-testid=devices-edit-group-tag]").TextContent, StringComparison.Ordinal), Wait);
    }

    [Fact]
    public async Task AFilterInTheAddressNarrowsTheListAndItsChipTakesItAway()
    {
        var devices = await SeedDevicesAsync(6, firstSeed: 90);
        await Services.GetRequiredService<DeviceEditService>().UpdateGroupTagAsync(Caller, [devices[1].Id, devices[4].Id], "Lab");
        var tagged = new[] { devices[1], devices[4] }.Select(d => d.SerialNumber).Order(StringComparer.Ordinal).ToList();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/devices?groupTag=Lab");
        RenderProviders();

        var cut = Render<DevicesPage>();

        cut.WaitForAssertion(() => Assert.Equal(tagged, RenderedSerials(cut)), Wait);
        Assert.Equal("2 devices match", cut.Find("[data-testid=devices-count]").TextContent.Trim());
        Assert.Equal("Group tag: Lab", cut.Find("[data-testid=devices-filter-chip]").TextContent.Trim());
        Assert.Contains("Filters (1)", cut.Find("[data-testid=devices-filters-toggle]").TextContent, StringComparison.Ordinal);
        Assert.Equal("/api/devices/export.csv?groupTag=Lab", cut.Find("[data-testid=devices-export]").GetAttribute("href"));
        Assert.Contains($"/devices?groupTag=Lab&device={devices[1].Id}", cut.Find($"[data-testid=device-serial-{devices[1].SerialNumber}]").GetAttribute("href"), StringComparison.Ordinal);

        cut.Find("[data-testid=devices-filter-chip] .mud-chip-close-button").Click();

        cut.WaitForAssertion(() => Assert.Equal(6, RenderedSerials(cut).Count), Wait);
        Assert.EndsWith("/devices", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        Assert.Equal("6 devices", cut.Find("[data-testid=devices-count]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=devices-filter-chip]"));
    }

    [Fact]
    public async Task TheRegisteredRangeInTheAddressKeepsTheDevicesRegisteredOnThoseDays()
    {
        var devices = await SeedDevicesAsync(4, firstSeed: 95);
        var day = new DateTime(2026, 3, 10, 23, 30, 0, DateTimeKind.Utc);
        await QueryAsync(db => db.AutopilotDevices.Where(d => d.Id == devices[2].Id).ExecuteUpdateAsync(u => u.SetProperty(d => d.CreatedAt, day)));
        Services.GetRequiredService<NavigationManager>().NavigateTo("/devices?registeredFrom=2026-03-10&registeredTo=2026-03-10");
        RenderProviders();

        var cut = Render<DevicesPage>();

        cut.WaitForAssertion(() => Assert.Equal([devices[2].SerialNumber], RenderedSerials(cut)), Wait);
        Assert.Equal("Registered on 2026-03-10", cut.Find("[data-testid=devices-filter-chip]").TextContent.Trim());
        Assert.Equal("/api/devices/export.csv?registeredFrom=2026-03-10&registeredTo=2026-03-10", cut.Find("[data-testid=devices-export]").GetAttribute("href"));
    }

    [Theory]
    [InlineData("registeredTo=9999-12-31")]
    [InlineData("contactedFrom=0001-01-01")]
    public void ADayNoZoneCanTurnIntoAnInstantIsNamedAndLeftOut(string query)
    {
        var view = DeviceListView.Parse(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery("?" + query), out var problems);

        Assert.Equal(0, view.FilterCount);
        Assert.Equal($"{query} is not a day between 1900 and 9998; it was left out.", Assert.Single(problems));
    }

    [Fact]
    public void ARegisteredRangeThatEndsBeforeItStartsIsNamedAndLeftOut()
    {
        var view = DeviceListView.Parse(
            Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery("?registeredFrom=2026-03-10&registeredTo=2026-03-01"), out var problems);

        Assert.Equal((null, null), (view.RegisteredFrom, view.RegisteredTo));
        Assert.Equal("registeredTo=2026-03-01 is before registeredFrom=2026-03-10: no device can match; the range was left out.", Assert.Single(problems));
    }

    [Fact]
    public async Task WithNothingTickedTheEditTakesEveryDeviceTheFiltersMatchOnEveryPage()
    {
        var devices = await SeedDevicesAsync(30, firstSeed: 130);
        var lab = devices.Take(27).Select(d => d.Id).ToList();
        await Services.GetRequiredService<DeviceEditService>().UpdateGroupTagAsync(Caller, lab, "Lab");
        Services.GetRequiredService<NavigationManager>().NavigateTo("/devices?groupTag=Lab");
        var dialogs = RenderProviders();
        var cut = Render<DevicesPage>();
        cut.WaitForAssertion(() => Assert.Equal(25, RenderedSerials(cut).Count), Wait);

        var all = cut.Find("[data-testid=devices-edit-group-tag-all]");
        Assert.Equal("Edit group tag of all 27", all.TextContent.Trim());
        all.Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Edit group tag of all 27 matching devices", dialogs.Markup, StringComparison.Ordinal), Wait);
        Assert.Equal("Lab", dialogs.Find("[data-testid=edit-value]").GetAttribute("value"));
        dialogs.Find("[data-testid=edit-value]").Input("Lab-2");
        dialogs.Find("[data-testid=edit-save]").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=edit-value]")), Wait);
        var tags = await QueryAsync(db => db.AutopilotDevices.Select(d => new { d.Id, d.GroupTag }).ToListAsync());
        Assert.Equal(27, tags.Count(t => t.GroupTag == "Lab-2"));
        Assert.All(tags.Where(t => !lab.Contains(t.Id)), t => Assert.Null(t.GroupTag));
        cut.WaitForAssertion(() => Assert.Equal("0 devices match", cut.Find("[data-testid=devices-count]").TextContent.Trim()), Wait);
    }

    [Fact]
    public async Task ChosenColumnsAndTheirOrderAreKeptForThePersonAndShownOnTheirNextVisit()
    {
        await SeedDevicesAsync(2, firstSeed: 150);
        var dialogs = RenderProviders();
        var cut = Render<DevicesPage>();
        cut.WaitForAssertion(() => Assert.Equal(2, RenderedSerials(cut).Count), Wait);

        cut.Find("[data-testid=devices-columns]").Click();
        dialogs.WaitForElement("[data-testid=columns-dialog]", Wait);
        dialogs.Find("input[data-testid=column-show-Model]").Change(true);
        dialogs.Find("input[data-testid=column-show-AssignedUser]").Change(false);
        // Model is listed after the shown columns: two moves up put it before Enrollment state and Last contacted.
        dialogs.Find("[data-testid=column-up-Model]").Click();
        dialogs.Find("[data-testid=column-up-Model]").Click();
        dialogs.Find("[data-testid=column-up-Model]").Click();
        dialogs.Find("[data-testid=columns-save]").Click();

        string[] chosen = ["Serial number", "Group tag", "Profile status", "Model", "Last contacted", "Enrollment state"];
        cut.WaitForAssertion(() => Assert.Equal(chosen, Headers(cut)), Wait);
        Assert.Equal(chosen.Length, cut.Find("tr.device-row").QuerySelectorAll("td").Length - 1);

        // Another visit (a new circuit) by the same person shows the same columns.
        var again = Render<DevicesPage>();
        again.WaitForAssertion(() => Assert.Equal(chosen, Headers(again)), Wait);

    }

    private static List<string> Headers(IRenderedComponent<DevicesPage> cut) =>
        cut.FindAll("thead th button.portal-sort").Select(th => th.TextContent.Trim()).ToList();

    [Fact]
    public async Task AFilterTheAddressCannotReadIsNamedAndLeftOut()
    {
        await SeedDevicesAsync(2, firstSeed: 110);
        Services.GetRequiredService<NavigationManager>().NavigateTo("/devices?profileStatus=Bogus&contactedFrom=yesterday");
        RenderProviders();

        var cut = Render<DevicesPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, RenderedSerials(cut).Count), Wait);
        var problems = cut.Find("[data-testid=devices-address-problems]").TextContent;
        Assert.Contains("profileStatus=Bogus is not a profile status; it was left out. It takes NotAssigned, Pending, AssignedInSync, AssignedOutOfSync, Failed.", problems, StringComparison.Ordinal);
        Assert.Contains("contactedFrom=yesterday is not a day written as yyyy-MM-dd; it was left out.", problems, StringComparison.Ordinal);
    }

    /// <summary>An input's name as a screen reader reads it: its aria-label, or the text aria-labelledby points at.</summary>
    private static string? AccessibleName(IRenderedComponent<DevicesPage> cut, IElement input) =>
        input.GetAttribute("aria-label")
        ?? (input.GetAttribute("aria-labelledby") is { } id ? cut.Find($"#{id}").TextContent.Trim() : null);

    private static List<string> RenderedSerials(IRenderedComponent<DevicesPage> cut) =>
        cut.FindAll("tr.device-row [data-testid^=device-serial-]").Select(a => a.TextContent.Trim()).ToList();

    private static IElement RowCheckbox(IRenderedComponent<DevicesPage> cut, string serial) =>
        cut.FindAll("tr.device-row").Single(r => r.QuerySelector($"[data-testid=device-serial-{serial}]") is not null)
            .QuerySelector("input[type=checkbox]")!;
}
