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
    int Take = 25);

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
