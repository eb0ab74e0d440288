using AutopilotPortal.Core.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AutopilotPortal.Core.Security;

/// <summary>
/// Decides whether a caller may do something, before the service does it. The caller is passed in
/// explicitly (decision 0004); a refusal is logged and written to the audit log, then thrown.
/// </summary>
public sealed class AccessGuard(AuditService audit, ILogger<AccessGuard> logger)
{
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
            await audit.WriteAsync(caller, AuditActions.AccessRefused, "Permission", target, details: $"{permission}: {message}",
                outcome: AuditOutcome.Refused, cancellationToken: CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbUpdateException or WriteConflictException or InvalidOperationException)
        {
            logger.LogError(ex, "Could not write the audit entry for a refused {Permission}", permission);
        }

        throw new AccessDeniedException(permission, message);
    }
}
