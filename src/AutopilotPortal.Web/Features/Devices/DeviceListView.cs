using System.Globalization;
using System.Text;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Web.Shared;
using Microsoft.Extensions.Primitives;

namespace AutopilotPortal.Web.Features.Devices;

/// <summary>
/// What the device list shows (serial search, sort, filters) as its address carries it, so that a
/// filtered view can be bookmarked and shared, and the export link downloads the same devices. The
/// last-contacted and registered ranges are pairs of days in the viewer's time zone, the "to" day included.
/// </summary>
public sealed record DeviceListView(
    string? Search = null,
    SerialMatch Match = SerialMatch.StartsWith,
    DeviceSortColumn Sort = DeviceSortColumn.SerialNumber,
    bool Descending = false,
    string? GroupTag = null,
    ProfileAssignmentStatus? ProfileStatus = null,
    EnrollmentState? EnrollmentState = null,
    string? Manufacturer = null,
    string? Model = null,
    string? PurchaseOrder = null,
    DateOnly? ContactedFrom = null,
    DateOnly? ContactedTo = null,
    DateOnly? RegisteredFrom = null,
    DateOnly? RegisteredTo = null)
{
    public const string SearchKey = "search", MatchKey = "match", SortKey = "sort", DescendingKey = "descending";
    public const string GroupTagKey = "groupTag", ProfileStatusKey = "profileStatus", EnrollmentStateKey = "enrollmentState";
    public const string ManufacturerKey = "manufacturer", ModelKey = "model", PurchaseOrderKey = "purchaseOrder";
    public const string ContactedFromKey = "contactedFrom", ContactedToKey = "contactedTo";
    public const string RegisteredFromKey = "registeredFrom", RegisteredToKey = "registeredTo";

    private const string DayFormat = "yyyy-MM-dd";

    /// <summary>How many filters are set (a range counts once); the serial search is not one.</summary>
    public int FilterCount => Filters(TimeZoneInfo.Utc).Count;

    /// <summary>The same search and sort with no filter.</summary>
    public DeviceListView WithoutFilters => new(Search, Match, Sort, Descending);

    /// <summary>Reads a view from an address's query; what it cannot read is left out and said in <paramref name="problems"/>.</summary>
    public static DeviceListView Parse(IEnumerable<KeyValuePair<string, StringValues>> query, out IReadOnlyList<string> problems)
    {
        var values = query.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var found = new List<string>();
        string? Text(string key) => values.TryGetValue(key, out var v) && v.Trim().Length > 0 ? v.Trim() : null;

        T? Enum<T>(string key, string what) where T : struct, System.Enum
        {
            var text = Text(key);
            if (text is null)
            {
                return null;
            }

            if (System.Enum.TryParse<T>(text, ignoreCase: true, out var value) && System.Enum.IsDefined(value) && !int.TryParse(text, out _))
            {
                return value;
            }

            found.Add($"{key}={text} is not {what}; it was left out. It takes {string.Join(", ", System.Enum.GetNames<T>())}.");
            return null;
        }

        DateOnly? Day(string key)
        {
            var text = Text(key);
            if (text is null)
            {
                return null;
            }

            if (DateOnly.TryParseExact(text, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                // The day's start and the next day's must be instants in every zone.
                if (day.Year is >= 1900 and <= 9998)
                {
                    return day;
                }

                found.Add($"{key}={text} is not a day between 1900 and 9998; it was left out.");
                return null;
            }

            found.Add($"{key}={text} is not a day written as {DayFormat}; it was left out.");
            return null;
        }

        bool descending = false;
        if (Text(DescendingKey) is { } desc && !bool.TryParse(desc, out descending))
        {
            found.Add($"{DescendingKey}={desc} is neither true nor false; it was left out.");
        }

        var view = new DeviceListView(
            Text(SearchKey),
            Enum<SerialMatch>(MatchKey, "a serial match") ?? SerialMatch.StartsWith,
            Enum<DeviceSortColumn>(SortKey, "a column to sort by") ?? DeviceSortColumn.SerialNumber,
            descending,
            Text(GroupTagKey),
            Enum<ProfileAssignmentStatus>(ProfileStatusKey, "a profile status"),
            Enum<EnrollmentState>(EnrollmentStateKey, "an enrollment state"),
            Text(ManufacturerKey),
            Text(ModelKey),
            Text(PurchaseOrderKey),
            Day(ContactedFromKey),
            Day(ContactedToKey),
            Day(RegisteredFromKey),
            Day(RegisteredToKey));
        string Backwards(string toKey, DateOnly to, string fromKey, DateOnly from) =>
            $"{toKey}={to.ToString(DayFormat, CultureInfo.InvariantCulture)} is before {fromKey}={from.ToString(DayFormat, CultureInfo.InvariantCulture)}: no device can match; the range was left out.";
        if (view is { ContactedFrom: { } from, ContactedTo: { } to } && to < from)
        {
            found.Add(Backwards(ContactedToKey, to, ContactedFromKey, from));
            view = view with { ContactedFrom = null, ContactedTo = null };
        }

        if (view is { RegisteredFrom: { } registeredFrom, RegisteredTo: { } registeredTo } && registeredTo < registeredFrom)
        {
            found.Add(Backwards(RegisteredToKey, registeredTo, RegisteredFromKey, registeredFrom));
            view = view with { RegisteredFrom = null, RegisteredTo = null };
        }

        problems = found;
        return view;
    }

    /// <summary>The query for the service: the range's days become UTC instants in the viewer's zone.</summary>
    public DeviceListQuery ToQuery(ViewerClock clock, int skip, int take) =>
        new(Search, Match, Sort, Descending, skip, take) { Filters = Filters(clock.Zone) };

    private DeviceFilters Filters(TimeZoneInfo zone) => new()
    {
        GroupTag = GroupTag,
        ProfileStatus = ProfileStatus,
        EnrollmentState = EnrollmentState,
        Manufacturer = Manufacturer,
        Model = Model,
        PurchaseOrder = PurchaseOrder,
        LastContactedFrom = ContactedFrom is { } from ? ViewerClock.StartOf(from, zone) : null,
        LastContactedTo = ContactedTo is { } to ? ViewerClock.StartOf(to.AddDays(1), zone) : null,
        RegisteredFrom = RegisteredFrom is { } registeredFrom ? ViewerClock.StartOf(registeredFrom, zone) : null,
        RegisteredTo = RegisteredTo is { } registeredTo ? ViewerClock.StartOf(registeredTo.AddDays(1), zone) : null,
    };

    /// <summary>"?search=…&amp;groupTag=…" with only what differs from the plain list, plus the open device; "" for the plain list.</summary>
    public string ToQueryString(Guid? device = null)
    {
        var parts = new List<(string, string)>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add((key, value));
            }
        }

        Add(SearchKey, Search?.Trim());
        Add(MatchKey, Match == SerialMatch.StartsWith ? null : Match.ToString());
        Add(SortKey, Sort == DeviceSortColumn.SerialNumber ? null : Sort.ToString());
        Add(DescendingKey, Descending ? "true" : null);
        Add(GroupTagKey, GroupTag);
        Add(ProfileStatusKey, ProfileStatus?.ToString());
        Add(EnrollmentStateKey, EnrollmentState?.ToString());
        Add(ManufacturerKey, Manufacturer);
        Add(ModelKey, Model);
        Add(PurchaseOrderKey, PurchaseOrder);
        Add(ContactedFromKey, ContactedFrom?.ToString(DayFormat, CultureInfo.InvariantCulture));
        Add(ContactedToKey, ContactedTo?.ToString(DayFormat, CultureInfo.InvariantCulture));
        Add(RegisteredFromKey, RegisteredFrom?.ToString(DayFormat, CultureInfo.InvariantCulture));
        Add(RegisteredToKey, RegisteredTo?.ToString(DayFormat, CultureInfo.InvariantCulture));
        Add("device", device?.ToString());
        if (parts.Count == 0)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        foreach (var (key, value) in parts)
        {
            text.Append(text.Length == 0 ? '?' : '&').Append(key).Append('=').Append(Uri.EscapeDataString(value));
        }

        return text.ToString();
    }
}
