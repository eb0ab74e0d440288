using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Groups;
using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Telemetry;
using AutopilotPortal.Core.Tenants;
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
    IOptions<TenantOptions> tenant,
    IOptions<SyncOptions> options,
    AuditService audit, AccessGuard access,
    GroupMembershipService membership,
    ProfileResolver resolver,
    TimeProvider clock,
    ILogger<SyncService> logger) : IAsyncDisposable, IDisposable
{
    /// <summary>How long after the last completed sync the automatic one is due (<see cref="SyncOptions.AutomaticInterval"/>, twelve hours as the real service).</summary>
    private TimeSpan AutomaticInterval => options.Value.AutomaticInterval;

    /// <summary>How long after a manual sync the next may be asked for (<see cref="SyncOptions.ManualInterval"/>, ten minutes as the real service).</summary>
    private TimeSpan ManualInterval => options.Value.ManualInterval;

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

    private Guid TenantId => tenant.Value.Id;

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

    private static string TriggerTag(SyncTrigger trigger) => trigger == SyncTrigger.Manual ? "manual" : "automatic";

    /// <summary>The completed sync's duration and changes, on its span and its instruments.</summary>
    private static void RecordSync(System.Diagnostics.Activity? activity, SyncTrigger trigger, SyncSummary summary, TimeSpan elapsed)
    {
        activity?.SetTag(PortalTelemetry.Tags.SyncAdded, summary.Added);
        activity?.SetTag(PortalTelemetry.Tags.SyncRemoved, summary.Removed);
        activity?.SetTag(PortalTelemetry.Tags.SyncUpdated, summary.Updated);
        PortalTelemetry.SyncDuration.Record(elapsed.TotalSeconds,
            new(PortalTelemetry.Tags.Trigger, TriggerTag(trigger)), new(PortalTelemetry.Tags.Outcome, "completed"));
        PortalTelemetry.SyncChanges.Add(summary.Added, new KeyValuePair<string, object?>(PortalTelemetry.Tags.Kind, "added"));
        PortalTelemetry.SyncChanges.Add(summary.Removed, new KeyValuePair<string, object?>(PortalTelemetry.Tags.Kind, "removed"));
        PortalTelemetry.SyncChanges.Add(summary.Updated, new KeyValuePair<string, object?>(PortalTelemetry.Tags.Kind, "updated"));
    }

    private async Task<SyncSummary?> RunLeasedAsync(SyncTrigger trigger, PortalCaller caller, CancellationToken cancellationToken)
    {
        using var activity = PortalTelemetry.ActivitySource.StartActivity(PortalTelemetry.Spans.Sync);
        activity?.SetTag(PortalTelemetry.Tags.Trigger, TriggerTag(trigger));
        var started = clock.GetTimestamp();
        logger.LogInformation("{Trigger} sync started on instance {Instance}", trigger, InstanceId);
        try
        {
            var summary = await new SyncReconciliation(dbFactory, membership, resolver, clock, TenantId, RenewAsync).RunAsync(cancellationToken);
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
            RecordSync(activity, trigger, summary, clock.GetElapsedTime(started));
            return summary;
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "{Trigger} sync failed", trigger);
            PortalTelemetry.SyncDuration.Record(clock.GetElapsedTime(started).TotalSeconds,
                new(PortalTelemetry.Tags.Trigger, TriggerTag(trigger)), new(PortalTelemetry.Tags.Outcome, "failed"));
            PortalTelemetry.Fail(activity, ex is OperationCanceledException ? "cancelled" : "failed");
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
}

