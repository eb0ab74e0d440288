using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Intune;

/// <summary>Intune's managed-device records (devices that enrolled), as their page lists them: paged on the server, searched by serial.</summary>
public sealed class ManagedDeviceService(IDbContextFactory<PortalDbContext> dbFactory, IOptions<TenantOptions> options, AuditService audit, AccessGuard access)
{
    private Guid TenantId => options.Value.Id;

    /// <summary>A page of managed devices by serial number; <paramref name="search"/> is a serial prefix.</summary>
    public async Task<PagedResult<ManagedDevice>> ListAsync(PortalCaller caller, string? search, int skip, int take, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, "Intune managed devices", cancellationToken);
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
        var total = await Paging.TotalAsync(devices, skip, take, items.Count, cancellationToken);
        return new PagedResult<ManagedDevice>(items, total);
    }

    /// <summary>
    /// A keyset page for automation, in id order: at most <paramref name="take"/> records after
    /// <paramref name="after"/>, of the serial <paramref name="serialEquals"/> when given (the
    /// (TenantId, SerialNumber) index), and whether more follow.
    /// </summary>
    public async Task<(IReadOnlyList<ManagedDevice> Items, bool More)> ReadPageAsync(
        PortalCaller caller, string? serialEquals, Guid? after, int take, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, "Intune managed devices", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var devices = db.ManagedDevices.AsNoTracking().Where(d => d.TenantId == TenantId);
        if (serialEquals is { } serial)
        {
            devices = devices.Where(d => d.SerialNumber == serial);
        }

        if (after is { } last)
        {
            devices = devices.Where(d => d.Id.CompareTo(last) > 0);
        }

        var items = await devices.OrderBy(d => d.Id).Take(take + 1).ToListAsync(cancellationToken);
        return items.Count > take ? (items[..take], true) : (items, false);
    }

    /// <summary>One record of the tenant, or null.</summary>
    public async Task<ManagedDevice?> GetAsync(PortalCaller caller, Guid id, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, id.ToString(), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ManagedDevices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && d.TenantId == TenantId, cancellationToken);
    }

    /// <summary>
    /// Deletes one managed-device record, as Intune's Devices › Delete does (for example so that a
    /// pre-provisioned device may run Autopilot again). Its Autopilot device, if any, keeps its
    /// registration and shows that it is no longer enrolled. Returns false when the record was already gone.
    /// To retire a device for good use the ordered decommission instead.
    /// </summary>
    /// <exception cref="AccessDeniedException">The caller may not delete devices.</exception>
    public async Task<bool> DeleteAsync(PortalCaller caller, Guid managedDeviceId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.DeleteDevices, managedDeviceId.ToString(), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        var record = await db.ManagedDevices.FirstOrDefaultAsync(m => m.Id == managedDeviceId && m.TenantId == TenantId, cancellationToken);
        if (record is null)
        {
            return false;
        }

        var enrolled = await db.AutopilotDevices
            .Where(a => a.TenantId == TenantId && (a.ManagedDeviceId == managedDeviceId || (record.AutopilotDeviceId != null && a.Id == record.AutopilotDeviceId)))
            .ToListAsync(cancellationToken);
        foreach (var device in enrolled.Where(d => d.ManagedDeviceId is null || d.ManagedDeviceId == managedDeviceId))
        {
            device.Unenroll();
        }

        db.ManagedDevices.Remove(record);
        audit.Add(db, caller, AuditActions.ManagedDeviceDeleted, "Intune managed device", record.DeviceName, record.Id.ToString(),
            oldValue: record.SerialNumber, details: record.PreProvisioned ? "Pre-provisioned record: the device may run Autopilot again." : null);
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return true;
    }
}
