using AutopilotPortal.Core.Csv;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Audit;

/// <summary>
/// Reads the audit log: pages of entries and CSV exports. Only the entries of the tenant the portal
/// acts for are listed and exported.
/// </summary>
public sealed class AuditLogService(IDbContextFactory<PortalDbContext> dbFactory, IOptions<TenantOptions> options, AuditService audit, AccessGuard access)
{
    /// <summary>The most entries one CSV export holds.</summary>
    public const int MaxExportRows = 1_000_000;

    /// <summary>A page of entries, newest first.</summary>
    public async Task<PagedResult<AuditEntry>> ListAsync(PortalCaller caller, AuditQuery query, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadAudit, "the audit log", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entries = Filter(db, db.AuditEntries.AsNoTracking(), query);
        var (skip, take) = (Math.Max(0, query.Skip), Math.Clamp(query.Take, 1, 500));
        var items = await entries.OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return new PagedResult<AuditEntry>(items, await Paging.TotalAsync(entries, skip, take, items.Count, cancellationToken));
    }

    /// <summary>
    /// Writes the entries the query matches as CSV (UTF-8), newest first, streamed. Cells that a
    /// spreadsheet would run as a formula are neutralised. The export itself is audited.
    /// </summary>
    public async Task<int> ExportCsvAsync(PortalCaller caller, AuditQuery query, Stream output, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadAudit, "the audit log", cancellationToken);
        await access.DemandAsync(caller, PortalPermission.Export, "the audit log", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var csv = CsvExport.Create(output);
        await csv.WriteRecordAsync(["Time (UTC)", "User", "Action", "Outcome", "Target type", "Target", "Target id", "Old value", "New value", "Details", "From"], cancellationToken);
        var count = 0;
        var entries = Filter(db, db.AuditEntries.AsNoTracking(), query).OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Take(MaxExportRows);
        await foreach (var e in entries.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            count++;
            csv.WriteField(e.OccurredAt, "yyyy-MM-dd HH:mm:ss");
            csv.WriteField(e.Actor);
            csv.WriteField(e.Action);
            csv.WriteField(e.Outcome.ToString());
            csv.WriteField(e.TargetType);
            csv.WriteField(e.Target);
            csv.WriteField(e.TargetId);
            csv.WriteField(e.OldValue);
            csv.WriteField(e.NewValue);
            csv.WriteField(e.Details);
            csv.WriteField(e.RemoteAddress);
            await csv.EndRecordAsync(cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
        await audit.WriteAsync(caller, AuditActions.DataExported, "Audit log", "audit log", details: $"{count:N0} entries", cancellationToken: CancellationToken.None);
        return count;
    }

    private IQueryable<AuditEntry> Filter(PortalDbContext db, IQueryable<AuditEntry> entries, AuditQuery query)
    {
        var tenant = options.Value.Id;
        entries = entries.Where(e => e.TenantId == tenant);
        if (!string.IsNullOrWhiteSpace(query.User))
        {
            var user = query.User.Trim();
            entries = entries.Where(e => e.Actor == user);
        }

        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            entries = entries.Where(e => e.Action == query.Action);
        }

        if (!string.IsNullOrWhiteSpace(query.Target))
        {
            var target = query.Target.Trim();
            entries = db.TextMatching().WhereLike(entries.Where(e => e.Target != null), e => e.Target, LikePattern.Contains(target));
        }

        if (query.From is { } from)
        {
            entries = entries.Where(e => e.OccurredAt >= from);
        }

        if (query.To is { } to)
        {
            entries = entries.Where(e => e.OccurredAt < to);
        }

        return entries;
    }
}

/// <summary>Filters for the audit log. <see cref="From"/> is inclusive and <see cref="To"/> exclusive, both UTC.</summary>
public sealed record AuditQuery
{
    public string? User { get; init; }

    public string? Action { get; init; }

    public string? Target { get; init; }

    public DateTime? From { get; init; }

    public DateTime? To { get; init; }

    public int Skip { get; init; }

    public int Take { get; init; } = 50;
}
