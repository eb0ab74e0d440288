using System.Globalization;

namespace AutopilotPortal.Web.Shared;

/// <summary>
/// Times as the person reading them lives them: in their browser's time zone, with how long ago (or
/// how soon) in words, and the UTC time for the tooltip. The zone comes from the browser (the
/// <c>portal-tz</c> cookie portal.js keeps); UTC until it is known or when it names no zone here.
/// </summary>
public sealed class ViewerClock(TimeProvider time)
{
    /// <summary>The cookie that carries the browser's IANA time zone name.</summary>
    public const string CookieName = "portal-tz";

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>Takes the browser's zone (an IANA name such as <c>Europe/Copenhagen</c>); keeps UTC for an unknown one.</summary>
    public void UseZone(string? id)
    {
        if (!string.IsNullOrWhiteSpace(id) && id.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone))
        {
            Zone = zone;
        }
    }

    /// <summary>The zone's name as the pages say it: its IANA id, or UTC.</summary>
    /// <summary>The UTC instant a day starts at in the viewer's zone (a day filter's bound).</summary>
    public DateTime StartOf(DateOnly day) => StartOf(day, Zone);

    /// <summary>The UTC instant a day starts at in <paramref name="zone"/>.</summary>
    public static DateTime StartOf(DateOnly day, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);

    public string ZoneName => Zone == TimeZoneInfo.Utc ? "UTC" : Zone.Id;

    /// <summary>"2026-12-04 20:17" in the viewer's zone; "—" for none.</summary>
    public string Format(DateTime? utc, bool seconds = false) => utc is { } value
        ? Local(value).ToString(seconds ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
        : "—";

    /// <summary>The same moment in UTC, with the viewer's zone named: what the tooltip says.</summary>
    public string Tooltip(DateTime utc) =>
        $"{Utc(utc).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC" +
        (Zone == TimeZoneInfo.Utc ? string.Empty : $" · shown in {Zone.Id}");

    /// <summary>"just now", "3 minutes ago", "in 2 days"…, in the largest unit that fits.</summary>
    public string Relative(DateTime utc)
    {
        var span = Utc(utc) - time.GetUtcNow().UtcDateTime;
        var future = span > TimeSpan.Zero;
        var length = span.Duration();
        if (length < TimeSpan.FromMinutes(1))
        {
            return "just now";
        }

        // Rounded to the nearest whole unit: 9 minutes 58 seconds from now is "in 10 minutes".
        var (count, unit) = (Math.Round(length.TotalMinutes), Math.Round(length.TotalHours), Math.Round(length.TotalDays)) switch
        {
            var (minutes, _, _) when minutes < 60 => ((int)minutes, "minute"),
            var (_, hours, _) when hours < 24 => ((int)hours, "hour"),
            var (_, _, days) when days < 30 => ((int)days, "day"),
            var (_, _, days) when Math.Round(days / 30) < 12 => ((int)Math.Round(days / 30), "month"),
            var (_, _, days) => ((int)Math.Round(days / 365), "year"),
        };
        var words = $"{count} {unit}{(count == 1 ? "" : "s")}";
        return future ? $"in {words}" : $"{words} ago";
    }

    private DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(Utc(utc), Zone);

    private static DateTime Utc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };
}
