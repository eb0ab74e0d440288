using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core;

/// <summary>A page of items and the total they were cut from.</summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int TotalCount)
{
    /// <summary>True when more items matched than the query returns (see <see cref="Devices.DeviceService.MaxContainsMatches"/>).</summary>
    public bool IsCapped { get; init; }
}

/// <summary>Paging arithmetic the list services share.</summary>
public static class Paging
{
    /// <summary>
    /// The total a page of <paramref name="returned"/> items was cut from. A short page that is not
    /// past the end shows where the list ends, so only a full (or empty, past-the-end) page costs a COUNT.
    /// </summary>
    /// <param name="query">The filtered query the page was read from, counted when needed.</param>
    /// <param name="skip">The rows skipped, as the query used them.</param>
    /// <param name="take">The page size, as the query used it (after any clamp).</param>
    /// <param name="returned">How many items the page holds.</param>
    /// <param name="cancellationToken">Cancels the count.</param>
    public static async Task<int> TotalAsync<T>(IQueryable<T> query, int skip, int take, int returned, CancellationToken cancellationToken) =>
        returned < take && (returned > 0 || skip == 0) ? skip + returned : await query.CountAsync(cancellationToken);
}
