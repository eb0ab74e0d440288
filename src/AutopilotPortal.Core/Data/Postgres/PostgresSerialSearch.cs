using AutopilotPortal.Core.Intune;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Data.Postgres;

/// <summary>
/// The <see cref="ISerialSearch"/> on PostgreSQL: <c>LIKE '%term%'</c> on the normalised serial, which the
/// trigram GIN index (<see cref="PostgresSchema"/>) serves for terms of three characters or more. The
/// matches are capped before the caller sorts and pages them.
/// </summary>
internal sealed class PostgresSerialSearch : ISerialSearch
{
    /// <summary>A trigram index matches terms of three characters or more.</summary>
    public int MinimumTermLength => 3;

    public IQueryable<AutopilotDevice> Containing(PortalDbContext db, Guid tenantId, string term, int cap) =>
        Matches(db, tenantId, term).Take(cap);

    public Task<int> CountContainingAsync(PortalDbContext db, Guid tenantId, string term, int cap, CancellationToken cancellationToken) =>
        Matches(db, tenantId, term).Take(cap).CountAsync(cancellationToken);

    private static IQueryable<AutopilotDevice> Matches(PortalDbContext db, Guid tenantId, string term) =>
        db.AutopilotDevices.AsNoTracking()
            .Where(d => d.TenantId == tenantId && EF.Functions.Like(d.SerialKey, LikePattern.Contains(term), LikePattern.Escape));
}
