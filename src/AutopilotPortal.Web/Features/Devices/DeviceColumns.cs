using AutopilotPortal.Core.Devices;

namespace AutopilotPortal.Web.Features.Devices;

/// <summary>
/// The device list's columns: which a person shows and in what order, kept as their preference
/// (<see cref="PreferenceName"/>: the column names, comma-separated). The serial number always comes
/// first; the default fits at 1440 px.
/// </summary>
public static class DeviceColumns
{
    public const string PreferenceName = "devices.columns";

    public static IReadOnlyList<DeviceSortColumn> Default { get; } =
    [
        DeviceSortColumn.SerialNumber, DeviceSortColumn.GroupTag, DeviceSortColumn.ProfileStatus,
        DeviceSortColumn.AssignedUser, DeviceSortColumn.LastContacted, DeviceSortColumn.EnrollmentState,
    ];

    public static string Label(DeviceSortColumn column) => column switch
    {
        DeviceSortColumn.SerialNumber => "Serial number",
        DeviceSortColumn.Manufacturer => "Manufacturer",
        DeviceSortColumn.Model => "Model",
        DeviceSortColumn.GroupTag => "Group tag",
        DeviceSortColumn.ProfileStatus => "Profile status",
        DeviceSortColumn.PurchaseOrder => "Purchase order",
        DeviceSortColumn.AssignedUser => "Assigned user",
        DeviceSortColumn.LastContacted => "Last contacted",
        DeviceSortColumn.EnrollmentState => "Enrollment state",
        _ => column.ToString(),
    };

    /// <summary>The columns a stored preference names, serial first, each once; the default for none or nothing usable.</summary>
    public static IReadOnlyList<DeviceSortColumn> Parse(string? stored)
    {
        if (string.IsNullOrWhiteSpace(stored))
        {
            return Default;
        }

        var columns = new List<DeviceSortColumn> { DeviceSortColumn.SerialNumber };
        foreach (var name in stored.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (Enum.TryParse<DeviceSortColumn>(name, out var column) && Enum.IsDefined(column) && !columns.Contains(column))
            {
                columns.Add(column);
            }
        }

        return columns;
    }

    public static string Format(IEnumerable<DeviceSortColumn> columns) => string.Join(",", columns);
}
