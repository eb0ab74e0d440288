using AutopilotPortal.Core.Devices;
using AutopilotPortal.Web.Graph;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace AutopilotPortal.Web.Tests.Graph;

/// <summary>Graph query options, parsed by the OData library, become filters the device list serves by an index.</summary>
public sealed class GraphQueryTests
{
    [Theory]
    [InlineData("contains(serialNumber,'5CG1')", null, null, "5CG1")]
    [InlineData("startswith(serialNumber,'PF')", null, "PF", null)]
    [InlineData("serialNumber eq '5CG1457YL8'", "5CG1457YL8", null, null)]
    [InlineData("SerialNumber eq 'x1y2z3'", "x1y2z3", null, null)]
    public void SerialFiltersBecomeTheirDeviceFilter(string filter, string? equals, string? startsWith, string? contains)
    {
        var query = Parse(("$filter", filter));

        Assert.Equal(new DeviceFilter { SerialEquals = equals, SerialStartsWith = startsWith, SerialContains = contains }, query.Filter);
    }

    [Fact]
    public void AndCombinesASerialAndAGroupTag()
    {
        var query = Parse(("$filter", "startswith(serialNumber,'5CG') and groupTag eq 'Sales'"));

        Assert.Equal(new DeviceFilter { SerialStartsWith = "5CG", HasGroupTag = true, GroupTag = "Sales" }, query.Filter);
    }

    [Theory]
    [InlineData("model eq 'Surface'", "eq on model")]
    [InlineData("contains(model,'Surface')", "contains()")]
    [InlineData("serialNumber eq 'A' or groupTag eq 'B'", "'or' between parts other than serialNumber eq")]
    [InlineData("model ne 'Surface'", "ne on model")]
    [InlineData("not(model eq 'Surface')", "not (… eq …) on model")]
    [InlineData("not(endswith(serialNumber,'A'))", "not endswith() on serialNumber")]
    [InlineData("not(serialNumber eq 'A' or serialNumber eq 'B')", "'not' around something other than one serialNumber or groupTag test")]
    public void AFilterNoIndexServesIsA400SayingWhatIsServed(string filter, string what)
    {
        var error = Assert.Throws<GraphRequestException>(() => Parse(("$filter", filter)));

        Assert.Equal(400, error.Status);
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
        Assert.Contains("serialNumber (eq, startswith, contains, and up to 50 eq joined by 'or'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NeAndNotBecomeExclusionsBesideTheIndexedPart()
    {
        var query = Parse(("$filter", "startswith(serialNumber,'5CG') and groupTag ne 'Lab' and serialNumber ne '5CG1' and not(contains(serialNumber,'X9')) and not startswith(serialNumber,'5CGZ') and not(groupTag eq '')"));

        Assert.Equal("5CG", query.Filter.SerialStartsWith);
        Assert.Equal(
            [
                new DeviceExclusion(DeviceExclusionKind.GroupTagEquals, "Lab"),
                new DeviceExclusion(DeviceExclusionKind.SerialEquals, "5CG1"),
                new DeviceExclusion(DeviceExclusionKind.SerialContains, "X9"),
                new DeviceExclusion(DeviceExclusionKind.SerialStartsWith, "5CGZ"),
                new DeviceExclusion(DeviceExclusionKind.GroupTagEquals, string.Empty),
            ],
            query.Filter.Excluding);
    }

    [Theory]
    [InlineData("serialNumber eq 'A1' or serialNumber eq 'b2' or SerialNumber eq 'C3'")]
    [InlineData("serialNumber in ('A1','b2','C3')")]
    public void OrOfSerialEqualsAndInBecomeASerialList(string filter)
    {
        var query = Parse(("$filter", "(" + filter + ") and groupTag eq 'Sales'"));

        Assert.Equal(["A1", "b2", "C3"], query.Filter.SerialIn!);
        Assert.Equal(query.Filter with { SerialIn = null }, new DeviceFilter { HasGroupTag = true, GroupTag = "Sales" });
    }

    [Fact]
    public void MoreThanFiftySerialsAreA400()
    {
        var filter = string.Join(" or ", Enumerable.Range(0, 51).Select(i => $"serialNumber eq 'S{i}'"));

        var error = Assert.Throws<GraphRequestException>(() => Parse(("$filter", filter)));

        Assert.Contains("51 serial numbers in one filter (at most 50)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFilterThatIsNotODataIsA400NamingTheParserProblem()
    {
        var error = Assert.Throws<GraphRequestException>(() => Parse(("$filter", "serialNumber eq")));

        Assert.Equal(400, error.Status);
        Assert.StartsWith("Invalid query:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 1000)]
    [InlineData("5", 5)]
    [InlineData("1000", 1000)]
    public void TopDefaultsToAndIsCappedAtAThousand(string? top, int expected)
    {
        var query = top is null ? Parse() : Parse(("$top", top));

        Assert.Equal(expected, query.Top);
    }

    [Fact]
    public void TopOverAThousandIsRefused() =>
        Assert.Equal(400, Assert.Throws<GraphRequestException>(() => Parse(("$top", "1001"))).Status);

    [Fact]
    public void ASkipTokenRoundTripsItsKeyAndAForgedOneIsRefused()
    {
        var key = new DeviceKey("5CG1457YL8", Guid.NewGuid());

        Assert.Equal(key, Parse(("$skiptoken", GraphQuery.EncodeSkipToken(key))).After);
        Assert.Equal(400, Assert.Throws<GraphRequestException>(() => Parse(("$skiptoken", "not-ours"))).Status);
    }

    [Fact]
    public void SelectAndCountAreRead()
    {
        var query = Parse(("$select", "serialNumber,groupTag"), ("$count", "true"));

        Assert.Equal(new HashSet<string> { "serialNumber", "groupTag" }, query.Select);
        Assert.True(query.Count);
    }

    private static GraphQuery Parse(params (string Key, string Value)[] options) =>
        GraphQuery.Parse(new QueryCollection(options.ToDictionary(o => o.Key, o => new StringValues(o.Value))));
}
