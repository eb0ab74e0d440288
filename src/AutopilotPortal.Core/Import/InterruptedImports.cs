using AutopilotPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Import;

/// <summary>
/// Ends the running imports no instance vouches for any more: their <see cref="ImportJob.AliveUntil"/> has passed
/// (or, from a build before leases, was never set), so the instance that ran them stopped without saying so.
/// </summary>
internal static class InterruptedImports
{
    /// <summary>The failure message of an import cut off after <paramref name="rows"/> rows.</summary>
    public static string Message(int rows) =>
        $"The portal stopped during this import after {rows:N0} rows. The rows listed were registered; import the file again to register the rest (registered rows will say 806).";

    /// <summary>
    /// Marks the tenant's lapsed running imports failed, each with a conditional update, so that an import whose
    /// instance renewed its lease meanwhile, or that another instance ended first, is left as it is.
    /// </summary>
    /// <returns>How many imports this call ended.</returns>
    public static async Task<int> FailAsync(PortalDbContext db, Guid tenantId, DateTime now, CancellationToken cancellationToken)
    {
        var lapsed = await db.ImportJobs.AsNoTracking()
            .Where(j => j.Status == ImportJobStatus.Running && j.TenantId == tenantId && (j.AliveUntil == null || j.AliveUntil < now))
            .Select(j => new { j.Id, j.TotalRows, j.AliveUntil })
            .ToListAsync(cancellationToken);
        var ended = 0;
        foreach (var job in lapsed)
        {
            var message = Message(job.TotalRows);
            ended += await db.ImportJobs
                .Where(j => j.Id == job.Id && j.Status == ImportJobStatus.Running && j.TotalRows == job.TotalRows && j.AliveUntil == job.AliveUntil)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(j => j.Status, ImportJobStatus.Failed)
                    .SetProperty(j => j.FailureMessage, message)
                    .SetProperty(j => j.CompletedAt, now), cancellationToken);
        }

        return ended;
    }
}
