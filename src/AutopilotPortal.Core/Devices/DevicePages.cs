using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Devices;

/// <summary>
/// The Autopilot device list read in keyset pages, for automation (the Graph-shaped API): pages in
/// (serial, id) order, each starting after the last key of the one before, so that no page scans the
/// rows before it, devices added meanwhile never make a page repeat or skip one, and every filter is
/// served by an index (<see cref="DeviceFilter"/>).
/// </summary>
public sealed class DevicePages(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<TenantOptions> tenant,
    AccessGuard access,
    ISerialSearch serialSearch)
{
    /// <summary>The most devices one page holds.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>The most devices a "serial contains" filter finds (the trigram index's matches are sorted before paging).</summary>
    public const int MaxContainsMatches = 100_000;

    /// <summary>
    /// One page: at most <paramref name="take"/> devices (1 to <see cref="MaxPageSize"/>) matching
    /// <paramref name="filter"/>, after <paramref name="after"/> in (serial, id) order. The page's
    /// <see cref="DevicePage.Next"/> is the key to ask the next page with, or null on the last.
    /// </summary>
    /// <exception cref="DeviceFilterException">The filter cannot be served by an index.</exception>
    public async Task<DevicePage> ReadAsync(PortalCaller caller, DeviceFilter filter, DeviceKey? after, int take, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, "devices", cancellationToken);
        take = Math.Clamp(take, 1, MaxPageSize);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenantId = tenant.Value.Id;
        var devices = Filtered(db, tenantId, filter);
        if (after is { } key)
        {
            devices = devices.Where(d => string.Compare(d.SerialKey, key.SerialKey) > 0
                || (d.SerialKey == key.SerialKey && d.Id.CompareTo(key.Id) > 0));
        }

        var items = await devices.OrderBy(d => d.SerialKey).ThenBy(d => d.Id).Take(take + 1).ToListAsync(cancellationToken);
        var next = items.Count > take ? new DeviceKey(items[take - 1].SerialKey, items[take - 1].Id) : (DeviceKey?)null;
        return new DevicePage(items.Count > take ? items[..take] : items, next);
    }

    /// <summary>How many devices match <paramref name="filter"/> (for <c>$count</c>).</summary>
    public async Task<int> CountAsync(PortalCaller caller, DeviceFilter filter, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, "devices", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenantId = tenant.Value.Id;
        if (filter.IsEmpty)
        {
            // Kept by the provider's schema on every insert and delete (IDatabaseProvider).
            return (int)await db.DeviceCounts.Where(c => c.TenantId == tenantId).Select(c => c.Count).FirstOrDefaultAsync(cancellationToken);
        }

        return await Filtered(db, tenantId, filter).CountAsync(cancellationToken);
    }

    /// <summary>One device of the tenant, or null (another tenant's id reads as not found).</summary>
    public async Task<AutopilotDevice?> GetAsync(PortalCaller caller, Guid id, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, id.ToString(), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenantId = tenant.Value.Id;
        return await db.AutopilotDevices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && d.TenantId == tenantId, cancellationToken);
    }

    private IQueryable<AutopilotDevice> Filtered(PortalDbContext db, Guid tenantId, DeviceFilter filter)
    {
        var devices = db.AutopilotDevices.AsNoTracking().Where(d => d.TenantId == tenantId);
        if (filter.SerialContains is { } part)
        {
            var term = HardwareIdentity.NormalizeSerial(part);
            if (term.Length < serialSearch.MinimumTermLength)
            {
                throw new DeviceFilterException(
                    $"contains(serialNumber, '{part}') needs at least {serialSearch.MinimumTermLength} characters: shorter ones are not served by the serial index. Use startswith or eq, or a longer term.");
            }

            devices = serialSearch.Containing(db, tenantId, term, MaxContainsMatches);
        }

        if (filter.SerialEquals is { } serial)
        {
            var key = HardwareIdentity.NormalizeSerial(serial);
            devices = devices.Where(d => d.SerialKey == key);
        }

        if (filter.SerialIn is { } serials)
        {
            // Point lookups on the (TenantId, SerialKey) index.
            var keys = serials.Select(HardwareIdentity.NormalizeSerial).Distinct(StringComparer.Ordinal).ToList();
            devices = devices.Where(d => keys.Contains(d.SerialKey));
        }

        if (filter.SerialStartsWith is { } prefix)
        {
            // A range on the (TenantId, SerialKey) index.
            var start = HardwareIdentity.NormalizeSerial(prefix);
            var end = start + "\uffff";
            devices = devices.Where(d => string.Compare(d.SerialKey, start) >= 0 && string.Compare(d.SerialKey, end) < 0);
        }

        if (filter.DeploymentProfileId is { } profileId)
        {
            // The (TenantId, DeploymentProfileId, SerialKey) index: the profile's devices, in serial order.
            devices = devices.Where(d => d.DeploymentProfileId == profileId);
        }

        if (filter.HasGroupTag)
        {
            // The (TenantId, GroupTag, SerialKey) index: equal tags, in serial order.
            var tag = string.IsNullOrEmpty(filter.GroupTag) ? null : filter.GroupTag;
            devices = tag is null ? devices.Where(d => d.GroupTag == null) : devices.Where(d => d.GroupTag == tag);
        }

        if (filter.Excluding.Count > 0 && !filter.IsIndexed)
        {
            throw new DeviceFilterException(
                "ne and not are tested on the devices an indexed part finds, and there is none beside them: add serialNumber eq, startswith or contains, or groupTag eq, joined with 'and'.");
        }

        foreach (var exclusion in filter.Excluding)
        {
            devices = Excluding(devices, exclusion);
        }

        return devices;
    }

    /// <summary>The devices that fail <paramref name="exclusion"/>, tested on each row the indexed parts found.</summary>
    private static IQueryable<AutopilotDevice> Excluding(IQueryable<AutopilotDevice> devices, DeviceExclusion exclusion)
    {
        switch (exclusion.Kind)
        {
            case DeviceExclusionKind.GroupTagEquals:
                // Graph's null semantics: a device without a tag is not equal to any tag.
                var tag = string.IsNullOrEmpty(exclusion.Value) ? null : exclusion.Value;
                return tag is null ? devices.Where(d => d.GroupTag != null) : devices.Where(d => d.GroupTag == null || d.GroupTag != tag);
            case DeviceExclusionKind.SerialEquals:
                var key = HardwareIdentity.NormalizeSerial(exclusion.Value);
                return devices.Where(d => d.SerialKey != key);
            case DeviceExclusionKind.SerialStartsWith:
                var start = HardwareIdentity.NormalizeSerial(exclusion.Value);
                var end = start + "\uffff";
                return devices.Where(d => string.Compare(d.SerialKey, start) < 0 || string.Compare(d.SerialKey, end) >= 0);
            case DeviceExclusionKind.SerialContains:
                var term = HardwareIdentity.NormalizeSerial(exclusion.Value);
                return devices.Where(d => !d.SerialKey.Contains(term));
            default:
                throw new ArgumentOutOfRangeException(nameof(exclusion), exclusion.Kind, "Unknown exclusion.");
        }
    }
}

