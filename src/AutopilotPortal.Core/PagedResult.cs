namespace AutopilotPortal.Core;

/// <summary>A page of items and the total they were cut from.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int TotalCount)
{
    /// <summary>True when more items matched than the query returns (see <see cref="Devices.DeviceService.MaxContainsMatches"/>).</summary>
    public bool IsCapped { get; init; }
}
