using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Entra;

/// <summary>Entra's device objects, as the Entra devices page lists them: paged on the server, searched by name.</summary>
public sealed class DirectoryDeviceService(IDbContextFactory<PortalDbContext> dbFactory, IOptions<TenantOptions> options, AccessGuard access)
{
    private Guid TenantId => options.Value.Id;

    /// <summary>A page of device objects by display name; <paramref name="search"/> is a name prefix (a serial number, for Autopilot's objects).</summary>
    public async Task<PagedResult<DirectoryDeviceItem>> ListAsync(PortalCaller caller, string? search, int skip, int take, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, "Entra devices", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var objects = db.DirectoryDevices.AsNoTracking().Where(d => d.TenantId == TenantId);
        var term = search?.Trim() ?? string.Empty;
        if (term.Length > 0)
        {
            // A range on the (TenantId, DisplayName) index.
            var upper = term + "\uffff";
            objects = objects.Where(d => string.Compare(d.DisplayName, term) >= 0 && string.Compare(d.DisplayName, upper) < 0);
        }

        skip = Math.Max(0, skip);
        take = Math.Clamp(take, 1, 500);
        var page = await objects.OrderBy(d => d.DisplayName).ThenBy(d => d.Id).Skip(skip).Take(take)
            .Select(d => new
            {
                d.Id,
                d.DeviceId,
                d.DisplayName,
                d.AccountEnabled,
                d.TrustType,
                d.PhysicalIds,
                d.CreatedAt,
                Autopilot = db.AutopilotDevices.Where(a => a.DirectoryObjectId == d.Id).Select(a => (Guid?)a.Id).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var total = await Paging.TotalAsync(objects, skip, take, page.Count, cancellationToken);
        var items = page.Select(d => new DirectoryDeviceItem(d.Id, d.DeviceId, d.DisplayName, d.AccountEnabled, d.TrustType,
            d.PhysicalIds.Where(p => !p.StartsWith(PhysicalIds.HwidPrefix, StringComparison.OrdinalIgnoreCase)).ToList(), d.CreatedAt, d.Autopilot)).ToList();
        return new PagedResult<DirectoryDeviceItem>(items, total);
    }
}

/// <summary>A device object as the Entra devices page shows it; <see cref="AutopilotDeviceId"/> links it to its Autopilot device.</summary>
public sealed record DirectoryDeviceItem(Guid Id, Guid DeviceId, string DisplayName, bool AccountEnabled, DeviceTrustType TrustType,
    IReadOnlyList<string> PhysicalIds, DateTime CreatedAt, Guid? AutopilotDeviceId);
