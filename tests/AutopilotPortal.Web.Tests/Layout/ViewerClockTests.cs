using AutopilotPortal.Web.Shared;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Layout;

public sealed class ViewerClockTests : BunitContext
{
    private static readonly DateTime Now = new(2026, 12, 4, 19, 17, 30, DateTimeKind.Utc);

    [Fact]
    public void TimesShowInTheBrowsersZoneAndTheTooltipKeepsUtc()
    {
        var clock = new ViewerClock(new FixedTime(Now));
        clock.UseZone("Europe/Copenhagen");

        Assert.Equal("Europe/Copenhagen", clock.ZoneName);
        Assert.Equal("2026-12-04 20:17", clock.Format(Now));
        Assert.Equal("2026-07-01 14:00:05", clock.Format(new DateTime(2026, 7, 1, 12, 0, 5, DateTimeKind.Utc), seconds: true));
        Assert.Equal("2026-12-04 19:17:30 UTC · shown in Europe/Copenhagen", clock.Tooltip(Now));
        Assert.Equal("—", clock.Format(null));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("../../etc/passwd")]
    public void AnUnknownOrMissingZoneKeepsUtc(string? zone)
    {
        var clock = new ViewerClock(new FixedTime(Now));
        clock.UseZone(zone);

        Assert.Equal("UTC", clock.ZoneName);
        Assert.Equal("2026-12-04 19:17", clock.Format(Now));
        Assert.Equal("2026-12-04 19:17:30 UTC", clock.Tooltip(Now));
    }

    [Theory]
    [InlineData(-20, "just now")]
    [InlineData(-60, "1 minute ago")]
    [InlineData(-3 * 3600 + 600, "3 hours ago")]
    [InlineData(598, "in 10 minutes")]
    [InlineData(-2 * 86400, "2 days ago")]
    [InlineData(-45 * 86400, "2 months ago")]
    [InlineData(-800 * 86400, "2 years ago")]
    [InlineData(90 * 86400, "in 3 months")]
    public void HowLongAgoIsSaidInTheLargestUnitThatFits(int seconds, string expected) =>
        Assert.Equal(expected, new ViewerClock(new FixedTime(Now)).Relative(Now.AddSeconds(seconds)));

    [Fact]
    public void AMomentRendersAsATimeElementWithItsUtcInstantAndTooltip()
    {
        var clock = new ViewerClock(new FixedTime(Now));
        clock.UseZone("America/New_York");
        Services.AddSingleton(clock);

        var when = Render<When>(p => p.Add(w => w.Utc, Now.AddHours(-3)));

        var time = when.Find("time");
        Assert.Equal("2026-12-04T16:17:30Z", time.GetAttribute("datetime"));
        Assert.Equal("2026-12-04 16:17:30 UTC · shown in America/New_York", time.GetAttribute("title"));
        Assert.Equal("2026-12-04 11:17 · 3 hours ago", time.TextContent.Trim());
        Assert.Equal("—", Render<When>(p => p.Add(w => w.Utc, null)).Markup.Trim());
    }

    private sealed class FixedTime(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now);
    }
}
