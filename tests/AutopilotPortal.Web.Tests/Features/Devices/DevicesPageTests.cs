using AngleSharp.Dom;
using AutopilotPortal.Web.Features.Devices;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Web.Tests.Features.Devices;

public sealed class DevicesPageTests : PortalComponentTest
{
    private static readonly string[] Columns =
    [
        "Serial number", "Manufacturer", "Model", "Group tag", "Profile status",
        "Purchase order", "Assigned user", "Last contacted", "Enrollment state",
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
    public async Task DevicesPageShowsTheFirstPageOf25RowsWithEveryColumnAndTheTotal()
    {
        var devices = await SeedDevicesAsync(30);
        RenderProviders();

        var cut = Render<DevicesPage>();

        cut.WaitForAssertion(() => Assert.Equal(25, cut.FindAll("tr.device-row").Count), Wait);
        var headers = cut.FindAll("thead th .mud-table-sort-label").Select(th => th.TextContent.Trim()).ToList();
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
        Assert.Contains("sort=SerialNumber&descending=False", cut.Find("[data-testid=devices-export]").GetAttribute("href"), StringComparison.Ordinal);

        cut.FindAll("thead th .mud-table-sort-label").Single(th => th.TextContent.Trim() == "Model").Click();

        cut.WaitForAssertion(() => Assert.Contains("sort=Model&descending=False", cut.Find("[data-testid=devices-export]").GetAttribute("href"), StringComparison.Ordinal), Wait);
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

    private static List<string> RenderedSerials(IRenderedComponent<DevicesPage> cut) =>
        cut.FindAll("tr.device-row [data-testid^=device-serial-]").Select(a => a.TextContent.Trim()).ToList();

    private static IElement RowCheckbox(IRenderedComponent<DevicesPage> cut, string serial) =>
        cut.FindAll("tr.device-row").Single(r => r.QuerySelector($"[data-testid=device-serial-{serial}]") is not null)
            .QuerySelector("input[type=checkbox]")!;
}
