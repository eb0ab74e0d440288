using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Decommissioning;

/// <summary>
/// Reads decommissions for the pages: the list with their steps, one by id, a device's unfinished
/// one and the progress of bulk requests. Nothing here writes; <see cref="DecommissionService"/>
/// starts them and the <see cref="DecommissionWorker"/> runs them.
/// </summary>
public sealed class DecommissionQueries(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<TenantOptions> options,
    AccessGuard access,
    TimeProvider clock)
{
    private Guid TenantId => options.Value.Id;

    /// <summary>The newest decommissions first, with their steps.</summary>
    public async Task<PagedResult<DecommissionView>> ListAsync(PortalCaller caller, int skip, int take, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, "decommissions", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Decommissions.AsNoTracking().Where(d => d.TenantId == TenantId);
        (skip, take) = (Math.Max(0, skip), Math.Clamp(take, 1, 200));
        var items = await query.OrderByDescending(d => d.RequestedAt).ThenBy(d => d.SerialNumber)
            .Skip(skip).Take(take).Include(d => d.Steps).ToListAsync(cancellationToken);
        var views = await WithReplacementSerialsAsync(db, items.Select(ToView).ToList(), cancellationToken);
        return new PagedResult<DecommissionView>(views, await Paging.TotalAsync(query, skip, take, items.Count, cancellationToken));
    }

    /// <summary>Names each replacement's new device by its serial number: one query for the page, none without replacements.</summary>
    private async Task<List<DecommissionView>> WithReplacementSerialsAsync(PortalDbContext db, List<DecommissionView> views, CancellationToken cancellationToken)
    {
        var ids = views.Where(v => v.ReplacementDeviceId is not null).Select(v => v.ReplacementDeviceId!.Value).Distinct().ToList();
        if (ids.Count == 0)
        {
            return views;
        }

        var serials = await db.AutopilotDevices.AsNoTracking()
            .Where(d => d.TenantId == TenantId && ids.Contains(d.Id))
            .ToDictionaryAsync(d => d.Id, d => d.SerialNumber, cancellationToken);
        return views.Select(v => v.ReplacementDeviceId is { } id && serials.TryGetValue(id, out var serial) ? v with { ReplacementSerial = serial } : v).ToList();
    }

    /// <summary>One decommission, or null.</summary>
    public async Task<DecommissionView?> GetAsync(PortalCaller caller, Guid decommissionId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, decommissionId.ToString(), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var d = await db.Decommissions.AsNoTracking().Include(x => x.Steps).FirstOrDefaultAsync(x => x.Id == decommissionId && x.TenantId == TenantId, cancellationToken);
        return d is null ? null : (await WithReplacementSerialsAsync(db, [ToView(d)], cancellationToken))[0];
    }

    /// <summary>The device's unfinished (pending, running or failed) decommission, or null: the device pane shows it.</summary>
    public async Task<DecommissionView?> FindUnfinishedForDeviceAsync(PortalCaller caller, Guid deviceId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, deviceId.ToString(), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var d = await db.Decommissions.AsNoTracking().Include(x => x.Steps)
            .Where(x => x.AutopilotDeviceId == deviceId && x.TenantId == TenantId && x.State != DecommissionState.Completed)
            .OrderByDescending(x => x.RequestedAt).FirstOrDefaultAsync(cancellationToken);
        return d is null ? null : ToView(d);
    }

    /// <summary>Progress of the bulk decommissions that still have work (or finished in the last hour).</summary>
    public async Task<IReadOnlyList<DecommissionBatchProgress>> BatchesAsync(PortalCaller caller, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, "decommissions", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var since = clock.GetUtcNow().UtcDateTime.AddHours(-1);

        // Only the batches with work left (a failed one waits for its retry) or finished within the hour:
        // the page asks every second while work runs, so old history must not be grouped each time.
        var live = db.Decommissions.Where(d => d.TenantId == TenantId && d.BatchId != null && (d.State != DecommissionState.Completed || d.CompletedAt >= since))
            .Select(d => d.BatchId);
        var rows = await db.Decommissions.AsNoTracking().Where(d => d.TenantId == TenantId && live.Contains(d.BatchId))
            .GroupBy(d => d.BatchId!.Value)
            .Select(g => new
            {
                BatchId = g.Key,
                Total = g.Count(),
                Completed = g.Count(d => d.State == DecommissionState.Completed),
                Failed = g.Count(d => d.State == DecommissionState.Failed),
                RequestedAt = g.Min(d => d.RequestedAt),
                Last = g.Max(d => d.CompletedAt),
            })
            .ToListAsync(cancellationToken);
        return rows.OrderByDescending(r => r.RequestedAt)
            .Select(r => new DecommissionBatchProgress(r.BatchId, r.Total, r.Completed, r.Failed, r.RequestedAt)).ToList();
    }

    private static DecommissionView ToView(Decommission d) => new(d.Id, d.BatchId, d.Kind, d.State, d.SerialNumber, d.AutopilotDeviceId, d.Ztdid, d.RequestedBy,
        d.RequestedAt, d.CompletedAt, d.FailureReason, d.Note, d.Attempts, d.ReplacementDeviceId, d.ReplacementZtdid,
        d.Steps.OrderBy(s => s.Order).Select(s => new DecommissionStepView(s.Order, s.Kind, DecommissionSteps.Label(s.Kind), s.State, s.CompletedAt, s.Outcome)).ToList());
}