/// <summary>
/// What an automation filter may ask of the device list; each part is served by an index:
/// serial equals and starts with by (TenantId, SerialKey), serial contains by the provider's serial
/// search (<see cref="ISerialSearch"/>), group tag equals by (TenantId, GroupTag, SerialKey). Parts combine with "and".
/// </summary>
public sealed record DeviceFilter
{
    /// <summary>Serial number equals (case-insensitive, trimmed).</summary>
    public string? SerialEquals { get; init; }

    /// <summary>Serial number equals one of these (case-insensitive, trimmed): <c>eq … or eq …</c>, or <c>in (…)</c>.</summary>
    public IReadOnlyList<string>? SerialIn { get; init; }

    /// <summary>Serial number starts with (case-insensitive).</summary>
    public string? SerialStartsWith { get; init; }

    /// <summary>Serial number contains (case-insensitive, at least the serial index's shortest term).</summary>
    public string? SerialContains { get; init; }

    /// <summary>Whether <see cref="GroupTag"/> filters (an empty or null tag then means "no tag").</summary>
    public bool HasGroupTag { get; init; }

    /// <summary>The group tag to equal, exactly.</summary>
    public string? GroupTag { get; init; }

    /// <summary>Devices whose intended deployment profile is this one (a profile's <c>assignedDevices</c>).</summary>
    public Guid? DeploymentProfileId { get; init; }

    /// <summary>
    /// Tests the devices the indexed parts find must fail (<c>ne</c>, <c>not</c>): checked on each of those
    /// rows, never on their own, since "all but these" is nearly every device and no index narrows it.
    /// </summary>
    public IReadOnlyList<DeviceExclusion> Excluding { get; init; } = [];

    /// <summary>True when an index-served part narrows the devices.</summary>
    public bool IsIndexed => SerialEquals is not null || SerialIn is not null || SerialStartsWith is not null || SerialContains is not null || HasGroupTag || DeploymentProfileId is not null;

    /// <summary>True when nothing filters.</summary>
    public bool IsEmpty => !IsIndexed && Excluding.Count == 0;
}

/// <summary>What an exclusion tests.</summary>
public enum DeviceExclusionKind
{
    /// <summary>Serial number equals (case-insensitive, trimmed): <c>serialNumber ne '…'</c>.</summary>
    SerialEquals,

    /// <summary>Serial number starts with (case-insensitive): <c>not startswith(serialNumber,'…')</c>.</summary>
    SerialStartsWith,

    /// <summary>Serial number contains (case-insensitive): <c>not contains(serialNumber,'…')</c>.</summary>
    SerialContains,

    /// <summary>Group tag equals exactly, an empty or null tag meaning "no tag": <c>groupTag ne '…'</c>.</summary>
    GroupTagEquals,
}

/// <summary>A test a device must fail to be listed.</summary>
/// <param name="Kind">What is tested.</param>
/// <param name="Value">The value tested against.</param>
public sealed record DeviceExclusion(DeviceExclusionKind Kind, string? Value);

/// <summary>Where a page starts: after this (serial key, id).</summary>
/// <param name="SerialKey">The normalised serial of the last device of the page before.</param>
/// <param name="Id">Its id, which orders devices of one serial.</param>
public readonly record struct DeviceKey(string SerialKey, Guid Id);

/// <summary>One page of devices and the key of the next, or null on the last.</summary>
/// <param name="Items">The page's devices, in (serial, id) order.</param>
/// <param name="Next">Where the next page starts, or null when this is the last.</param>
public sealed record DevicePage(IReadOnlyList<AutopilotDevice> Items, DeviceKey? Next);

/// <summary>A filter the device list cannot serve by an index; the message says which part and why.</summary>
public sealed class DeviceFilterException(string message) : Exception(message);
