using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Devices;

/// <summary>
/// The Autopilot device list: paging, search by serial, details and export. Every call checks the
/// caller's rights. Edits are <see cref="DeviceEditService"/>'s.
/// </summary>
public sealed partial class DeviceService(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<TenantOptions> options,
    AuditService audit, AccessGuard access,
    ISerialSearch serialSearch)
{
    private Guid TenantId => options.Value.Id;

    /// <summary>One page of the list; sorting, filtering and paging run in the database.</summary>
    public async Task<PagedResult<DeviceListItem>> ListAsync(PortalCaller caller, DeviceListQuery query, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, "devices", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (devices, capped, scanCapped, term) = await FilterAsync(db, query, cancellationToken);
        var skip = Math.Max(0, query.Skip);
        var take = Math.Clamp(query.Take, 1, 500);
        var sorted = Sort(devices, query.SortBy, query.Descending);
        if (scanCapped)
        {
            sorted = sorted.Take(MaxContainsMatches);
        }

        // Two conditions or more, not answered by the kept counts: counted (and paged) up to the cap.
        var statusCounted = term.Length == 0 && query.Filters.IsStatusOnly;
        var combinedCap = !scanCapped && !statusCounted && query.Filters.Count + (term.Length > 0 ? 1 : 0) >= 2
            ? Math.Max(1, query.CombinedCountCap)
            : (int?)null;
        if (combinedCap is { } cap)
        {
            sorted = sorted.Take(cap);
        }

        var items = await sorted
            .Skip(skip)
            .Take(take)
            .Select(d => new DeviceListItem(d.Id, d.SerialNumber, d.Manufacturer, d.Model, d.GroupTag, d.ProfileStatus,
                d.PurchaseOrderIdentifier, d.UserPrincipalName, d.LastContactedDateTime, d.EnrollmentState, d.DisplayName))
            .ToListAsync(cancellationToken);
        items = await WithPlaceholderUuidsAsync(db, items, cancellationToken);

        // A short page is the last one, so its total is known without a second pass over the
        // table; the unfiltered total is kept by the database (IntuneDeviceCounts).
        int total;
        if (scanCapped)
        {
            // One more than the cap tells "exactly 1,000" from "more".
            var found = await devices.Take(MaxContainsMatches + 1).CountAsync(cancellationToken);
            capped = found > MaxContainsMatches;
            total = Math.Min(found, MaxContainsMatches);
        }
        else if (items.Count < take && (items.Count > 0 || skip == 0))
        {
            total = skip + items.Count;
        }
        else if (term.Length == 0 && query.Filters.IsEmpty)
        {
            // Kept by the provider's schema on every insert and delete (IDatabaseProvider).
            total = (int)await db.DeviceCounts.Where(c => c.TenantId == TenantId).Select(c => c.Count).FirstOrDefaultAsync(cancellationToken);
        }
        else if (statusCounted)
        {
            // Kept by the provider's schema per profile status and enrollment state (the overview's counts).
            var status = query.Filters.ProfileStatus;
            var state = query.Filters.EnrollmentState;
            total = (int)await db.DeviceStatusCounts
                .Where(c => c.TenantId == TenantId && (status == null || c.ProfileStatus == status) && (state == null || c.EnrollmentState == state))
                .SumAsync(c => c.Count, cancellationToken);
        }
        else if (combinedCap is { } countCap)
        {
            // One more than the cap tells "exactly the cap" from "more".
            var found = await devices.Take(countCap + 1).CountAsync(cancellationToken);
            capped = found > countCap;
            total = Math.Min(found, countCap);
        }
        else
        {
            total = await sorted.CountAsync(cancellationToken);
        }

        return new PagedResult<DeviceListItem>(items, total) { IsCapped = capped };
    }

    /// <summary>
    /// The ids of every device the query's search and filters match (all pages, in the list's order),
    /// for an action on all of them; null when more than <paramref name="max"/> match, or when a short
    /// "contains" search keeps only the first matches, so the list does not show them all.
    /// </summary>
    public async Task<IReadOnlyList<Guid>?> MatchingIdsAsync(PortalCaller caller, DeviceListQuery query, int max, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, "devices", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (devices, capped, scanCapped, _) = await FilterAsync(db, query, cancellationToken);
        if (capped)
        {
            return null;
        }

        var ids = await Sort(devices, query.SortBy, query.Descending).Select(d => d.Id).Take(max + 1).ToListAsync(cancellationToken);
        return ids.Count > max || (scanCapped && ids.Count >= MaxContainsMatches) ? null : ids;
    }

    /// <summary>
    /// Adds the SMBIOS UUID to the items whose serial is a firmware placeholder, which alone does not tell devices
    /// apart; one query for the page, and none when it has no such serial.
    /// </summary>
    private static async Task<List<DeviceListItem>> WithPlaceholderUuidsAsync(PortalDbContext db, List<DeviceListItem> items, CancellationToken cancellationToken)
    {
        var ids = items.Where(i => Hardware.PlaceholderSerials.IsPlaceholder(i.SerialNumber)).Select(i => i.Id).ToList();
        if (ids.Count == 0)
        {
            return items;
        }

        var uuids = await db.AutopilotDevices.AsNoTracking()
            .Where(d => ids.Contains(d.Id))
            .Join(db.Registrations, d => d.RegistrationId, r => r.Id, (d, r) => new { d.Id, r.SmbiosUuid })
            .ToDictionaryAsync(x => x.Id, x => x.SmbiosUuid, cancellationToken);
        return items.Select(i => uuids.GetValueOrDefault(i.Id) is { } uuid ? i with { SmbiosUuid = uuid } : i).ToList();
    }

    /// <summary>
    /// Writes every device the query's search matches (not only one page) as CSV, in the list's
    /// order, streamed, with the statuses as the list shows them ("Assigned", "Not contacted") and
    /// times in UTC, as the header says. Cells a spreadsheet would run as a formula are neutralised. Audited.
    /// </summary>
    public async Task<int> ExportCsvAsync(PortalCaller caller, DeviceListQuery query, Stream output, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, "devices", cancellationToken);
        await access.DemandAsync(caller, PortalPermission.Export, "devices", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (devices, _, scanCapped, _) = await FilterAsync(db, query, cancellationToken);
        var sorted = Sort(devices, query.SortBy, query.Descending);
        if (scanCapped)
        {
            sorted = sorted.Take(MaxContainsMatches);
        }

        await using var csv = Csv.CsvExport.Create(output);
        await csv.WriteRecordAsync(["Serial number", "Manufacturer", "Model", "Group tag", "Profile status", "Purchase order", "Assigned user", "Device name", "Last contacted (UTC)", "Enrollment state"], cancellationToken);
        var count = 0;
        var rows = sorted.Select(d => new { d.SerialNumber, d.Manufacturer, d.Model, d.GroupTag, d.ProfileStatus, d.PurchaseOrderIdentifier,
            d.UserPrincipalName, d.DisplayName, d.LastContactedDateTime, d.EnrollmentState });
        await foreach (var d in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            count++;
            csv.WriteField(d.SerialNumber);
            csv.WriteField(d.Manufacturer);
            csv.WriteField(d.Model);
            csv.WriteField(d.GroupTag);
            csv.WriteField(AutopilotLabels.ProfileStatus(d.ProfileStatus));
            csv.WriteField(d.PurchaseOrderIdentifier);
            csv.WriteField(d.UserPrincipalName);
            csv.WriteField(d.DisplayName);
            csv.WriteField(d.LastContactedDateTime, "yyyy-MM-dd HH:mm:ss");
            csv.WriteField(AutopilotLabels.Enrollment(d.EnrollmentState));
            await csv.EndRecordAsync(cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
        var search = string.IsNullOrWhiteSpace(query.Search) ? "all devices" : $"serial {(query.Match == SerialMatch.StartsWith ? "starts with" : "contains")} '{query.Search.Trim()}'";
        await audit.WriteAsync(caller, AuditActions.DataExported, "Devices", search, details: $"{count:N0} devices", cancellationToken: CancellationToken.None);
        return count;
    }

    private async Task<(IQueryable<AutopilotDevice> Devices, bool Capped, bool ScanCapped, string Term)> FilterAsync(
        PortalDbContext db, DeviceListQuery query, CancellationToken cancellationToken)
    {
        var devices = db.AutopilotDevices.AsNoTracking().Where(d => d.TenantId == TenantId);

        var capped = false;      // more devices matched than the page's total counts
        var scanCapped = false;  // a short-term scan that keeps only the first MaxContainsMatches
        var term = HardwareIdentity.NormalizeSerial(query.Search);
        if (term.Length > 0)
        {
            if (query.Match == SerialMatch.StartsWith)
            {
                // A range on the (TenantId, SerialKey) index; LIKE would not use it on every provider.
                var upper = term + "\uffff";
                devices = devices.Where(d => string.Compare(d.SerialKey, term) >= 0 && string.Compare(d.SerialKey, upper) < 0);
            }
            else if (term.Length >= serialSearch.MinimumTermLength)
            {
                // The serial index finds the devices whose serial contains the term, at most
                // MaxContainsMatches of them; they are then sorted and paged like the whole list.
                capped = await serialSearch.CountContainingAsync(db, TenantId, term, MaxContainsMatches + 1, cancellationToken) > MaxContainsMatches;
                devices = serialSearch.Containing(db, TenantId, term, MaxContainsMatches);
            }
            else
            {
                // A term shorter than the index serves matches a large part of the list: the search
                // keeps the first matches in the list's order, so that neither the page nor its
                // count looks at every device.
                devices = devices.Where(d => d.SerialKey.Contains(term));
                scanCapped = true;
            }
        }

        devices = Filter(devices, query.Filters);
        return (devices, capped, scanCapped, term);
    }

    private static IQueryable<AutopilotDevice> Filter(IQueryable<AutopilotDevice> devices, DeviceFilters filters)
    {
        if (filters.IsEmpty)
        {
            return devices;
        }

        if (filters.GroupTag is { } tag)
        {
            devices = devices.Where(d => d.GroupTag == tag);
        }

        if (filters.ProfileStatus is { } status)
        {
            devices = devices.Where(d => d.ProfileStatus == status);
        }

        if (filters.EnrollmentState is { } state)
        {
            devices = devices.Where(d => d.EnrollmentState == state);
        }

        if (filters.Manufacturer is { } manufacturer)
        {
            devices = devices.Where(d => d.Manufacturer == manufacturer);
        }

        if (filters.Model is { } model)
        {
            devices = devices.Where(d => d.Model == model);
        }

        if (filters.PurchaseOrder is { } order)
        {
            devices = devices.Where(d => d.PurchaseOrderIdentifier == order);
        }

        if (filters.LastContactedFrom is { } from)
        {
            devices = devices.Where(d => d.LastContactedDateTime >= from);
        }

        if (filters.LastContactedTo is { } to)
        {
            devices = devices.Where(d => d.LastContactedDateTime < to);
        }

        if (filters.RegisteredFrom is { } registeredFrom)
        {
            devices = devices.Where(d => d.CreatedAt >= registeredFrom);
        }

        if (filters.RegisteredTo is { } registeredTo)
        {
            devices = devices.Where(d => d.CreatedAt < registeredTo);
        }

        return devices;
    }

    /// <summary>The device, its registration, its decoded hardware and its Entra object; null if not found.</summary>
    public async Task<DeviceDetails?> GetDetailsAsync(PortalCaller caller, Guid id, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, id.ToString(), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var device = await db.AutopilotDevices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && d.TenantId == TenantId, cancellationToken);
        if (device is null)
        {
            return null;
        }

        var registration = await db.Registrations.AsNoTracking()
            .Where(r => r.Id == device.RegistrationId)
            .Select(r => new { r.Id, r.RegisteredAt, r.HardwareHash, r.HardwareHashLength })
            .FirstOrDefaultAsync(cancellationToken);
        var hashText = registration?.HardwareHash is { } bytes ? StoredHash.Expand(bytes, registration.HardwareHashLength) : null;
        var directory = device.DirectoryObjectId is { } objectId
            ? await db.DirectoryDevices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == objectId, cancellationToken)
            : null;
        var hardware = hashText is null ? null : HardwareHash.Decode(hashText);
        return new DeviceDetails(device, device.RegistrationId, registration?.RegisteredAt ?? device.CreatedAt, hashText, hardware, directory);
    }

    private static IQueryable<AutopilotDevice> Sort(IQueryable<AutopilotDevice> devices, DeviceSortColumn column, bool descending)
    {
        IOrderedQueryable<AutopilotDevice> ordered = column switch
        {
            DeviceSortColumn.Manufacturer => descending ? devices.OrderByDescending(d => d.Manufacturer) : devices.OrderBy(d => d.Manufacturer),
            DeviceSortColumn.Model => descending ? devices.OrderByDescending(d => d.Model) : devices.OrderBy(d => d.Model),
            DeviceSortColumn.GroupTag => descending ? devices.OrderByDescending(d => d.GroupTag) : devices.OrderBy(d => d.GroupTag),
            DeviceSortColumn.ProfileStatus => descending ? devices.OrderByDescending(d => d.ProfileStatus) : devices.OrderBy(d => d.ProfileStatus),
            DeviceSortColumn.PurchaseOrder => descending ? devices.OrderByDescending(d => d.PurchaseOrderIdentifier) : devices.OrderBy(d => d.PurchaseOrderIdentifier),
            DeviceSortColumn.AssignedUser => descending ? devices.OrderByDescending(d => d.UserPrincipalName) : devices.OrderBy(d => d.UserPrincipalName),
            DeviceSortColumn.LastContacted => descending ? devices.OrderByDescending(d => d.LastContactedDateTime) : devices.OrderBy(d => d.LastContactedDateTime),
            DeviceSortColumn.EnrollmentState => descending ? devices.OrderByDescending(d => d.EnrollmentState) : devices.OrderBy(d => d.EnrollmentState),
            _ => descending ? devices.OrderByDescending(d => d.SerialKey) : devices.OrderBy(d => d.SerialKey),
        };

        // A stable tie-breaker so that pages never repeat or skip rows, in the same direction so
        // that the (TenantId, column, SerialKey) index can be read backwards for a descending sort.
        if (column != DeviceSortColumn.SerialNumber)
        {
            ordered = descending ? ordered.ThenByDescending(d => d.SerialKey) : ordered.ThenBy(d => d.SerialKey);
        }

        return descending ? ordered.ThenByDescending(d => d.Id) : ordered.ThenBy(d => d.Id);
    }

    /// <summary>The most matches a "contains" search of a short or common substring returns.</summary>
    public const int MaxContainsMatches = 1000;
}
