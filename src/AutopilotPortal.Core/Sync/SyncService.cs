using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Groups;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Sync;

/// <summary>
/// Intune's sync with the deployment service: makes Intune's device list a copy of the tenant's
/// DDS registrations (registrations made elsewhere appear, deletions disappear, changes arrive)
/// and delivers the intended deployment profiles. Runs every twelve hours (<see cref="SyncScheduler"/>)
/// or on demand, throttled to one manual sync per ten minutes.
/// </summary>
/// <remarks>
/// A sync holds a lease on the tenant's <see cref="AutopilotSettings"/> row, taken with one
/// conditional UPDATE and renewed in every chunk's transaction, so that with several instances on
/// one database each sync runs exactly once and a chunk is only committed while its instance holds
/// the lease. The work is done in chunks of <see cref="ChunkSize"/> rows (keyset over ids), each in
/// its own transaction: no step loads a whole table.
/// </remarks>
public sealed class SyncService(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<PortalOptions> options,
    AuditService audit, AccessGuard access,
    GroupMembershipService membership,
    ProfileResolver resolver,
    TimeProvider clock,
    ILogger<SyncService> logger) : IAsyncDisposable, IDisposable
{
    /// <summary>How often the automatic sync runs.</summary>
    public static readonly TimeSpan AutomaticInterval = TimeSpan.FromHours(12);

    /// <summary>How long after a manual sync the next may be asked for (<see cref="PortalOptions.ManualSyncInterval"/>, ten minutes as the real service).</summary>
    private TimeSpan ManualInterval => options.Value.ManualSyncInterval;

    /// <summary>How long a lease lasts unless renewed; a crashed instance's sync is taken over after this.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromMinutes(5);

    /// <summary>Rows per chunk (and per transaction).</summary>
    public const int ChunkSize = 2000;

    private const string SyncTarget = "Sync";

    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Task _background = Task.CompletedTask;

    /// <summary>This instance's name in the lease (one per process).</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    private Guid TenantId => options.Value.TenantId;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The tenant's sync settings: last sync, last manual trigger, status.</summary>
    public async Task<SyncSettingsView> GetSettingsAsync(PortalCaller caller, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, "sync settings", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settings = await db.AutopilotSettings.AsNoTracking().FirstOrDefaultAsync(s => s.TenantId == TenantId, cancellationToken);
        if (settings is null)
        {
            return new SyncSettingsView(null, null, SyncStatus.Unknown, null, null);
        }

        var now = Now;
        var status = settings.SyncStatus;
        var summary = settings.LastSyncSummary;
        if (status == SyncStatus.InProgress && !(settings.LeaseExpiresAt >= now))
        {
            // The instance that ran it stopped without finishing; the next sync starts again.
            status = SyncStatus.Failed;
            summary = "The sync was interrupted before it finished.";
        }

        var available = settings.LastManualSyncTriggerDateTime + ManualInterval;
        return new SyncSettingsView(settings.LastSyncDateTime, settings.LastManualSyncTriggerDateTime, status, summary,
            available > now ? available : null);
    }

    /// <summary>
    /// Starts a manual sync in the background (the caller polls <see cref="GetSettingsAsync"/>), or
    /// says why not: a sync is running (Graph's 409), or a manual sync was asked for less than
    /// <see cref="ManualInterval"/> ago (Graph's 429, with the time it becomes available). Audited.
    /// </summary>
    public async Task<SyncRequestResult> RequestSyncAsync(PortalCaller caller, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.TriggerSync, "sync", cancellationToken);
        await EnsureSettingsAsync(cancellationToken);
        var now = Now;
        var throttledAfter = now - ManualInterval;
        if (await TryAcquireAsync(s => s.LastManualSyncTriggerDateTime == null || s.LastManualSyncTriggerDateTime <= throttledAfter, manual: true, cancellationToken))
        {
            await audit.WriteAsync(caller, AuditActions.SyncRequested, SyncTarget, "Autopilot devices", cancellationToken: CancellationToken.None);
            return new SyncRequestResult(SyncRequestKind.Started) { Completion = StartInBackground(caller) };
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settings = await db.AutopilotSettings.AsNoTracking().SingleAsync(s => s.TenantId == TenantId, cancellationToken);
        var result = settings.LeaseExpiresAt >= now
            ? new SyncRequestResult(SyncRequestKind.InProgress)
            : new SyncRequestResult(SyncRequestKind.Throttled, settings.LastManualSyncTriggerDateTime + ManualInterval);
        var details = result.Kind == SyncRequestKind.InProgress
            ? "A sync is in progress."
            : $"Synced recently; available again at {result.AvailableAt:yyyy-MM-dd HH:mm:ss} UTC.";
        await audit.WriteAsync(caller, AuditActions.SyncRequested, SyncTarget, "Autopilot devices", details: details,
            outcome: AuditOutcome.Refused, cancellationToken: CancellationToken.None);
        return result;
    }

    /// <summary>
    /// Runs the automatic sync if it is due (never synced, or the last sync completed at least
    /// <see cref="AutomaticInterval"/> ago) and no instance is running one. Due-ness and the lease
    /// are decided in one UPDATE, so of several instances asking at once exactly one runs it.
    /// Returns the summary, or null when nothing ran.
    /// </summary>
    public async Task<SyncSummary?> RunDueSyncAsync(CancellationToken cancellationToken = default)
    {
        await EnsureSettingsAsync(cancellationToken);
        var dueBefore = Now - AutomaticInterval;
        if (!await TryAcquireAsync(s => s.LastSyncDateTime == null || s.LastSyncDateTime <= dueBefore, manual: false, cancellationToken))
        {
            return null;
        }

        return await RunLeasedAsync(SyncTrigger.Automatic, PortalCaller.System, cancellationToken);
    }

    /// <summary>
    /// Runs a sync now, unless another is running (then returns null). Neither due-ness nor the
    /// manual throttle is checked: this is the sync itself, for the scheduler and for tools.
    /// </summary>
    public async Task<SyncSummary?> SyncAsync(SyncTrigger trigger, CancellationToken cancellationToken = default)
    {
        await EnsureSettingsAsync(cancellationToken);
        if (!await TryAcquireAsync(null, manual: false, cancellationToken))
        {
            return null;
        }

        return await RunLeasedAsync(trigger, PortalCaller.System, cancellationToken);
    }

    /// <summary>Stops a background sync (its lease is released as failed) and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        Task background;
        lock (_gate)
        {
            background = _background;
        }

        await background.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Stops a background sync without waiting (a container disposed synchronously).</summary>
    public void Dispose()
    {
        if (!_stopping.IsCancellationRequested)
        {
            _stopping.Cancel();
        }
    }

    private Task<SyncSummary?> StartInBackground(PortalCaller caller)
    {
        var token = _stopping.Token;
        var task = Task.Run(async () =>
        {
            try
            {
                return await RunLeasedAsync(SyncTrigger.Manual, caller, token);
            }
            catch (Exception ex)
            {
                // Recorded on the settings row and in the audit log by RunLeasedAsync.
                logger.LogDebug(ex, "Background sync ended with an error");
                return null;
            }
        }, CancellationToken.None);
        lock (_gate)
        {
            _background = Task.WhenAll(_background, task);
        }

        return task;
    }

    private async Task EnsureSettingsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.AutopilotSettings.AnyAsync(s => s.TenantId == TenantId, cancellationToken))
        {
            return;
        }

        db.AutopilotSettings.Add(new AutopilotSettings { TenantId = TenantId });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is WriteConflictException or DbUpdateException)
        {
            // Another instance created it first.
        }
    }

    /// <summary>Takes the lease if it is free and <paramref name="condition"/> holds, in one UPDATE.</summary>
    private async Task<bool> TryAcquireAsync(System.Linq.Expressions.Expression<Func<AutopilotSettings, bool>>? condition, bool manual, CancellationToken cancellationToken)
    {
        var now = Now;
        var expires = now + LeaseDuration;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var settings = db.AutopilotSettings.Where(s => s.TenantId == TenantId && (s.LeaseExpiresAt == null || s.LeaseExpiresAt < now));
        if (condition is not null)
        {
            settings = settings.Where(condition);
        }

        var taken = await settings.ExecuteUpdateAsync(set =>
        {
            set.SetProperty(s => s.LeaseOwner, InstanceId)
                .SetProperty(s => s.LeaseExpiresAt, expires)
                .SetProperty(s => s.SyncStatus, SyncStatus.InProgress);
            if (manual)
            {
                set.SetProperty(s => s.LastManualSyncTriggerDateTime, now);
            }
        }, cancellationToken);
        return taken == 1;
    }

    /// <summary>Extends the lease, inside the chunk's transaction; a lost lease stops the sync before the chunk commits.</summary>
    private async Task RenewAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var expires = Now + LeaseDuration;
        var renewed = await db.AutopilotSettings.Where(s => s.TenantId == TenantId && s.LeaseOwner == InstanceId)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.LeaseExpiresAt, expires), cancellationToken);
        if (renewed != 1)
        {
            throw new InvalidOperationException("The sync lost its lease (it ran longer than the lease without renewing it); another instance may have taken over.");
        }
    }

    private async Task<SyncSummary?> RunLeasedAsync(SyncTrigger trigger, PortalCaller caller, CancellationToken cancellationToken)
    {
        logger.LogInformation("{Trigger} sync started on instance {Instance}", trigger, InstanceId);
        try
        {
            var summary = await ReconcileAsync(cancellationToken);
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
            var now = Now;
            var text = summary.ToString();
            await db.AutopilotSettings.Where(s => s.TenantId == TenantId && s.LeaseOwner == InstanceId).ExecuteUpdateAsync(set => set
                .SetProperty(s => s.LastSyncDateTime, now)
                .SetProperty(s => s.SyncStatus, SyncStatus.Completed)
                .SetProperty(s => s.LastSyncSummary, text)
                .SetProperty(s => s.LeaseOwner, (string?)null)
                .SetProperty(s => s.LeaseExpiresAt, (DateTime?)null), CancellationToken.None);
            audit.Add(db, caller, AuditActions.SyncCompleted, SyncTarget, "Autopilot devices", details: $"{trigger} sync: {text}");
            await db.SaveChangesAsync(CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
            logger.LogInformation("{Trigger} sync completed: {Summary}", trigger, text);
            return summary;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "{Trigger} sync failed", trigger);
            var reason = ex is OperationCanceledException ? "The sync was stopped (the portal is shutting down)." : $"The sync failed: {ex.Message}";
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await db.AutopilotSettings.Where(s => s.TenantId == TenantId && s.LeaseOwner == InstanceId).ExecuteUpdateAsync(set => set
                .SetProperty(s => s.SyncStatus, SyncStatus.Failed)
                .SetProperty(s => s.LastSyncSummary, reason.Length > 2048 ? reason[..2048] : reason)
                .SetProperty(s => s.LeaseOwner, (string?)null)
                .SetProperty(s => s.LeaseExpiresAt, (DateTime?)null), CancellationToken.None);
            await audit.WriteAsync(caller, AuditActions.SyncCompleted, SyncTarget, "Autopilot devices", details: $"{trigger} sync: {reason}",
                outcome: AuditOutcome.Failed, cancellationToken: CancellationToken.None);
            throw;
        }
    }

    private async Task<SyncSummary> ReconcileAsync(CancellationToken cancellationToken)
    {
        var (added, updated) = await CopyRegistrationsAsync(cancellationToken);
        var removed = await RemoveOrphansAsync(cancellationToken);
        var (delivered, cleared) = await DeliverProfilesAsync(cancellationToken);
        return new SyncSummary(added, removed, updated, delivered, cleared);
    }

    /// <summary>(a) and (c): every registration of the tenant, a chunk at a time, gets its Intune row created or brought up to date.</summary>
    private async Task<(int Added, int Updated)> CopyRegistrationsAsync(CancellationToken cancellationToken)
    {
        int added = 0, updated = 0;
        Guid? after = null;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            await RenewAsync(db, cancellationToken);

            // Keyset over the primary key alone: with the tenant in the WHERE clause SQLite reads the
            // tenant's index and sorts every registration of the tenant for each chunk. DDS is
            // multi-tenant, so other tenants' rows are read and skipped here.
            var registrations = db.Registrations.AsNoTracking();
            if (after is { } last)
            {
                registrations = registrations.Where(r => r.Id.CompareTo(last) > 0);
            }

            var read = await registrations.OrderBy(r => r.Id)
                .Select(r => new DeviceRegistration
                {
                    Id = r.Id, Ztdid = r.Ztdid, TenantId = r.TenantId, SerialNumber = r.SerialNumber, SerialKey = r.SerialKey,
                    Manufacturer = r.Manufacturer, Model = r.Model, HardwareKey = r.HardwareKey, ProductKeyId = r.ProductKeyId,
                    GroupTag = r.GroupTag, PurchaseOrderId = r.PurchaseOrderId, AssignedUserPrincipalName = r.AssignedUserPrincipalName,
                })
                .Take(ChunkSize).ToListAsync(cancellationToken);
            if (read.Count == 0)
            {
                return (added, updated);
            }

            after = read[^1].Id;
            var chunk = read.Where(r => r.TenantId == TenantId).ToList();
            var ids = chunk.Select(r => r.Id).ToList();
            var devices = await db.AutopilotDevices.AsNoTracking().Where(d => ids.Contains(d.RegistrationId)).ToDictionaryAsync(d => d.RegistrationId, cancellationToken);
            var missing = chunk.Where(r => !devices.ContainsKey(r.Id)).ToList();
            var changed = chunk.Where(r => devices.TryGetValue(r.Id, out var d) && Differs(r, d)).ToList();
            if (missing.Count == 0 && changed.Count == 0)
            {
                await tx.CommitAsync(cancellationToken);
                continue;
            }

            var evaluate = new List<DirectoryDevice>();
            var resolve = new List<Guid>();
            if (missing.Count > 0)
            {
                added += await AddDevicesAsync(db, missing, evaluate, resolve, cancellationToken);
            }

            if (changed.Count > 0)
            {
                updated += await UpdateDevicesAsync(db, changed, devices, evaluate, cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);

            // New and changed objects join (or leave) the dynamic groups whose rules take them;
            // new rows and those whose memberships moved get their intended profile.
            var moved = await membership.EvaluateDevicesAsync(db, evaluate, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            resolve.AddRange(moved);
            if (resolve.Count > 0)
            {
                await resolver.RecomputeForDevicesAsync(db, resolve, cancellationToken);
            }

            await tx.CommitAsync(cancellationToken);
        }
    }

    /// <summary>Creates the Intune rows (and, when the registration has none, the disabled Entra object) as registration does.</summary>
    private async Task<int> AddDevicesAsync(PortalDbContext db, List<DeviceRegistration> missing, List<DirectoryDevice> evaluate, List<Guid> resolve, CancellationToken cancellationToken)
    {
        var now = Now;
        var ztdids = missing.Select(r => (Guid?)r.Ztdid).ToList();
        var existing = await db.DirectoryDevices.AsNoTracking()
            .Where(d => d.TenantId == TenantId && ztdids.Contains(d.Ztdid))
            .ToListAsync(cancellationToken);
        var byZtdid = existing.GroupBy(d => d.Ztdid!.Value).ToDictionary(g => g.Key, g => g.First());

        using var directoryObjects = RowInserter<DirectoryDevice>.Create(db);
        using var devices = AutopilotDeviceInserter.Create(db);
        var newDevices = new List<AutopilotDevice>(missing.Count);
        foreach (var registration in missing)
        {
            if (!byZtdid.TryGetValue(registration.Ztdid, out var directory))
            {
                directory = RegisteredDeviceRecords.DirectoryObject(registration, now);
                await directoryObjects.InsertAsync(directory, cancellationToken);
            }

            newDevices.Add(RegisteredDeviceRecords.IntuneDevice(registration, directory, now));
            evaluate.Add(directory);
            resolve.Add(directory.Id);
        }

        // Together, so that they are indexed together.
        await devices.InsertManyAsync(newDevices, cancellationToken);
        return missing.Count;
    }

    /// <summary>Copies the registrations' properties onto their Intune rows (attached here, to be saved), and tag and order onto their Entra objects.</summary>
    private static async Task<int> UpdateDevicesAsync(PortalDbContext db, List<DeviceRegistration> changed, Dictionary<Guid, AutopilotDevice> devices, List<DirectoryDevice> evaluate, CancellationToken cancellationToken)
    {
        var retagged = new List<(DeviceRegistration Registration, Guid ObjectId)>();
        foreach (var registration in changed)
        {
            var device = devices[registration.Id];
            db.AutopilotDevices.Attach(device);
            if ((device.GroupTag != registration.GroupTag || device.PurchaseOrderIdentifier != registration.PurchaseOrderId) && device.DirectoryObjectId is { } objectId)
            {
                retagged.Add((registration, objectId));
            }

            device.Ztdid = registration.Ztdid;
            device.SerialNumber = registration.SerialNumber;
            device.SerialKey = registration.SerialKey;
            device.Manufacturer = registration.Manufacturer;
            device.Model = registration.Model;
            device.ProductKey = registration.ProductKeyId;
            device.GroupTag = registration.GroupTag;
            device.PurchaseOrderIdentifier = registration.PurchaseOrderId;
            device.UserPrincipalName = registration.AssignedUserPrincipalName;
        }

        if (retagged.Count > 0)
        {
            var objectIds = retagged.Select(r => r.ObjectId).ToList();
            var objects = await db.DirectoryDevices.Where(d => objectIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
            foreach (var (registration, objectId) in retagged)
            {
                if (!objects.TryGetValue(objectId, out var directory))
                {
                    continue;
                }

                directory.PhysicalIds = PhysicalIds.WithPurchaseOrder(PhysicalIds.WithGroupTag(directory.PhysicalIds, registration.GroupTag), registration.PurchaseOrderId);
                evaluate.Add(directory);
            }
        }

        return changed.Count;
    }

    private static bool Differs(DeviceRegistration r, AutopilotDevice d) =>
        d.Ztdid != r.Ztdid
        || d.SerialNumber != r.SerialNumber
        || d.SerialKey != r.SerialKey
        || d.Manufacturer != r.Manufacturer
        || d.Model != r.Model
        || d.ProductKey != r.ProductKeyId
        || d.GroupTag != r.GroupTag
        || d.PurchaseOrderIdentifier != r.PurchaseOrderId
        || d.UserPrincipalName != r.AssignedUserPrincipalName;

    /// <summary>(b): Intune rows of the tenant whose registration is gone (or belongs to another tenant now) are deleted.</summary>
    private async Task<int> RemoveOrphansAsync(CancellationToken cancellationToken)
    {
        var removed = 0;
        Guid? after = null;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            await RenewAsync(db, cancellationToken);

            // Keyset over the primary key; the tenant is checked on the chunk, so that the scan
            // follows the key's index rather than sorting the tenant's rows.
            var devices = db.AutopilotDevices.AsNoTracking();
            if (after is { } last)
            {
                devices = devices.Where(d => d.Id.CompareTo(last) > 0);
            }

            var chunk = await devices.OrderBy(d => d.Id)
                .Select(d => new { d.Id, d.TenantId, Orphan = !db.Registrations.Any(r => r.Id == d.RegistrationId && r.TenantId == d.TenantId) })
                .Take(ChunkSize).ToListAsync(cancellationToken);
            if (chunk.Count == 0)
            {
                return removed;
            }

            after = chunk[^1].Id;
            var orphans = chunk.Where(d => d.Orphan && d.TenantId == TenantId).Select(d => d.Id).ToList();
            if (orphans.Count > 0)
            {
                removed += await db.AutopilotDevices.Where(d => orphans.Contains(d.Id)).ExecuteDeleteAsync(cancellationToken);
            }

            await tx.CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// (d): pending devices receive their intended profile (assigned = intended, assigned in sync);
    /// devices no profile targets lose the one they had. Each step takes the first chunk still to
    /// do until none is left, so no keyset is needed: a handled row leaves the set.
    /// </summary>
    private async Task<(int Delivered, int Cleared)> DeliverProfilesAsync(CancellationToken cancellationToken)
    {
        var delivered = await InChunksAsync(
            d => d.TenantId == TenantId && d.ProfileStatus == ProfileAssignmentStatus.Pending,
            (devices, ct) => devices.ExecuteUpdateAsync(set => set
                .SetProperty(d => d.AssignedProfileId, d => d.DeploymentProfileId)
                .SetProperty(d => d.AssignedProfileName, d => d.DeploymentProfileName)
                .SetProperty(d => d.ProfileStatus, ProfileAssignmentStatus.AssignedInSync), ct),
            cancellationToken);
        var cleared = await InChunksAsync(
            d => d.TenantId == TenantId && d.ProfileStatus == ProfileAssignmentStatus.NotAssigned && d.AssignedProfileId != null,
            (devices, ct) => devices.ExecuteUpdateAsync(set => set
                .SetProperty(d => d.AssignedProfileId, (Guid?)null)
                .SetProperty(d => d.AssignedProfileName, (string?)null), ct),
            cancellationToken);
        return (delivered, cleared);
    }

    private async Task<int> InChunksAsync(
        System.Linq.Expressions.Expression<Func<AutopilotDevice, bool>> todo,
        Func<IQueryable<AutopilotDevice>, CancellationToken, Task<int>> update,
        CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            await RenewAsync(db, cancellationToken);
            // In serial order, which the (TenantId, ProfileStatus, SerialKey) index gives without a sort;
            // any order would do, but a row limit without one draws EF's warning.
            var ids = await db.AutopilotDevices.Where(todo).OrderBy(d => d.SerialKey).Select(d => d.Id).Take(ChunkSize).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return total;
            }

            var done = await update(db.AutopilotDevices.Where(d => ids.Contains(d.Id)), cancellationToken);
            await tx.CommitAsync(cancellationToken);
            total += done;
            if (done == 0)
            {
                return total;
            }
        }
    }
}
