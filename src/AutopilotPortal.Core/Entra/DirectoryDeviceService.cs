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

    /// <summary>
    /// A keyset page for automation, in id order: at most <paramref name="take"/> objects matching
    /// <paramref name="filter"/> after <paramref name="after"/>, and whether more follow.
    /// </summary>
    /// <exception cref="Devices.DeviceFilterException">Only the operating system filters, which no index serves.</exception>
    public async Task<(IReadOnlyList<DirectoryDevice> Items, bool More)> ReadPageAsync(
        PortalCaller caller, DirectoryDeviceFilter filter, Guid? after, int take, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, "Entra devices", cancellationToken);
        if (filter.OperatingSystem is not null && filter.DeviceId is null && filter.DisplayNameEquals is null && filter.DisplayNameStartsWith is null && !filter.HasZtdid && filter.Ztdid is null && filter.OrderId is null)
        {
            throw new Devices.DeviceFilterException("operatingSystem alone is served by no index; combine it with deviceId, displayName or a physicalIds filter.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var devices = db.DirectoryDevices.AsNoTracking().Where(d => d.TenantId == TenantId);
        if (filter.DeviceId is { } deviceId)
        {
            devices = devices.Where(d => d.DeviceId == deviceId);
        }

        if (filter.DisplayNameEquals is { } name)
        {
            devices = devices.Where(d => d.DisplayName == name);
        }

        if (filter.DisplayNameStartsWith is { } prefix)
        {
            // A range on the (TenantId, DisplayName) index.
            var end = prefix + "\uffff";
            devices = devices.Where(d => string.Compare(d.DisplayName, prefix) >= 0 && string.Compare(d.DisplayName, end) < 0);
        }

        if (filter.HasZtdid)
        {
            devices = devices.Where(d => d.Ztdid != null);
        }

        if (filter.Ztdid is { } ztdid)
        {
            devices = devices.Where(d => d.Ztdid == ztdid);
        }

        if (filter.OrderId is { } orderId)
        {
            // The (TenantId, OrderId, Id) index: equal tags, in id order.
            devices = devices.Where(d => d.OrderId == orderId);
        }

        if (filter.OperatingSystem is { } os)
        {
            devices = devices.Where(d => d.OperatingSystem == os);
        }

        if (after is { } last)
        {
            devices = devices.Where(d => d.Id.CompareTo(last) > 0);
        }

        var items = await devices.OrderBy(d => d.Id).Take(take + 1).ToListAsync(cancellationToken);
        return items.Count > take ? (items[..take], true) : (items, false);
    }

    /// <summary>One object of the tenant, or null.</summary>
    public async Task<DirectoryDevice?> GetAsync(PortalCaller caller, Guid id, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, id.ToString(), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.DirectoryDevices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && d.TenantId == TenantId, cancellationToken);
    }
}

/// <summary>
/// What an automation filter may ask of Entra's device objects: <see cref="DeviceId"/> (unique index),
/// the display name equal or starting with (index (TenantId, DisplayName)), "has a ZTDID" (index on Ztdid),
/// the <c>[OrderId]</c> (index (TenantId, OrderId, Id)), and the operating system only beside one of those.
/// </summary>
public sealed record DirectoryDeviceFilter
{
    public Guid? DeviceId { get; init; }

    public string? DisplayNameEquals { get; init; }

    public string? DisplayNameStartsWith { get; init; }

    /// <summary>Objects whose physicalIds hold a <c>[ZTDID]</c> (Autopilot's).</summary>
    public bool HasZtdid { get; init; }

    /// <summary>The object whose physicalIds hold <c>[ZTDID]:</c> this id (index on Ztdid).</summary>
    public Guid? Ztdid { get; init; }

    /// <summary>Objects whose physicalIds hold <c>[OrderId]:</c> this group tag, exactly (index (TenantId, OrderId, Id)).</summary>
    public string? OrderId { get; init; }

    public string? OperatingSystem { get; init; }
}

/// <summary>A device object as the Entra devices page shows it; <see cref="AutopilotDeviceId"/> links it to its Autopilot device.</summary>
public sealed record DirectoryDeviceItem(Guid Id, Guid DeviceId, string DisplayName, bool AccountEnabled, DeviceTrustType TrustType,
    IReadOnlyList<string> PhysicalIds, DateTime CreatedAt, Guid? AutopilotDeviceId);
