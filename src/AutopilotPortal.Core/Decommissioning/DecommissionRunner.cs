using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Telemetry;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Decommissioning;

/// <summary>
/// Runs unfinished decommissions, step by step. An instance claims a decommission with one
/// conditional UPDATE (a lease, as the sync does: docs/decisions/0008, 0010); every step then runs in
/// its own transaction that first renews the lease (so only the holder commits), does the removal,
/// marks the step completed and writes its audit entry. A step only runs once every step before it
/// is committed as completed; a failing step stops the decommission with its reason.
/// </summary>
internal sealed class DecommissionRunner(
    IDbContextFactory<PortalDbContext> dbFactory,
    DecommissionSteps steps,
    DeviceRegistrationService registration,
    AuditService audit,
    IOptions<TenantOptions> tenant,
    IOptions<DecommissionOptions> options,
    IEnumerable<IDecommissionStepObserver> observers,
    TimeProvider clock,
    ILogger<DecommissionRunner> logger)
{
    private const string DeviceTarget = "Device";

    /// <summary>This instance's name in the lease (one per process).</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    private TimeSpan Lease => options.Value.LeaseDuration;

    /// <summary>Runs every decommission that is pending, or running with a lapsed lease, until none is left. Returns how many it ran.</summary>
    public async Task<int> RunPendingAsync(CancellationToken cancellationToken = default)
    {
        var ran = 0;
        while (!cancellationToken.IsCancellationRequested && await ClaimNextAsync(cancellationToken) is { } id)
        {
            try
            {
                await RunAsync(id, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The instance is stopping: the step in hand rolled back; hand the claim back so that the next
                // instance resumes at once, at the first step not committed, instead of after the lease.
                await ReleaseAsync(id);
                throw;
            }

            ran++;
        }

        return ran;
    }

    private async Task ReleaseAsync(Guid id)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.Decommissions.Where(d => d.Id == id && d.LeaseOwner == InstanceId).ExecuteUpdateAsync(set => set
            .SetProperty(d => d.LeaseOwner, (string?)null)
            .SetProperty(d => d.LeaseExpiresAt, (DateTime?)null), CancellationToken.None);
        logger.LogInformation("Decommission {Id}: handed back on stop; another instance resumes it", id);
    }

    private async Task<Guid?> ClaimNextAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;

        // Only this portal's tenant: an instance for another tenant on the same database runs that tenant's.
        var tenantId = tenant.Value.Id;
        var candidates = await db.Decommissions.AsNoTracking()
            .Where(d => d.TenantId == tenantId && (d.State == DecommissionState.Pending || d.State == DecommissionState.Running) && (d.LeaseExpiresAt == null || d.LeaseExpiresAt < now))
            .OrderBy(d => d.RequestedAt).Select(d => d.Id).Take(20).ToListAsync(ct);
        foreach (var id in candidates)
        {
            // Of several instances asking at once, exactly one's UPDATE matches.
            var taken = await db.Decommissions
                .Where(d => d.Id == id && d.TenantId == tenantId && (d.State == DecommissionState.Pending || d.State == DecommissionState.Running) && (d.LeaseExpiresAt == null || d.LeaseExpiresAt < now))
                .ExecuteUpdateAsync(set => set
                    .SetProperty(d => d.LeaseOwner, InstanceId)
                    .SetProperty(d => d.LeaseExpiresAt, now + Lease)
                    .SetProperty(d => d.State, DecommissionState.Running)
                    .SetProperty(d => d.Attempts, d => d.Attempts + 1), ct);
            if (taken == 1)
            {
                return id;
            }
        }

        return null;
    }

    private async Task RunAsync(Guid id, CancellationToken ct)
    {
        Decommission d;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            d = await db.Decommissions.AsNoTracking().Include(x => x.Steps).FirstAsync(x => x.Id == id, ct);
        }

        await StepCommittedAsync(0, d, ct);
        foreach (var step in d.Steps.OrderBy(s => s.Order))
        {
            if (step.State == DecommissionStepState.Completed)
            {
                continue;
            }

            using (var activity = PortalTelemetry.ActivitySource.StartActivity(PortalTelemetry.Spans.DecommissionStep))
            {
                activity?.SetTag(PortalTelemetry.Tags.DecommissionId, d.Id);
                activity?.SetTag(PortalTelemetry.Tags.Step, step.Kind.ToString());
                activity?.SetTag(PortalTelemetry.Tags.DecommissionStepOrder, step.Order);
                var outcome = StepOutcomes.Failed;
                try
                {
                    await RunStepAsync(d, step, ct);
                    outcome = StepOutcomes.Completed;
                }
                catch (LeaseLostException)
                {
                    outcome = StepOutcomes.LeaseLost;
                    logger.LogWarning("Decommission {Id} of {Serial}: lost its lease; another instance continues it", d.Id, d.SerialNumber);
                    return;
                }
                catch (DecommissionStepException ex)
                {
                    await FailAsync(d, step, ex.Message);
                    return;
                }
                catch (Exception ex) when (ex is DbUpdateException or WriteConflictException or System.Data.Common.DbException && !ct.IsCancellationRequested)
                {
                    logger.LogError(ex, "Decommission {Id} of {Serial}: step {Step} failed", d.Id, d.SerialNumber, step.Order);
                    await FailAsync(d, step, $"A storage error stopped this step ({ex.GetBaseException().Message}). Nothing after it ran; retry to continue.");
                    return;
                }
                catch (Exception ex) when (ex is not OperationCanceledException && !ct.IsCancellationRequested)
                {
                    // Stopped with its reason rather than retried forever by every instance that claims it.
                    logger.LogError(ex, "Decommission {Id} of {Serial}: step {Step} failed unexpectedly", d.Id, d.SerialNumber, step.Order);
                    await FailAsync(d, step, $"This step failed unexpectedly ({ex.Message}). Nothing after it ran; retry to continue.");
                    return;
                }
                catch (OperationCanceledException)
                {
                    outcome = StepOutcomes.Cancelled;
                    throw;
                }
                finally
                {
                    activity?.SetTag(PortalTelemetry.Tags.Outcome, outcome);
                    if (outcome is StepOutcomes.Failed or StepOutcomes.Cancelled)
                    {
                        PortalTelemetry.Fail(activity, outcome);
                    }

                    PortalTelemetry.DecommissionSteps.Add(1,
                        new KeyValuePair<string, object?>(PortalTelemetry.Tags.Step, step.Kind.ToString()),
                        new KeyValuePair<string, object?>(PortalTelemetry.Tags.Outcome, outcome));
                }
            }

            await StepCommittedAsync(step.Order, d, ct);
        }

        await CompleteAsync(d, ct);
    }

    private async Task RunStepAsync(Decommission d, DecommissionStep step, CancellationToken ct)
    {
        // Registering the new hash writes in registration's own transaction, so it runs first, under a lease
        // renewed for it. It is idempotent (806 for hardware this step already registered counts as its
        // earlier success), so a crash before the step is marked done below is safe.
        Replacement? replacement = null;
        if (step.Kind == DecommissionStepKind.RegisterReplacement)
        {
            await using (var check = await dbFactory.CreateDbContextAsync(ct))
            {
                await RenewAsync(check, d.Id, ct);
                await EnsureEarlierStepsCompletedAsync(check, d, step, ct);
            }

            replacement = await RegisterReplacementAsync(d, ct);
        }

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await RenewAsync(db, d.Id, ct);
        await EnsureEarlierStepsCompletedAsync(db, d, step, ct);
        var result = step.Kind switch
        {
            DecommissionStepKind.IntuneManagedDevice => await steps.RemoveManagedRecordAsync(db, d, ct),
            DecommissionStepKind.AutopilotRegistration => await steps.RemoveRegistrationAsync(db, d, ct),
            DecommissionStepKind.EntraObject => await steps.RemoveEntraObjectAsync(db, d, ct),
            DecommissionStepKind.RegisterReplacement => replacement!.Result,
            _ => throw new DecommissionStepException($"Unknown step {step.Kind}."),
        };
        if (replacement is not null)
        {
            await db.Decommissions.Where(x => x.Id == d.Id).ExecuteUpdateAsync(set => set
                .SetProperty(x => x.ReplacementDeviceId, replacement.DeviceId)
                .SetProperty(x => x.ReplacementZtdid, replacement.Ztdid), ct);
        }

        await MarkCompletedAsync(db, d, step, result, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>A step never runs before the one it follows: what is committed decides, not what was read at the start.</summary>
    private static async Task EnsureEarlierStepsCompletedAsync(PortalDbContext db, Decommission d, DecommissionStep step, CancellationToken ct)
    {
        if (await db.DecommissionSteps.AnyAsync(s => s.DecommissionId == d.Id && s.Order < step.Order && s.State != DecommissionStepState.Completed, ct))
        {
            throw new DecommissionStepException($"Step {step.Order} cannot run: a step before it has not completed.");
        }
    }

    private async Task MarkCompletedAsync(PortalDbContext db, Decommission d, DecommissionStep step, DecommissionSteps.StepResult result, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.DecommissionSteps.Where(s => s.DecommissionId == d.Id && s.Order == step.Order).ExecuteUpdateAsync(set => set
            .SetProperty(s => s.State, DecommissionStepState.Completed)
            .SetProperty(s => s.CompletedAt, now)
            .SetProperty(s => s.Outcome, Truncate(result.Outcome, 1024)), ct);
        if (result.Note is { } note)
        {
            await db.Decommissions.Where(x => x.Id == d.Id).ExecuteUpdateAsync(set => set.SetProperty(x => x.Note, Truncate(note, 2048)), ct);
            d.Note = note;
        }

        audit.Add(db, PortalCaller.System, AuditActions.DecommissionStepCompleted, DeviceTarget, d.SerialNumber, d.AutopilotDeviceId.ToString(),
            details: $"Step {step.Order} of {d.Steps.Count}, {DecommissionSteps.Label(step.Kind)}: {result.Outcome}. Requested by {d.RequestedBy}.");
        await db.SaveChangesAsync(ct);
        step.State = DecommissionStepState.Completed;
        step.CompletedAt = now;
        logger.LogInformation("Decommission {Id} of {Serial}: step {Step} ({Kind}) completed: {Outcome}", d.Id, d.SerialNumber, step.Order, step.Kind, result.Outcome);
    }

    private async Task<Replacement> RegisterReplacementAsync(Decommission d, CancellationToken ct)
    {
        var prepared = RegistrationValidator.Prepare(new RegistrationRequest(2, null, null, d.ReplacementHash, d.ReplacementGroupTag));
        if (prepared.Error is { } invalid)
        {
            throw new DecommissionStepException($"{invalid.Label}: {invalid.Message}");
        }

        var outcome = (await registration.RegisterAsync(d.TenantId, [prepared], dryRun: false, ct))[0];
        Guid? deviceId = outcome.AutopilotDeviceId;
        Guid? ztdid = outcome.Ztdid;
        if (outcome.Error is { Kind: RegistrationErrorKind.ZtdDeviceAlreadyAssigned })
        {
            // Registered by an earlier run of this step that was interrupted before it was marked done.
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var key = prepared.Identity!.HardwareKey;
            var existing = await db.Registrations.AsNoTracking().Where(r => r.TenantId == d.TenantId && r.HardwareKey == key)
                .Join(db.AutopilotDevices, r => r.Id, a => a.RegistrationId, (r, a) => new { a.Id, r.Ztdid, r.RegisteredAt }).FirstOrDefaultAsync(ct);

            // Ours only if registered after the old record was gone (step 3); one registered before is somebody else's.
            var oldGoneAt = d.Steps.Where(s => s.Kind == DecommissionStepKind.EntraObject).Select(s => s.CompletedAt).FirstOrDefault();
            if (existing is null || oldGoneAt is null || existing.RegisteredAt < oldGoneAt)
            {
                throw new DecommissionStepException($"The new hash did not register: {outcome.Error.Label}: {outcome.Error.Message}");
            }

            (deviceId, ztdid) = (existing.Id, existing.Ztdid);
        }
        else if (outcome.Error is { } error)
        {
            throw new DecommissionStepException($"The new hash did not register: {error.Label}: {error.Message}");
        }

        return new Replacement(new DecommissionSteps.StepResult($"Registered the new hardware as a new device (ZTDID {ztdid})"), deviceId, ztdid);
    }

    private async Task CompleteAsync(Decommission d, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var done = await db.Decommissions.Where(x => x.Id == d.Id && x.LeaseOwner == InstanceId).ExecuteUpdateAsync(set => set
            .SetProperty(x => x.State, DecommissionState.Completed)
            .SetProperty(x => x.CompletedAt, now)
            .SetProperty(x => x.LeaseOwner, (string?)null)
            .SetProperty(x => x.LeaseExpiresAt, (DateTime?)null), ct);
        if (done != 1)
        {
            return;
        }

        audit.Add(db, PortalCaller.System, AuditActions.DecommissionCompleted, DeviceTarget, d.SerialNumber, d.AutopilotDeviceId.ToString(),
            details: $"{d.Kind} decommission completed ({d.Steps.Count} steps). Requested by {d.RequestedBy}.{(d.Note is null ? string.Empty : " " + d.Note)}");
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private async Task FailAsync(Decommission d, DecommissionStep step, string reason)
    {
        reason = Truncate(reason, 2048)!;
        logger.LogWarning("Decommission {Id} of {Serial} stopped at step {Step}: {Reason}", d.Id, d.SerialNumber, step.Order, reason);
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var failed = await db.Decommissions.Where(x => x.Id == d.Id && x.LeaseOwner == InstanceId).ExecuteUpdateAsync(set => set
            .SetProperty(x => x.State, DecommissionState.Failed)
            .SetProperty(x => x.FailureReason, reason)
            .SetProperty(x => x.LeaseOwner, (string?)null)
            .SetProperty(x => x.LeaseExpiresAt, (DateTime?)null), CancellationToken.None);
        if (failed != 1)
        {
            return;
        }

        await db.DecommissionSteps.Where(s => s.DecommissionId == d.Id && s.Order == step.Order).ExecuteUpdateAsync(set => set
            .SetProperty(s => s.State, DecommissionStepState.Failed)
            .SetProperty(s => s.Outcome, Truncate(reason, 1024)), CancellationToken.None);
        audit.Add(db, PortalCaller.System, AuditActions.DecommissionFailed, DeviceTarget, d.SerialNumber, d.AutopilotDeviceId.ToString(),
            details: $"Step {step.Order}, {DecommissionSteps.Label(step.Kind)}: {reason}", outcome: AuditOutcome.Failed);
        await db.SaveChangesAsync(CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
    }

    private async Task RenewAsync(PortalDbContext db, Guid id, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var renewed = await db.Decommissions.Where(x => x.Id == id && x.LeaseOwner == InstanceId && x.State == DecommissionState.Running)
            .ExecuteUpdateAsync(set => set.SetProperty(x => x.LeaseExpiresAt, now + Lease), ct);
        if (renewed != 1)
        {
            throw new LeaseLostException();
        }
    }

    private async Task StepCommittedAsync(int afterStep, Decommission d, CancellationToken ct)
    {
        foreach (var observer in observers)
        {
            await observer.StepCommittedAsync(d.Id, afterStep, ct);
        }
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..(max - 1)] + "…";

    private sealed class LeaseLostException : Exception;

    /// <summary>The values of the decommission steps' <see cref="PortalTelemetry.Tags.Outcome"/>.</summary>
    private static class StepOutcomes
    {
        public const string Completed = "completed";

        public const string Failed = "failed";

        public const string LeaseLost = "leaseLost";

        public const string Cancelled = "cancelled";
    }

    /// <summary>What registering the new hash gave: the step's result and the new device.</summary>
    private sealed record Replacement(DecommissionSteps.StepResult Result, Guid? DeviceId, Guid? Ztdid);
}
