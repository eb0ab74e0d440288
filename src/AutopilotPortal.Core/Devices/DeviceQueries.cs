using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Intune;

namespace AutopilotPortal.Core.Devices;

/// <summary>How the search term matches serial numbers.</summary>
public enum SerialMatch
{
    StartsWith = 0,
    Contains = 1,
}

/// <summary>The columns the device list sorts by.</summary>
public enum DeviceSortColumn
{
    SerialNumber = 0,
    Manufacturer,
    Model,
    GroupTag,
    ProfileStatus,
    PurchaseOrder,
    AssignedUser,
    LastContacted,
    EnrollmentState,
}

/// <summary>A page of the device list.</summary>
public sealed record DeviceListQuery(
    string? Search = null,
    SerialMatch Match = SerialMatch.StartsWith,
    DeviceSortColumn SortBy = DeviceSortColumn.SerialNumber,
    bool Descending = false,
    int Skip = 0,
    int Take = 25)
{
    /// <summary>What the rows must also be, beside the serial search; none by default.</summary>
    public DeviceFilters Filters { get; init; } = DeviceFilters.None;

    /// <summary>
    /// The most matches counted (and paged through) when two or more conditions combine (filters, or a
    /// filter and a serial prefix): one index serves one of them and the rows are checked for the
    /// rest, so an exact count could read a million rows. Beyond it the total is "more than".
    /// </summary>
    public int CombinedCountCap { get; init; } = DefaultCombinedCountCap;

    public const int DefaultCombinedCountCap = 10_000;
}

/// <summary>
/// The device list's filters, each an exact match on one column (or, for the last contact and the registration time, a range),
/// combined with AND. Each column leads an index of its own after the tenant, so a filter alone reads
/// only its matches, in serial order.
/// </summary>
public sealed record DeviceFilters
{
    public static DeviceFilters None { get; } = new();

    public string? GroupTag { get; init; }

    public ProfileAssignmentStatus? ProfileStatus { get; init; }

    public EnrollmentState? EnrollmentState { get; init; }

    public string? Manufacturer { get; init; }

    public string? Model { get; init; }

    public string? PurchaseOrder { get; init; }

    /// <summary>Last contacted at or after this time (UTC).</summary>
    public DateTime? LastContactedFrom { get; init; }

    /// <summary>Last contacted before this time (UTC).</summary>
    public DateTime? LastContactedTo { get; init; }

    /// <summary>Registered (added to the Autopilot list) at or after this time (UTC).</summary>
    public DateTime? RegisteredFrom { get; init; }

    /// <summary>Registered before this time (UTC).</summary>
    public DateTime? RegisteredTo { get; init; }

    public bool IsEmpty => this == None;

    /// <summary>How many filters are set (a range counts once).</summary>
    public int Count =>
        new object?[] { GroupTag, ProfileStatus, EnrollmentState, Manufacturer, Model, PurchaseOrder }.Count(v => v is not null)
        + (LastContactedFrom is not null || LastContactedTo is not null ? 1 : 0)
        + (RegisteredFrom is not null || RegisteredTo is not null ? 1 : 0);

    /// <summary>Whether only the profile status and enrollment state are set, which the kept counts answer.</summary>
    public bool IsStatusOnly => !IsEmpty && this with { ProfileStatus = null, EnrollmentState = null } == None;
}

/// <summary>One row of the device list.</summary>
public sealed record DeviceListItem(
    Guid Id,
    string SerialNumber,
    string Manufacturer,
    string? Model,
    string? GroupTag,
    ProfileAssignmentStatus ProfileStatus,
    string? PurchaseOrder,
    string? AssignedUser,
    DateTime? LastContacted,
    EnrollmentState EnrollmentState,
    string? DisplayName)
{
    /// <summary>
    /// The SMBIOS UUID, set when <see cref="SerialNumber"/> is a firmware placeholder that other devices may share
    /// (<see cref="Hardware.PlaceholderSerials"/>), so that the list can tell them apart; otherwise <see langword="null"/>.
    /// </summary>
    public Guid? SmbiosUuid { get; init; }
}



/// <summary>Everything the device pane shows.</summary>
public sealed record DeviceDetails(
    AutopilotDevice Device,
    Guid RegistrationId,
    DateTime RegisteredAt,
    string? HardwareHash,
    HardwareHashResult? Hardware,
    DirectoryDevice? DirectoryObject);
