using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Intune;

/// <summary>Intune's managed-device records (devices that enrolled), as their page lists them: paged on the server, searched by serial.</summary>
public sealed class ManagedDeviceService(IDbContextFactory<PortalDbContext> dbFactory, IOptions<PortalOptions> options, AuditService audit)
{
    private Guid TenantId => options.Value.TenantId;

    /// <summary>A page of managed devices by serial number; <paramref name="search"/> is a serial prefix.</summary>
    public async Task<PagedResult<ManagedDevice>> ListAsync(PortalCaller caller, string? search, int skip, int take, CancellationToken cancellationToken = default)
    {
        await audit.DemandAsync(caller, PortalPermission.ReadDevices, "Intune managed devices", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var devices = db.ManagedDevices.AsNoTracking().Where(d => d.TenantId == TenantId);
        var term = search?.Trim() ?? string.Empty;
        if (term.Length > 0)
        {
            // A range on the (TenantId, SerialNumber) index.
            var upper = term + "\uffff";
            devices = devices.Where(d => string.Compare(d.SerialNumber, term) >= 0 && string.Compare(d.SerialNumber, upper) < 0);
        }

        skip = Math.Max(0, skip);
        take = Math.Clamp(take, 1, 500);
        var items = await devices.OrderBy(d => d.SerialNumber).ThenBy(d => d.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        var total = items.Count < take && (items.Count > 0 || skip == 0) ? skip + items.Count : await devices.CountAsync(cancellationToken);
        return new PagedResult<ManagedDevice>(items, total);
    }
}
