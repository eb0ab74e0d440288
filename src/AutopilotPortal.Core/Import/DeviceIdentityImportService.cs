using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Telemetry;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Import;

/// <summary>
/// Hardware hashes uploaded through the API (<c>importedWindowsAutopilotDeviceIdentities</c>). An upload is
/// registered through the same path as a CSV import (<see cref="RegistrationValidator"/>,
/// <see cref="DeviceRegistrationService"/>), and its records are written in the registrations'
/// transaction: each reads <see cref="ImportedDeviceStatus.Complete"/> with the Autopilot device's id or
/// <see cref="ImportedDeviceStatus.Error"/> with the registration's code and name (806, 808…) from the
/// moment it can be read. No record is ever left reading <see cref="ImportedDeviceStatus.Unknown"/> (on
/// which the PowerShell tools would wait for ever) by a process stopped half-way: the upload commits
/// whole, or not at all and the client's request fails.
/// </summary>
public sealed class DeviceIdentityImportService(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<TenantOptions> tenant,
    DeviceRegistrationService registration,
    AuditService audit, AccessGuard access,
    TimeProvider clock)
{
    /// <summary>The most devices one <c>import</c> action takes.</summary>
    public const int MaxBatch = 1000;

    /// <summary>The <see cref="PortalTelemetry.Tags.ImportSource"/> of an API upload.</summary>
    internal const string ImportSourceApi = "api";

    private Guid TenantId => tenant.Value.Id;

    /// <summary>
    /// Registers the uploads and stores a record of each one's outcome; returns the records. A record
    /// whose registration failed says why in its error code and name.
    /// </summary>
    public async Task<IReadOnlyList<ImportedDeviceIdentity>> ImportAsync(PortalCaller caller, IReadOnlyList<ImportedDeviceRequest> requests, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ImportDevices, $"{requests.Count} device(s) through the API", cancellationToken);
        if (requests.Count == 0)
        {
            return [];
        }

        if (requests.Count > MaxBatch)
        {
            throw new ImportedDeviceException($"One import takes at most {MaxBatch:N0} devices; this one has {requests.Count:N0}. Send them in several.");
        }

        using var activity = PortalTelemetry.ActivitySource.StartActivity(PortalTelemetry.Spans.Import);
        var started = clock.GetTimestamp();
        var now = clock.GetUtcNow().UtcDateTime;
        var importId = Ids.NewTimeOrdered(now);
        activity?.SetTag(PortalTelemetry.Tags.ImportJobId, importId);
        activity?.SetTag(PortalTelemetry.Tags.ImportSource, ImportSourceApi);
        var records = requests.Select(r => new ImportedDeviceIdentity
        {
            Id = Ids.NewTimeOrdered(now),
            TenantId = TenantId,
            ImportId = importId,
            SerialNumber = Trim(r.SerialNumber, 256),
            ProductKey = Trim(r.ProductKey, 256),
            GroupTag = Trim(r.GroupTag, 256),
            AssignedUserPrincipalName = Trim(r.AssignedUserPrincipalName, 256),
            HardwareIdentifier = r.HardwareIdentifier,
            Status = ImportedDeviceStatus.Unknown,
            CreatedAt = now,
            CreatedBy = caller.UserName,
        }).ToList();

        // The same path as a CSV's rows: one validation, the deployment service's decision, one write;
        // the records are written with their outcomes in the registrations' transaction.
        var prepared = records.Select((r, i) => RegistrationValidator.Prepare(new RegistrationRequest(
            i + 1, r.SerialNumber, r.ProductKey, r.HardwareIdentifier, r.GroupTag, r.AssignedUserPrincipalName))).ToList();
        var decision = await registration.DecideAsync(TenantId, prepared, cancellationToken);
        try
        {
            await registration.CommitAsync(decision, RegistrationWrite.Api, (db, outcomes, ct) => StoreAsync(db, caller, records, outcomes, ct), cancellationToken);
        }
        catch (Exception ex)
        {
            PortalTelemetry.Fail(activity, ex.GetType().Name);
            throw;
        }

        var registered = records.Count(r => r.Status == ImportedDeviceStatus.Complete);
        var already = records.Count(r => r.ErrorCode == (int)RegistrationErrorKind.ZtdDeviceAlreadyAssigned);
        PortalTelemetry.RecordImport(activity, ImportSourceApi, registered, records.Count - registered - already, already, clock.GetElapsedTime(started));
        return records;
    }

    /// <summary>Writes the records, each with its registration's outcome, and the import's audit entry, in the caller's transaction.</summary>
    private async Task StoreAsync(PortalDbContext db, PortalCaller caller, List<ImportedDeviceIdentity> records, IReadOnlyList<RegistrationOutcome> outcomes, CancellationToken cancellationToken)
    {
        using (var insert = RowInserter<ImportedDeviceIdentity>.Create(db))
        {
            for (var i = 0; i < records.Count; i++)
            {
                var (record, outcome) = (records[i], outcomes[i]);
                record.Status = outcome.Error is null ? ImportedDeviceStatus.Complete : ImportedDeviceStatus.Error;
                record.DeviceRegistrationId = outcome.Error is null ? outcome.AutopilotDeviceId : null;
                record.ErrorCode = outcome.Error?.Code ?? 0;
                record.ErrorName = outcome.Error?.Name ?? string.Empty;
                record.ErrorMessage = Trim(outcome.Error?.Message, 2048);
                await insert.InsertAsync(record, cancellationToken);
            }

            await insert.FlushAsync(cancellationToken);
        }

        var registered = records.Count(r => r.Status == ImportedDeviceStatus.Complete);
        audit.Add(db, caller, AuditActions.DevicesImported, "Import", "API import", records[0].ImportId.ToString(),
            details: $"{records.Count:N0} device(s) through the API: {registered:N0} registered, {records.Count - registered:N0} not",
            outcome: registered == records.Count ? AuditOutcome.Succeeded : AuditOutcome.Failed);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>One record of the tenant, or null.</summary>
    public async Task<ImportedDeviceIdentity?> GetAsync(PortalCaller caller, Guid id, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadImports, id.ToString(), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ImportedDeviceIdentities.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id && d.TenantId == TenantId, cancellationToken);
    }

    /// <summary>A keyset page of the tenant's records in id order: at most <paramref name="take"/> after <paramref name="after"/>, and whether more follow.</summary>
    public async Task<(IReadOnlyList<ImportedDeviceIdentity> Items, bool More)> ListAsync(PortalCaller caller, Guid? after, int take, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadImports, "imported devices", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.ImportedDeviceIdentities.AsNoTracking().Where(d => d.TenantId == TenantId);
        if (after is { } last)
        {
            query = query.Where(d => d.Id.CompareTo(last) > 0);
        }

        var items = await query.OrderBy(d => d.Id).Take(take + 1).ToListAsync(cancellationToken);
        return items.Count > take ? (items[..take], true) : (items, false);
    }

    /// <summary>Deletes the record (not the device it registered); false when there is none.</summary>
    public async Task<bool> DeleteAsync(PortalCaller caller, Guid id, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ImportDevices, id.ToString(), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ImportedDeviceIdentities.Where(d => d.Id == id && d.TenantId == TenantId).ExecuteDeleteAsync(cancellationToken) == 1;
    }

    private static string? Trim(string? value, int max) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim() is var trimmed && trimmed.Length > max ? trimmed[..max] : value.Trim();
}

/// <summary>An import the API refuses as a whole; the message says why.</summary>
public sealed class ImportedDeviceException(string message) : Exception(message);
