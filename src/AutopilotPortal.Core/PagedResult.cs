namespace AutopilotPortal.Core;

/// <summary>A page of items and the total they were cut from.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int TotalCount);
