namespace AutopilotPortal.Core.Tests.Data;

public class IdsTests
{
    private static readonly DateTime When = new(2026, 11, 22, 23, 50, 1, 250, DateTimeKind.Utc);

    [Fact]
    public void RandomIdsAreVersion4RfcVariantAndDistinct()
    {
        var ids = Enumerable.Range(0, 5_000).Select(_ => Ids.NewRandom()).ToList();

        Assert.All(ids, id => Assert.Equal(4, id.Version));
        Assert.All(ids, id => Assert.Equal(0b10, id.Variant >> 2));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void GuidsOrderAsTheirStoredTextSorts()
    {
        // Registration hands out sorted random ids and relies on this to insert them in index order.
        var ids = Enumerable.Range(0, 2_000).Select(_ => Ids.NewRandom()).ToArray();
        Array.Sort(ids);

        var texts = ids.Select(id => id.ToString().ToUpperInvariant()).ToList();
        Assert.Equal(texts.Order(StringComparer.Ordinal), texts);
    }

    [Fact]
    public void TimeOrderedIdsCarryTheirMillisecondAndIncreaseWithinOne()
    {
        // More ids than one 4 KB block of random bytes holds, all stamped with one time, as a batch is.
        var ids = Enumerable.Range(0, 10_000).Select(_ => Ids.NewTimeOrdered(When)).ToList();

        Assert.All(ids, id => Assert.Equal(7, id.Version));
        Assert.All(ids, id => Assert.Equal(0b10, id.Variant >> 2));
        var milliseconds = new DateTimeOffset(When).ToUnixTimeMilliseconds();
        Assert.All(ids, id => Assert.Equal(milliseconds.ToString("X12"), id.ToString("N")[..12].ToUpperInvariant()));
        var texts = ids.Select(id => id.ToString().ToUpperInvariant()).ToList();
        Assert.Equal(texts.Order(StringComparer.Ordinal), texts);
        Assert.Equal(ids.Count, texts.Distinct().Count());
    }

    [Fact]
    public void AnIdFromALaterMillisecondSortsAfterWhateverTheCounter()
    {
        var earlier = Enumerable.Range(0, 3).Select(_ => Ids.NewTimeOrdered(When)).Last();
        var later = Ids.NewTimeOrdered(When.AddMilliseconds(1));
        var local = Ids.NewTimeOrdered(When.AddMilliseconds(2).ToLocalTime());

        Assert.True(string.CompareOrdinal(earlier.ToString(), later.ToString()) < 0);
        Assert.True(string.CompareOrdinal(later.ToString(), local.ToString()) < 0);
    }
}
