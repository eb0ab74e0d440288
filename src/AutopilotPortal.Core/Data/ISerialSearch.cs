using AutopilotPortal.Core.Intune;

namespace AutopilotPortal.Core.Data;

/// <summary>
/// Finds the Autopilot devices whose serial contains a term through an index, so that a search never
/// tests every device's serial.
/// </summary>
public interface ISerialSearch
{
    /// <summary>The shortest term the index serves; shorter ones are scanned in the list's order, capped.</summary>
    int MinimumTermLength { get; }

    /// <summary>
    /// The tenant's devices whose <see cref="AutopilotDevice.SerialKey"/> contains <paramref name="term"/>
    /// (normalised, at least <see cref="MinimumTermLength"/> characters), at most <paramref name="cap"/> of
    /// them, as a query the caller may sort and page. Untracked.
    /// </summary>
    IQueryable<AutopilotDevice> Containing(PortalDbContext db, Guid tenantId, string term, int cap);

    /// <summary>How many of the tenant's devices contain <paramref name="term"/>, counted up to <paramref name="cap"/>.</summary>
    Task<int> CountContainingAsync(PortalDbContext db, Guid tenantId, string term, int cap, CancellationToken cancellationToken);
}
