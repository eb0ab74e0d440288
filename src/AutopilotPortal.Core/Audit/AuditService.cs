using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Audit;

/// <summary>
/// Writes the audit log. A change and its entry are written in the same transaction
/// (<see cref="Add"/>), so the log never shows a change that did not happen nor misses one that did.
/// Entries carry the tenant the portal acts for; <see cref="AuditLogService"/> reads them.
/// </summary>
public sealed class AuditService(IDbContextFactory<PortalDbContext> dbFactory, IOptions<TenantOptions> options, TimeProvider clock)
{
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

    private AuditEntry Create(PortalCaller caller, string action, string? targetType, string? target, string? targetId,
        string? oldValue, string? newValue, string? details, AuditOutcome outcome) => new()
    {
        OccurredAt = clock.GetUtcNow().UtcDateTime,
        TenantId = options.Value.Id,
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

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..(max - 1)] + "…";
}
