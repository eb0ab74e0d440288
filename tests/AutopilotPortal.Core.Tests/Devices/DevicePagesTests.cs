using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tests.Support;
using AutopilotPortal.Tests.Shared;

namespace AutopilotPortal.Core.Tests.Devices;

/// <summary>Keyset pages of the device list, as automation reads them.</summary>
public class DevicePagesTests
{
    private static readonly PortalCaller Reader = PortalCaller.WithRoles("rita@contoso.com", PortalRole.Reader);

    [Fact]
    public async Task PagesCoverEveryDeviceOnceEvenWhenDevicesAreAddedBetweenThem()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var first = await TestDevices.RegisterAsync(database, 7, null, firstSeed: 900);
        var pages = database.Get<DevicePages>();

        var seen = new List<Guid>();
        var page = await pages.ReadAsync(Reader, new DeviceFilter(), after: null, take: 3);
        seen.AddRange(page.Items.Select(d => d.Id));
        var added = await TestDevices.RegisterAsync(database, 4, null, firstSeed: 950);
        while (page.Next is { } next)
        {
            page = await pages.ReadAsync(Reader, new DeviceFilter(), next, take: 3);
            seen.AddRange(page.Items.Select(d => d.Id));
        }

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Subset(seen.ToHashSet(), first.ToHashSet());
        Assert.All(seen, id => Assert.True(first.Contains(id) || added.Contains(id)));
        Assert.Equal(11, await pages.CountAsync(Reader, new DeviceFilter()));
    }

    [Fact]
    public async Task SerialFiltersMatchAsTheirNamesSay()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var ids = await TestDevices.RegisterAsync(database, 5, "Sales", firstSeed: 910);
        var pages = database.Get<DevicePages>();
        var one = (await pages.GetAsync(Reader, ids[2]))!;
        var middle = one.SerialNumber.Substring(1, 4);

        var equal = await pages.ReadAsync(Reader, new DeviceFilter { SerialEquals = one.SerialNumber.ToLowerInvariant() }, null, 100);
        var starts = await pages.ReadAsync(Reader, new DeviceFilter { SerialStartsWith = one.SerialNumber[..3] }, null, 100);
        var contains = await pages.ReadAsync(Reader, new DeviceFilter { SerialContains = middle }, null, 100);
        var tagged = await pages.ReadAsync(Reader, new DeviceFilter { HasGroupTag = true, GroupTag = "Sales" }, null, 100);
        var untagged = await pages.ReadAsync(Reader, new DeviceFilter { HasGroupTag = true, GroupTag = null }, null, 100);

        Assert.Equal(one.Id, Assert.Single(equal.Items).Id);
        Assert.Contains(starts.Items, d => d.Id == one.Id);
        Assert.All(starts.Items, d => Assert.StartsWith(one.SerialNumber[..3], d.SerialNumber, StringComparison.OrdinalIgnoreCase));
        Assert.Contains(contains.Items, d => d.Id == one.Id);
        Assert.All(contains.Items, d => Assert.Contains(middle, d.SerialNumber, StringComparison.OrdinalIgnoreCase));
        Assert.Equal(5, tagged.Items.Count);
        Assert.Empty(untagged.Items);
    }

    [Theory]
    [InlineData(DeviceExclusionKind.GroupTagEquals, "Sales", "NEX-A02 NEX-B02")]
    [InlineData(DeviceExclusionKind.GroupTagEquals, null, "NEX-A01 NEX-B01 NEX-B02")]
    [InlineData(DeviceExclusionKind.SerialEquals, " nex-a01", "NEX-A02 NEX-B01 NEX-B02")]
    [InlineData(DeviceExclusionKind.SerialStartsWith, "nex-a", "NEX-B01 NEX-B02")]
    [InlineData(DeviceExclusionKind.SerialContains, "x-b0", "NEX-A01 NEX-A02")]
    public async Task AnExclusionRemovesFromWhatTheIndexedPartFinds(DeviceExclusionKind kind, string? value, string expected)
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        (string Serial, string? Tag)[] devices = [("NEX-A01", "Sales"), ("NEX-A02", null), ("NEX-B01", "Sales"), ("NEX-B02", "HR"), ("OTHER-1", "HR")];
        var rows = devices.Select((d, n) => TestDevices.Prepare(TestDevices.Hash(seed: 940 + n, d.Serial), line: n + 2, serial: d.Serial, groupTag: d.Tag)).ToList();
        await database.Get<Core.Registration.DeviceRegistrationService>().RegisterAsync(TestTenant.Id, rows, dryRun: false);
        var pages = database.Get<DevicePages>();
        var filter = new DeviceFilter { SerialStartsWith = "NEX-", Excluding = [new DeviceExclusion(kind, value)] };

        var page = await pages.ReadAsync(Reader, filter, null, 100);

        Assert.Equal(expected, string.Join(' ', page.Items.Select(d => d.SerialNumber)));
        Assert.Equal(page.Items.Count, await pages.CountAsync(Reader, filter));
    }

    [Fact]
    public async Task AnExclusionWithoutAnIndexedPartIsRefusedSayingWhy()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var filter = new DeviceFilter { Excluding = [new DeviceExclusion(DeviceExclusionKind.GroupTagEquals, "Sales")] };

        var read = await Assert.ThrowsAsync<DeviceFilterException>(() => database.Get<DevicePages>().ReadAsync(Reader, filter, null, 10));
        var count = await Assert.ThrowsAsync<DeviceFilterException>(() => database.Get<DevicePages>().CountAsync(Reader, filter));

        Assert.Contains("there is none beside them", read.Message, StringComparison.Ordinal);
        Assert.Equal(read.Message, count.Message);
    }

    [Fact]
    public async Task AContainsTermTheIndexCannotServeIsRefusedSayingWhy()
    {
        await using var database = await PortalTestDatabase.CreateAsync();

        var error = await Assert.ThrowsAsync<DeviceFilterException>(() =>
            database.Get<DevicePages>().ReadAsync(Reader, new DeviceFilter { SerialContains = "5C" }, null, 10));

        Assert.Contains("at least 3 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnotherTenantsDeviceReadsAsNotFoundAndACallerWithoutARoleIsRefused()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var other = await database.Get<Core.Registration.DeviceRegistrationService>().RegisterAsync(
            Core.Data.DatabaseInitializer.OtherTenantId, [TestDevices.Prepare(TestDevices.Hash(seed: 930))], dryRun: false);
        var pages = database.Get<DevicePages>();

        Assert.Null(await pages.GetAsync(Reader, other[0].AutopilotDeviceId!.Value));
        await Assert.ThrowsAsync<AccessDeniedException>(() => pages.ReadAsync(PortalCaller.Anonymous(), new DeviceFilter(), null, 10));
    }
}
