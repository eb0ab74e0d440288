using System.Text;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Audit;

/// <summary>
/// Writes and reads the audit log. A change and its entry are written in the same transaction
/// (<see cref="Add"/>), so the log never shows a change that did not happen nor misses one that did.
/// Entries carry the tenant the portal acts for, and only that tenant's are listed and exported.
/// </summary>
public sealed class AuditService(IDbContextFactory<PortalDbContext> dbFactory, IOptions<PortalOptions> options, TimeProvider clock, ILogger<AuditService> logger)
{
    /// <summary>The most entries one CSV export holds.</summary>
    public const int MaxExportRows = 1_000_000;

    /// <summary>Adds an entry to a context whose changes are about to be saved; it is written with them.</summary>
    public AuditEntry Add(PortalDbContext db, PortalCaller caller, string action, string? targetType = null, string? target = null,
        string? targetId = null, string? oldValue = null, string? newValue = null, string? details = null, AuditOutcome outcome = AuditOutcome.Succeeded)
    {
        var entry = Create(caller, action, targetType, target, targetId, oldValue, newValue, details, outcome);
        db.AuditEntries.Add(entry);
        return entry;
    }

    /// <summary>Writes one entry on its own (sign-ins, refusals, exports).</summary>
    public async Task WriteAsync(PortalCaller caller, string action, string? targetType = null, string? target = null,
        string? targetId = null, string? oldValue = null, string? newValue = null, string? details = null,
        AuditOutcome outcome = AuditOutcome.Succeeded, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(Create(caller, action, targetType, target, targetId, oldValue, newValue, details, outcome));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>A page of entries, newest first.</summary>
    public async Task<PagedResult<AuditEntry>> ListAsync(PortalCaller caller, AuditQuery query, CancellationToken cancellationToken = default)
    {
        await DemandAsync(caller, PortalPermission.ReadAudit, "the audit log", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entries = Filter(db.AuditEntries.AsNoTracking(), query);
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
        await DemandAsync(caller, PortalPermission.ReadAudit, "the audit log", cancellationToken);
        await DemandAsync(caller, PortalPermission.Export, "the audit log", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 65536, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync("Time (UTC),User,Action,Outcome,Target type,Target,Target id,Old value,New value,Details,From");
        var count = 0;
        var entries = Filter(db.AuditEntries.AsNoTracking(), query).OrderByDescending(e => e.OccurredAt).ThenByDescending(e => e.Id).Take(MaxExportRows);
        await foreach (var e in entries.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            count++;
            await writer.WriteLineAsync(string.Join(',',
                e.OccurredAt.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                CsvCell.Escape(e.Actor), CsvCell.Escape(e.Action), e.Outcome.ToString(), CsvCell.Escape(e.TargetType), CsvCell.Escape(e.Target),
                CsvCell.Escape(e.TargetId), CsvCell.Escape(e.OldValue), CsvCell.Escape(e.NewValue), CsvCell.Escape(e.Details),
                CsvCell.Escape(e.RemoteAddress)));
        }

        await writer.FlushAsync(cancellationToken);
        await WriteAsync(caller, AuditActions.DataExported, "Audit log", "audit log", details: $"{count:N0} entries", cancellationToken: CancellationToken.None);
        return count;
    }

    /// <summary>
    /// Refuses the call, and says so in the log, unless one of the caller's roles grants the permission.
    /// </summary>
    /// <exception cref="AccessDeniedException">The caller may not do this.</exception>
    public async Task DemandAsync(PortalCaller caller, PortalPermission permission, string target, CancellationToken cancellationToken = default)
    {
        if (caller.Can(permission))
        {
            return;
        }

        var message = caller.RefusalFor(permission);

        logger.LogWarning("Refused {Permission} on {Target} to {User} ({Roles}) from {Address}",
            permission, target, caller.UserName, string.Join(',', caller.Roles), caller.RemoteAddress);
        try
        {
            await WriteAsync(caller, AuditActions.AccessRefused, "Permission", target, details: $"{permission}: {message}",
                outcome: AuditOutcome.Refused, cancellationToken: CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException)
        {
            logger.LogError(ex, "Could not write the audit entry for a refused {Permission}", permission);
        }

        throw new AccessDeniedException(permission, message);
    }

    private AuditEntry Create(PortalCaller caller, string action, string? targetType, string? target, string? targetId,
        string? oldValue, string? newValue, string? details, AuditOutcome outcome) => new()
    {
        OccurredAt = clock.GetUtcNow().UtcDateTime,
        TenantId = options.Value.TenantId,
        Actor = Truncate(caller.UserName, 256)!,
        Action = action,
        Outcome = outcome,
        TargetType = Truncate(targetType, 64),
        Target = Truncate(target, 512),
        TargetId = Truncate(targetId, 64),
        OldValue = Truncate(oldValue, 1024),
        NewValue = Truncate(newValue, 1024),
        Details = Truncate(details, 2048),
        RemoteAddress = Truncate(caller.RemoteAddress, 64),
    };

    private IQueryable<AuditEntry> Filter(IQueryable<AuditEntry> entries, AuditQuery query)
    {
        var tenant = options.Value.TenantId;
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
            entries = entries.Where(e => e.Target != null && EF.Functions.Like(e.Target, LikePattern.Contains(target), LikePattern.Escape));
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


    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..(max - 1)] + "…";
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
