using AutopilotPortal.Core.Security;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Tests.Support;

namespace AutopilotPortal.Core.Tests.Devices;

public class DeviceListTests
{
    [Fact]
    public async Task ListPagesOnTheServerWithTotalCount()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await SeedAsync(database, 12);
        var devices = database.Get<DeviceService>();
        var all = await devices.ListAsync(PortalCaller.System, new DeviceListQuery(Take: 500));

        var page1 = await devices.ListAsync(PortalCaller.System, new DeviceListQuery(Skip: 0, Take: 5));
        var page2 = await devices.ListAsync(PortalCaller.System, new DeviceListQuery(Skip: 5, Take: 5));
        var page3 = await devices.ListAsync(PortalCaller.System, new DeviceListQuery(Skip: 10, Take: 5));

        Assert.Equal(12, all.TotalCount);
        Assert.Equal([5, 5, 2], new[] { page1, page2, page3 }.Select(p => p.Items.Count));
        Assert.All(new[] { page1, page2, page3 }, p => Assert.Equal(12, p.TotalCount));
        Assert.Equal(all.Items.Select(i => i.Id), page1.Items.Concat(page2.Items).Concat(page3.Items).Select(i => i.Id));
    }

    [Fact]
    public async Task ListShowsOnlyThePortalTenantsDevices()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await SeedAsync(database, 2);
        await database.Get<DeviceRegistrationService>().RegisterAsync(
            AutopilotPortal.Core.Data.DatabaseInitializer.OtherTenantId, [TestDevices.Prepare(TestDevices.Hash(seed: 999))], dryRun: false);

        var page = await database.Get<DeviceService>().ListAsync(PortalCaller.System, new DeviceListQuery(Take: 500));

        Assert.Equal(2, page.TotalCount);
    }

    [Fact]
    public async Task AContainsSearchIsNeitherCrowdedOutNorCappedByAnotherTenantsMatches()
    {
        // The serial index holds every tenant's serials; before, its cap of 1,000 came before the tenant filter.
        await using var database = await PortalTestDatabase.CreateAsync();
        var other = Enumerable.Range(0, DeviceService.MaxContainsMatches + 1)
            .Select(i => TestDevices.Prepare(TestDevices.Hash(5000 + i, $"XQZ{i:D5}"), line: i + 2)).ToList();
        await database.Get<DeviceRegistrationService>().RegisterAsync(AutopilotPortal.Core.Data.DatabaseInitializer.OtherTenantId, other, dryRun: false);
        await database.Get<DeviceRegistrationService>().RegisterAsync(TestTenant.Id,
            [TestDevices.Prepare(TestDevices.Hash(7000, "OWNXQZ01")), TestDevices.Prepare(TestDevices.Hash(7001, "OWNXQZ02"), line: 3)], dryRun: false);

        var page = await database.Get<DeviceService>().ListAsync(PortalCaller.System, new DeviceListQuery("XQZ", SerialMatch.Contains, Take: 50));

        Assert.Equal(["OWNXQZ01", "OWNXQZ02"], page.Items.Select(d => d.SerialNumber));
        Assert.Equal(2, page.TotalCount);
        Assert.False(page.IsCapped);
    }

    public static TheoryData<DeviceSortColumn, bool> SortCases()
    {
        var cases = new TheoryData<DeviceSortColumn, bool>();
        foreach (var column in Enum.GetValues<DeviceSortColumn>())
        {
            cases.Add(column, false);
            cases.Add(column, true);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(SortCases))]
    public async Task ListSortsByEachColumnInEachDirection(DeviceSortColumn column, bool descending)
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await SeedAsync(database, 12);

        var page = await database.Get<DeviceService>().ListAsync(PortalCaller.System, new DeviceListQuery(SortBy: column, Descending: descending, Take: 500));

        var keys = page.Items.Select(item => SortKey(item, column)).ToList();
        Assert.Equal(12, keys.Count);
        Assert.True(keys.Distinct().Count() > 1, $"The seed data gives {column} only one value, so the test would prove nothing.");
        for (var i = 1; i < keys.Count; i++)
        {
            var order = CompareKeys(keys[i - 1], keys[i]);
            Assert.True(descending ? order >= 0 : order <= 0, $"{column} {(descending ? "desc" : "asc")}: '{keys[i - 1]}' is listed before '{keys[i]}'.");
        }
    }

    [Fact]
    public async Task StartsWithSearchFindsByPrefixIgnoringCaseButNotByInfix()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await SeedSerialsAsync(database, "ABC1001", "ABC1002", "XABC003", "ZZZ0004");

        var page = await database.Get<DeviceService>().ListAsync(PortalCaller.System, new DeviceListQuery(Search: " abc", Match: SerialMatch.StartsWith));

        Assert.Equal(2, page.TotalCount);
        Assert.Equal(["ABC1001", "ABC1002"], page.Items.Select(i => i.SerialNumber));
    }

    [Fact]
    public async Task ContainsSearchFindsByInfix()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await SeedSerialsAsync(database, "ABC1001", "ABC1002", "XABC003", "ZZZ0004");

        var page = await database.Get<DeviceService>().ListAsync(PortalCaller.System, new DeviceListQuery(Search: "bc", Match: SerialMatch.Contains));

        Assert.Equal(3, page.TotalCount);
        Assert.Equal(["ABC1001", "ABC1002", "XABC003"], page.Items.Select(i => i.SerialNumber));
    }

    [Fact]
    public async Task ContainsSearchOfThreeOrMoreCharactersUsesTheTrigramIndexAndFindsEveryInfix()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await SeedSerialsAsync(database, "ABC1001", "ABC1002", "XABC003", "ZZZ0004", "AB1C005");

        var page = await database.Get<DeviceService>().ListAsync(PortalCaller.System, new DeviceListQuery(Search: "abc", Match: SerialMatch.Contains));

        Assert.Equal(3, page.TotalCount);
        Assert.Equal(["ABC1001", "ABC1002", "XABC003"], page.Items.Select(i => i.SerialNumber));
    }

    [Fact]
    public async Task ContainsSearchOfACommonSubstringKeepsAThousandMatchesSortedAndPaged()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var serials = Enumerable.Range(0, 1_010).Select(i => $"C{i:D4}MMN").Append("XYZ0001").ToArray();
        await SeedSerialsAsync(database, serials);
        var list = database.Get<DeviceService>();

        var last = await list.ListAsync(PortalCaller.System, new DeviceListQuery(Search: "mmn", Match: SerialMatch.Contains, Skip: 975, Take: 25));
        var beyond = await list.ListAsync(PortalCaller.System, new DeviceListQuery(Search: "mmn", Match: SerialMatch.Contains, Skip: 1_000, Take: 25));
        var narrower = await list.ListAsync(PortalCaller.System, new DeviceListQuery(Search: "C100", Match: SerialMatch.Contains));

        Assert.True(last.IsCapped);
        Assert.Equal(DeviceService.MaxContainsMatches, last.TotalCount);
        Assert.Equal(Enumerable.Range(975, 25).Select(i => $"C{i:D4}MMN"), last.Items.Select(i => i.SerialNumber));
        Assert.Empty(beyond.Items);
        Assert.False(narrower.IsCapped);
        Assert.Equal(Enumerable.Range(1_000, 10).Select(i => $"C{i:D4}MMN"), narrower.Items.Select(i => i.SerialNumber));
    }

    [Fact]
    public async Task UnfilteredTotalFollowsRegistrationsAndDeletionsInEveryTenant()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await SeedAsync(database, 30);
        await using (var db = await database.CreateDbContextAsync())
        {
            var gone = await db.AutopilotDevices.OrderBy(d => d.SerialKey).Take(3).ToListAsync();
            db.AutopilotDevices.RemoveRange(gone);
            await db.SaveChangesAsync();
        }

        var page = await database.Get<DeviceService>().ListAsync(PortalCaller.System, new DeviceListQuery(Take: 10));

        Assert.Equal(27, page.TotalCount);
        await using var check = await database.CreateDbContextAsync();
        Assert.Equal(await check.AutopilotDevices.CountAsync(d => d.TenantId == TestTenant.Id), page.TotalCount);
    }

    [Fact]
    public async Task ContainsSearchOfTwoCharactersKeepsTheFirstThousandInListOrder()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await SeedSerialsAsync(database, Enumerable.Range(0, 1_005).Select(i => $"Q{i:D4}").ToArray());
        var list = database.Get<DeviceService>();

        var last = await list.ListAsync(PortalCaller.System, new DeviceListQuery(Search: "q0", Match: SerialMatch.Contains, Skip: 990, Take: 25));
        var moreThanTheCap = await list.ListAsync(PortalCaller.System, new DeviceListQuery(Search: "q", Match: SerialMatch.Contains, Skip: 0, Take: 25));

        Assert.False(last.IsCapped); // Q0000–Q0999: exactly the cap, nothing left out
        Assert.True(moreThanTheCap.IsCapped); // all 1,005 contain "Q"
        Assert.Equal(DeviceService.MaxContainsMatches, last.TotalCount);
        Assert.Equal(Enumerable.Range(990, 10).Select(i => $"Q{i:D4}"), last.Items.Select(i => i.SerialNumber));
    }

    [Fact]
    public async Task ContainsSearchFollowsDeletedAndRenamedDevices()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await SeedSerialsAsync(database, "QWE1001", "QWE1002", "RTY1003");
        await using (var db = await database.CreateDbContextAsync())
        {
            var gone = await db.AutopilotDevices.SingleAsync(d => d.SerialKey == "QWE1001");
            db.AutopilotDevices.Remove(gone);
            var renamed = await db.AutopilotDevices.SingleAsync(d => d.SerialKey == "RTY1003");
            renamed.SerialKey = "QWE9003";
            await db.SaveChangesAsync();
        }

        var page = await database.Get<DeviceService>().ListAsync(PortalCaller.System, new DeviceListQuery(Search: "QWE", Match: SerialMatch.Contains));

        Assert.Equal(["QWE1002", "RTY1003"], page.Items.Select(i => i.SerialNumber));
        Assert.Equal(2, page.TotalCount);
        Assert.Empty((await database.Get<DeviceService>().ListAsync(PortalCaller.System, new DeviceListQuery(Search: "RTY", Match: SerialMatch.Contains))).Items);
    }

    private static object? SortKey(DeviceListItem item, DeviceSortColumn column) => column switch
    {
        DeviceSortColumn.SerialNumber => item.SerialNumber.ToUpperInvariant(),
        DeviceSortColumn.Manufacturer => item.Manufacturer,
        DeviceSortColumn.Model => item.Model,
        DeviceSortColumn.GroupTag => item.GroupTag,
        DeviceSortColumn.ProfileStatus => (int)item.ProfileStatus,
        DeviceSortColumn.PurchaseOrder => item.PurchaseOrder,
        DeviceSortColumn.AssignedUser => item.AssignedUser,
        DeviceSortColumn.LastContacted => item.LastContacted,
        DeviceSortColumn.EnrollmentState => (int)item.EnrollmentState,
        _ => throw new ArgumentOutOfRangeException(nameof(column)),
    };

    /// <summary>The database's order: nulls first, strings by code point.</summary>
    // A blank sorts as each database sorts NULL, which is what its indexes serve: before every value on SQLite, after on PostgreSQL.
    private static readonly int BlankFirst = AutopilotPortal.Tests.Shared.TestDatabase.OnPostgres ? 1 : -1;

    private static int CompareKeys(object? a, object? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => BlankFirst,
        (_, null) => -BlankFirst,
        (string x, string y) => string.CompareOrdinal(x, y),
        _ => Comparer<object>.Default.Compare(a, b),
    };

    /// <summary>Registers <paramref name="count"/> devices whose list columns all vary.</summary>
    public static TheoryData<string> FilterCases => new()
    {
        "group tag", "profile status", "enrollment state", "manufacturer", "model", "purchase order", "contacted from", "contacted to",
        "registered from", "registered to",
    };

    [Theory]
    [MemberData(nameof(FilterCases))]
    public async Task EachFilterKeepsExactlyTheDevicesItMatchesAndCountsThem(string filter)
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await SeedAsync(database, 30);
        var service = database.Get<DeviceService>();
        var all = (await service.ListAsync(PortalCaller.System, new DeviceListQuery(Take: 500))).Items;
        var middle = new DateTime(2026, 1, 1, 5, 0, 0, DateTimeKind.Utc);
        Dictionary<Guid, DateTime> registered;
        await using (var db = await database.CreateDbContextAsync())
        {
            registered = await db.AutopilotDevices.ToDictionaryAsync(d => d.Id, d => d.CreatedAt);
        }

        var (filters, keep) = filter switch
        {
            "group tag" => (new DeviceFilters { GroupTag = "Tag-B" }, (Func<DeviceListItem, bool>)(d => d.GroupTag == "Tag-B")),
            "profile status" => (new DeviceFilters { ProfileStatus = ProfileAssignmentStatus.Pending }, d => d.ProfileStatus == ProfileAssignmentStatus.Pending),
            "enrollment state" => (new DeviceFilters { EnrollmentState = EnrollmentState.PendingReset }, d => d.EnrollmentState == EnrollmentState.PendingReset),
            "manufacturer" => (new DeviceFilters { Manufacturer = all[0].Manufacturer }, d => d.Manufacturer == all[0].Manufacturer),
            "model" => (new DeviceFilters { Model = all[1].Model }, d => d.Model == all[1].Model),
            "purchase order" => (new DeviceFilters { PurchaseOrder = all.First(d => d.PurchaseOrder is not null).PurchaseOrder }, d => d.PurchaseOrder == all.First(d => d.PurchaseOrder is not null).PurchaseOrder),
            "contacted from" => (new DeviceFilters { LastContactedFrom = middle }, d => d.LastContacted >= middle),
            "contacted to" => (new DeviceFilters { LastContactedTo = middle }, d => d.LastContacted < middle),
            "registered from" => (new DeviceFilters { RegisteredFrom = middle }, d => registered[d.Id] >= middle),
            _ => (new DeviceFilters { RegisteredTo = middle }, d => registered[d.Id] < middle),
        };
        var expected = all.Where(keep).Select(d => d.Id).ToList();
        Assert.InRange(expected.Count, 1, all.Count - 1);

        // A page smaller than the matches: the total is counted, not taken from the page.
        var page = await service.ListAsync(PortalCaller.System, new DeviceListQuery(Take: 1) { Filters = filters });
        var whole = await service.ListAsync(PortalCaller.System, new DeviceListQuery(Take: 500) { Filters = filters });

        Assert.Equal(expected, whole.Items.Select(d => d.Id));
        Assert.Equal(expected.Count, page.TotalCount);
        Assert.Equal(expected[0], Assert.Single(page.Items).Id);
    }

    [Fact]
    public async Task FiltersCombineWithEachOtherAndWithTheSerialSearch()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await SeedAsync(database, 40);
        var service = database.Get<DeviceService>();
        var all = (await service.ListAsync(PortalCaller.System, new DeviceListQuery(Take: 500))).Items;
        var filters = new DeviceFilters { GroupTag = "Tag-B", EnrollmentState = EnrollmentState.NotContacted };
        var expected = all.Where(d => d.GroupTag == "Tag-B" && d.EnrollmentState == EnrollmentState.NotContacted).ToList();
        Assert.NotEmpty(expected);
        Assert.True(expected.Count < all.Count(d => d.GroupTag == "Tag-B"), "The seed gives the second filter nothing to remove.");

        var both = await service.ListAsync(PortalCaller.System, new DeviceListQuery(Take: 500) { Filters = filters });
        Assert.Equal(expected.Select(d => d.Id), both.Items.Select(d => d.Id));

        var prefix = expected[0].SerialNumber[..4];
        var searched = await service.ListAsync(PortalCaller.System, new DeviceListQuery(prefix, Take: 500) { Filters = filters });
        Assert.Equal(expected.Where(d => d.SerialNumber.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)).Select(d => d.Id), searched.Items.Select(d => d.Id));

        var none = await service.ListAsync(PortalCaller.System, new DeviceListQuery(Take: 500) { Filters = filters with { GroupTag = "No-such-tag" } });
        Assert.Empty(none.Items);
        Assert.Equal(0, none.TotalCount);
    }

    [Fact]
    public async Task CombinedFiltersCountUpToTheCapAndSayMoreBeyondItWhileStatusFiltersCountExactly()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await SeedAsync(database, 40);
        var service = database.Get<DeviceService>();
        var all = (await service.ListAsync(PortalCaller.System, new DeviceListQuery(Take: 500))).Items;
        // The group tag and profile status the most devices share.
        var common = all.Where(d => d.GroupTag is not null).GroupBy(d => (d.GroupTag, d.ProfileStatus)).MaxBy(g => g.Count())!.Key;
        var tagged = new DeviceFilters { GroupTag = common.GroupTag, ProfileStatus = common.ProfileStatus };
        var expected = all.Where(d => d.GroupTag == tagged.GroupTag && d.ProfileStatus == tagged.ProfileStatus).ToList();
        Assert.True(expected.Count > 1, "The seed gives the combination too few devices to cap.");

        var capped = await service.ListAsync(PortalCaller.System, new DeviceListQuery(Take: 1) { Filters = tagged, CombinedCountCap = 1 });
        Assert.True(capped.IsCapped);
        Assert.Equal(1, capped.TotalCount);
        var beyond = await service.ListAsync(PortalCaller.System, new DeviceListQuery(Skip: 1, Take: 1) { Filters = tagged, CombinedCountCap = 1 });
        Assert.Empty(beyond.Items);

        var uncapped = await service.ListAsync(PortalCaller.System, new DeviceListQuery(Take: 1) { Filters = tagged });
        Assert.False(uncapped.IsCapped);
        Assert.Equal(expected.Count, uncapped.TotalCount);

        // Profile status with enrollment state is answered by the kept counts: exact, whatever the cap.
        var status = new DeviceFilters { ProfileStatus = ProfileAssignmentStatus.Pending, EnrollmentState = all.First(d => d.ProfileStatus == ProfileAssignmentStatus.Pending).EnrollmentState };
        var statusExpected = all.Count(d => d.ProfileStatus == status.ProfileStatus && d.EnrollmentState == status.EnrollmentState);
        var counted = await service.ListAsync(PortalCaller.System, new DeviceListQuery(Take: 1) { Filters = status, CombinedCountCap = 1 });
        Assert.False(counted.IsCapped);
        Assert.Equal(statusExpected, counted.TotalCount);
    }

    [Fact]
    public async Task MatchingIdsAreEveryPagesMatchesOrNoneWhenThereAreMoreThanTheLimit()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await SeedAsync(database, 20);
        var service = database.Get<DeviceService>();
        var query = new DeviceListQuery(Take: 1) { Filters = new DeviceFilters { GroupTag = "Tag-C" } };
        var expected = (await service.ListAsync(PortalCaller.System, query with { Take = 500 })).Items.Select(d => d.Id).ToList();
        Assert.True(expected.Count > 1, "The seed gives the filter one device only.");

        Assert.Equal(expected, await service.MatchingIdsAsync(PortalCaller.System, query, max: expected.Count));
        Assert.Null(await service.MatchingIdsAsync(PortalCaller.System, query, max: expected.Count - 1));
        Assert.Empty((await service.MatchingIdsAsync(PortalCaller.System, query with { Filters = new DeviceFilters { GroupTag = "None-such" } }, max: 10))!);
    }

    [Fact]
    public async Task TheExportWritesTheFilteredDevicesOnly()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await SeedAsync(database, 20);
        var service = database.Get<DeviceService>();
        var query = new DeviceListQuery(Take: 500) { Filters = new DeviceFilters { GroupTag = "Tag-C" } };
        var expected = (await service.ListAsync(PortalCaller.System, query)).Items.Select(d => d.SerialNumber).ToList();
        Assert.NotEmpty(expected);

        using var output = new MemoryStream();
        var written = await service.ExportCsvAsync(PortalCaller.System, query, output);

        var lines = System.Text.Encoding.UTF8.GetString(output.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(expected.Count, written);
        Assert.Equal(expected, lines.Select(l => l.Split(',')[0].Trim('"')));
    }

    private static async Task SeedAsync(PortalTestDatabase database, int count)
    {
        var requests = Enumerable.Range(0, count).Select(n => new RegistrationRequest(
            n + 2,
            null,
            null,
            TestDevices.Hash(seed: 200 + n),
            GroupTag: n % 4 == 0 ? null : $"Tag-{(char)('A' + (n % 5))}",
            AssignedUser: n % 3 == 0 ? null : $"user{n % 7}@contoso.com",
            PurchaseOrderId: n % 2 == 0 ? null : $"PO-{(n * 37) % 100:D3}"));
        var outcomes = await database.Get<DeviceRegistrationService>().RegisterAsync(
            TestTenant.Id, requests.Select(RegistrationValidator.Prepare).ToList(), dryRun: false);
        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Error?.Message));

        await using var db = await database.CreateDbContextAsync();
        var n = 0;
        foreach (var device in db.AutopilotDevices.OrderBy(d => d.Id))
        {
            device.ProfileStatus = (ProfileAssignmentStatus)(n % 5);
            device.EnrollmentState = (EnrollmentState)((n * 2) % 6);
            device.LastContactedDateTime = n % 3 == 0 ? null : new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(n * 7 % 11);
            device.CreatedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(n * 5 % 13);
            n++;
        }

        await db.SaveChangesAsync();
    }

    private static async Task SeedSerialsAsync(PortalTestDatabase database, params string[] serials)
    {
        var rows = serials.Select((serial, i) => TestDevices.Prepare(TestDevices.Hash(seed: 300 + i, serial: serial), line: i + 2)).ToList();
        var outcomes = await database.Get<DeviceRegistrationService>().RegisterAsync(TestTenant.Id, rows, dryRun: false);
        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Error?.Message));
    }
}
