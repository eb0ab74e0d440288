using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Import.Csv;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Partner;

/// <summary>
/// OEM / partner registration: devices named by tuple (manufacturer, model, serial) or PKID are
/// looked up in the OEM catalog and their catalog hash registered; devices named by hash register
/// as an import does. Either way the deployment service decides (806 / 808 / 813) and the directory
/// gets its object, but Intune's list gets the device only with the next sync.
/// </summary>
public sealed class PartnerRegistrationService(
    DeviceRegistrationService registration,
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<TenantOptions> tenant,
    IOptions<ImportOptions> import,
    AuditService audit, AccessGuard access)
{
    /// <summary>Devices registered per deployment-service call when a file is read.</summary>
    private const int BatchSize = 500;

    /// <summary>Registers the devices, each all-or-nothing, and returns one result per request, in order.</summary>
    /// <exception cref="AccessDeniedException">The caller may not import devices.</exception>
    public async Task<IReadOnlyList<PartnerRegistrationResult>> RegisterAsync(
        PortalCaller caller, IReadOnlyList<PartnerDeviceRequest> requests, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ImportDevices, "partner registration", cancellationToken);
        var results = await RegisterBatchAsync(requests, cancellationToken);
        await WriteAuditAsync(caller, results.Count == 1 ? results[0].SerialNumber ?? "1 device" : $"{results.Count} devices", results, cancellationToken);
        return results;
    }

    /// <summary>
    /// Registers every row of a partner CSV (<c>Device Serial Number,Windows Product ID,Hardware Hash,Manufacturer name,Device model</c>):
    /// a row with a hash by hash, else with a product key by PKID, else by tuple.
    /// </summary>
    /// <exception cref="DeviceCsvHeaderException">The header is not one the portal accepts.</exception>
    /// <exception cref="AccessDeniedException">The caller may not import devices.</exception>
    public async Task<IReadOnlyList<PartnerRegistrationResult>> RegisterCsvAsync(
        PortalCaller caller, Stream stream, string fileName, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ImportDevices, "partner registration", cancellationToken);
        await using var reader = await DeviceCsvReader.OpenAsync(stream, cancellationToken);
        var results = new List<PartnerRegistrationResult>();
        var batch = new List<PartnerDeviceRequest>(BatchSize);
        var problems = new Dictionary<int, string>();
        var count = 0;
        await foreach (var row in reader.ReadRowsAsync(cancellationToken))
        {
            count++;
            var request = FromCsv(row);
            if (row.Problem is not null)
            {
                problems[row.LineNumber] = row.Problem;
            }
            else if (count > import.Value.MaxRows)
            {
                problems[row.LineNumber] = $"The file has more than {import.Value.MaxRows:N0} rows, the limit set by Import:MaxRows; this row was not registered. Split the file and register the rest separately.";
            }

            batch.Add(request);
            if (batch.Count == BatchSize)
            {
                results.AddRange(await RegisterBatchAsync(batch, cancellationToken, problems));
                batch.Clear();
                problems.Clear();
            }
        }

        if (batch.Count > 0)
        {
            results.AddRange(await RegisterBatchAsync(batch, cancellationToken, problems));
        }

        await WriteAuditAsync(caller, fileName, results, cancellationToken);
        return results;
    }

    /// <summary>A page of the OEM catalog, ordered by manufacturer, model and serial: devices a partner can try.</summary>
    /// <exception cref="AccessDeniedException">The caller may not import devices.</exception>
    public async Task<PagedResult<OemCatalogDevice>> ListCatalogAsync(PortalCaller caller, int skip, int take, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ImportDevices, "the OEM catalog", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var total = await db.OemCatalogDevices.CountAsync(cancellationToken);
        var items = await db.OemCatalogDevices.AsNoTracking()
            .OrderBy(d => d.Manufacturer).ThenBy(d => d.Model).ThenBy(d => d.SerialNumber)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500))
            .ToListAsync(cancellationToken);
        return new PagedResult<OemCatalogDevice>(items, total);
    }

    /// <summary>A page of the tenant's partner registrations, newest first (until sync brings them into the device list).</summary>
    /// <exception cref="AccessDeniedException">The caller may not import devices.</exception>
    public async Task<PagedResult<PartnerRegistrationSummary>> ListRegistrationsAsync(PortalCaller caller, int skip, int take, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ImportDevices, "partner registrations", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var tenantId = tenant.Value.Id;
        var registrations = db.Registrations.AsNoTracking().Where(r => r.TenantId == tenantId && r.Source == RegistrationSource.Partner);
        var total = await registrations.CountAsync(cancellationToken);
        var items = await registrations.OrderByDescending(r => r.RegisteredAt).ThenByDescending(r => r.Id)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500))
            .Select(r => new PartnerRegistrationSummary(r.Ztdid, r.SerialNumber, r.Manufacturer, r.Model, r.ProductKeyId, r.GroupTag, r.RegisteredAt))
            .ToListAsync(cancellationToken);
        return new PagedResult<PartnerRegistrationSummary>(items, total);
    }

    private static PartnerDeviceRequest FromCsv(DeviceCsvRow row)
    {
        if (row.HardwareHash.Length > 0)
        {
            return PartnerDeviceRequest.ByHash(row.HardwareHash, row.GroupTag, row.LineNumber) with
            {
                SerialNumber = Blank(row.SerialNumber),
                Manufacturer = Blank(row.Manufacturer),
                Model = Blank(row.Model),
            };
        }

        return row.ProductKey.Length > 0
            ? PartnerDeviceRequest.ByProductKey(row.ProductKey, row.GroupTag, row.LineNumber)
            : PartnerDeviceRequest.ByTuple(row.Manufacturer, row.Model, row.SerialNumber, row.GroupTag, row.LineNumber);
    }

    private async Task<IReadOnlyList<PartnerRegistrationResult>> RegisterBatchAsync(
        IReadOnlyList<PartnerDeviceRequest> requests, CancellationToken cancellationToken, IReadOnlyDictionary<int, string>? problems = null)
    {
        var catalog = await LookUpAsync(requests, cancellationToken);
        var prepared = new List<PreparedRegistration>(requests.Count);
        foreach (var request in requests)
        {
            if (problems is not null && problems.TryGetValue(request.LineNumber, out var problem))
            {
                prepared.Add(Refused(request, RegistrationErrorKind.InvalidZtdRequestBody, problem));
                continue;
            }

            // The same hardware twice in one call is found by registration's own decision (ZtdDeviceDuplicated).
            var row = Prepare(request, catalog);
            prepared.Add(row);
        }

        var outcomes = await registration.RegisterAsync(tenant.Value.Id, prepared, dryRun: false, RegistrationWrite.Partner, cancellationToken);
        return requests.Select((request, i) => new PartnerRegistrationResult(
            request.LineNumber,
            request.Kind,
            prepared[i].Hardware?.SerialNumber.Trim() ?? Blank(request.SerialNumber),
            prepared[i].Hardware?.Manufacturer.Trim() ?? Blank(request.Manufacturer),
            prepared[i].Hardware?.Model ?? Blank(request.Model),
            outcomes[i].Error,
            outcomes[i].Ztdid)).ToList();
    }

    /// <summary>Validates one request and, for a tuple or PKID, swaps in the catalog's hash.</summary>
    private static PreparedRegistration Prepare(PartnerDeviceRequest request, CatalogLookup catalog)
    {
        var invalid = DeviceValues.SerialNumberError(request.SerialNumber)
            ?? DeviceValues.ProductKeyError(request.ProductKeyId)
            ?? DeviceValues.GroupTagError(request.GroupTag)
            ?? DeviceValues.ManufacturerError(request.Manufacturer)
            ?? DeviceValues.ModelError(request.Model);
        if (invalid is not null)
        {
            return Refused(request, RegistrationErrorKind.InvalidZtdRequestBody, invalid);
        }

        switch (request.Kind)
        {
            case PartnerRegistrationKind.Hash:
                return RegistrationValidator.Prepare(new RegistrationRequest(request.LineNumber, request.SerialNumber, null, request.HardwareHash, request.GroupTag));

            case PartnerRegistrationKind.Tuple:
                var (manufacturer, model, serial) = (Blank(request.Manufacturer), Blank(request.Model), Blank(request.SerialNumber));
                if (manufacturer is null || model is null || serial is null)
                {
                    return Refused(request, RegistrationErrorKind.MissingZtdSerialNumberAndProductKey,
                        "Registering by tuple needs the manufacturer, the model and the serial number, all three. Fill in the missing ones, or register by product key ID or hardware hash.");
                }

                return FromCatalog(request, catalog.ByTuple.GetValueOrDefault((manufacturer, model, serial)),
                    $"The OEM catalog has no device with manufacturer '{manufacturer}', model '{model}' and serial number '{serial}'. Manufacturer and model must match exactly, capitals included; check them against the device's label, or register it by hardware hash.");

            default:
                var productKey = Blank(request.ProductKeyId);
                if (!OemCatalog.IsProductKeyId(productKey))
                {
                    return Refused(request, RegistrationErrorKind.MissingZtdSerialNumberAndProductKey,
                        $"'{productKey}' is not a product key ID: a PKID has 13 digits. Copy it from the device's record, or register by tuple or hardware hash.");
                }

                return FromCatalog(request, catalog.ByProductKey.GetValueOrDefault(productKey!),
                    $"The OEM catalog has no device with product key ID {productKey}. Check the number, or register the device by hardware hash.");
        }
    }

    private static PreparedRegistration FromCatalog(PartnerDeviceRequest request, OemCatalogDevice? device, string notFound)
    {
        if (device is null)
        {
            return Refused(request, RegistrationErrorKind.ZtdDeviceNotFound, notFound);
        }

        if (device.ManufacturedOn < OemCatalog.CutoffDate)
        {
            return Refused(request, RegistrationErrorKind.ZtdDeviceNotFound,
                $"Device {device.SerialNumber} was built on {device.ManufacturedOn:yyyy-MM-dd}, before the OEM catalog's cut-off date of {OemCatalog.CutoffDate:yyyy-MM-dd}, so the catalog cannot register it. Collect its hardware hash with Get-WindowsAutopilotInfo and register it by hash.");
        }

        var hash = StoredHash.Expand(device.HardwareHash, device.HardwareHashLength);
        return RegistrationValidator.Prepare(new RegistrationRequest(request.LineNumber, device.SerialNumber, device.ProductKeyId, hash, request.GroupTag,
            Manufacturer: device.Manufacturer, Model: device.Model));
    }

    private static PreparedRegistration Refused(PartnerDeviceRequest request, RegistrationErrorKind kind, string message) =>
        new(new RegistrationRequest(request.LineNumber, Blank(request.SerialNumber), Blank(request.ProductKeyId), null, request.GroupTag,
            Manufacturer: Blank(request.Manufacturer), Model: Blank(request.Model)), null, null, new RegistrationError(kind, message), null);

    /// <summary>
    /// Finds the catalog devices the requests name. SQLite compares text with the BINARY collation,
    /// so the query matches case-sensitively; the dictionaries compare ordinally, so does the lookup.
    /// </summary>
    private async Task<CatalogLookup> LookUpAsync(IReadOnlyList<PartnerDeviceRequest> requests, CancellationToken cancellationToken)
    {
        var serials = requests.Where(r => r.Kind == PartnerRegistrationKind.Tuple).Select(r => Blank(r.SerialNumber)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var keys = requests.Where(r => r.Kind == PartnerRegistrationKind.ProductKey).Select(r => Blank(r.ProductKeyId)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var found = new List<OemCatalogDevice>();
        if (serials.Count > 0 || keys.Count > 0)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (serials.Count > 0)
            {
                found.AddRange(await db.OemCatalogDevices.AsNoTracking().Where(d => EF.Parameter(serials).Contains(d.SerialNumber)).ToListAsync(cancellationToken));
            }

            if (keys.Count > 0)
            {
                found.AddRange(await db.OemCatalogDevices.AsNoTracking().Where(d => EF.Parameter(keys).Contains(d.ProductKeyId)).ToListAsync(cancellationToken));
            }
        }

        var byTuple = new Dictionary<(string, string, string), OemCatalogDevice>();
        var byKey = new Dictionary<string, OemCatalogDevice>(StringComparer.Ordinal);
        foreach (var device in found)
        {
            byTuple.TryAdd((device.Manufacturer, device.Model, device.SerialNumber), device);
            byKey.TryAdd(device.ProductKeyId, device);
        }

        return new CatalogLookup(byTuple, byKey);
    }

    private Task WriteAuditAsync(PortalCaller caller, string target, IReadOnlyList<PartnerRegistrationResult> results, CancellationToken cancellationToken)
    {
        var registered = results.Count(r => r.Succeeded);
        var byKind = string.Join(", ", results.GroupBy(r => r.Kind).OrderBy(g => g.Key).Select(g => $"{g.Count()} by {Describe(g.Key)}"));
        return audit.WriteAsync(caller, AuditActions.PartnerRegistered, "Partner registration", target,
            details: $"{results.Count} devices ({byKind}): {registered} registered, {results.Count - registered} failed",
            outcome: registered == 0 && results.Count > 0 ? AuditOutcome.Failed : AuditOutcome.Succeeded,
            cancellationToken: CancellationToken.None);
    }

    /// <summary>How a kind of request is named in messages: "tuple", "product key ID", "hash".</summary>
    public static string Describe(PartnerRegistrationKind kind) => kind switch
    {
        PartnerRegistrationKind.Tuple => "tuple",
        PartnerRegistrationKind.ProductKey => "product key ID",
        _ => "hash",
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private sealed record CatalogLookup(
        IReadOnlyDictionary<(string, string, string), OemCatalogDevice> ByTuple,
        IReadOnlyDictionary<string, OemCatalogDevice> ByProductKey);
}
