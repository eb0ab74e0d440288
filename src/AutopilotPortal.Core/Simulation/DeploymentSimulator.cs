using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Groups;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Telemetry;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Simulation;

/// <summary>
/// Simulates deployments and lists them: each run plays the device's side of OOBE against the
/// modelled services (<see cref="DeploymentPlay"/>, <c>docs/decisions/0009-deployment-simulator.md</c>)
/// in one transaction with its audit entry and the group changes it causes. Every run writes a
/// <see cref="DeploymentEvent"/>; a run either enrolls the device completely or changes nothing but
/// its last-contacted time.
/// </summary>
public sealed class DeploymentSimulator(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<TenantOptions> options,
    AuditService audit, AccessGuard access,
    GroupMembershipService membership,
    TimeProvider clock)
{
    /// <summary>The most events one page returns.</summary>
    public const int MaxPageSize = 200;

    private const string DeviceTarget = "Device";

    private Guid TenantId => options.Value.Id;

    /// <summary>
    /// Simulates a deployment of the device and returns its event (also for a failed run: failures
    /// are results, not exceptions).
    /// </summary>
    /// <exception cref="AccessDeniedException">The caller may not simulate deployments.</exception>
    /// <exception cref="DeviceNotFoundException">The device is not in this tenant's list (any more).</exception>
    public async Task<DeploymentEvent> SimulateAsync(PortalCaller caller, Guid autopilotDeviceId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.SimulateDeployment, autopilotDeviceId.ToString(), cancellationToken);
        using var activity = PortalTelemetry.ActivitySource.StartActivity(PortalTelemetry.Spans.DeploymentSimulation);
        activity?.SetTag(PortalTelemetry.Tags.DeviceId, autopilotDeviceId);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var strategy = db.Database.CreateExecutionStrategy();
        var run = await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var device = await db.AutopilotDevices.FirstOrDefaultAsync(d => d.Id == autopilotDeviceId && d.TenantId == TenantId, ct)
                ?? throw new DeviceNotFoundException("The device no longer exists; it may have been deleted. Refresh the list.");
            var now = clock.GetUtcNow().UtcDateTime;
            var run = new DeploymentEvent
            {
                Id = Guid.CreateVersion7(now),
                TenantId = TenantId,
                AutopilotDeviceId = device.Id,
                SerialNumber = device.SerialNumber,
                StartedAt = now,
                Actor = caller.UserName,
            };

            var changedObjects = await new DeploymentPlay(db, TenantId, run, now).RunAsync(device, ct);
            run.FinishedAt = clock.GetUtcNow().UtcDateTime;
            db.DeploymentEvents.Add(run);
            audit.Add(db, caller, AuditActions.DeploymentSimulated, DeviceTarget, device.SerialNumber, device.Id.ToString(),
                newValue: run.Result.ToString(), details: run.FailureReason ?? $"Enrolled as {run.DeviceName} with profile {run.ProfileName}.",
                outcome: run.Result == DeploymentResult.Succeeded ? AuditOutcome.Succeeded : AuditOutcome.Failed);

            // An enabled, renamed or new Entra object can change dynamic groups: they follow in the same transaction.
            await membership.ApplyDirectoryChangesAsync(db, changedObjects, ct);
            await tx.CommitAsync(ct);
            return run;
        }, cancellationToken);
        activity?.SetTag(PortalTelemetry.Tags.DeploymentMode, run.Mode?.ToString());
        activity?.SetTag(PortalTelemetry.Tags.Result, run.Result.ToString());
        if (run.FailureCode is { } failure)
        {
            // A simulated failure is the simulation's result, not the portal's error: the span keeps its status.
            activity?.SetTag(PortalTelemetry.Tags.DeploymentFailure, failure.ToString());
        }
        PortalTelemetry.DeploymentSimulations.Add(1, new KeyValuePair<string, object?>(PortalTelemetry.Tags.Result, run.Result.ToString()));
        return run;
    }

    /// <summary>A page of simulated deployments, newest first, optionally of one result and with serials starting with <see cref="DeploymentEventQuery.Serial"/>.</summary>
    /// <exception cref="AccessDeniedException">The caller may not read devices.</exception>
    public async Task<PagedResult<DeploymentEvent>> ListAsync(PortalCaller caller, DeploymentEventQuery query, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, "deployment events", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var events = db.DeploymentEvents.AsNoTracking().Where(e => e.TenantId == TenantId);
        if (query.Result is { } result)
        {
            events = events.Where(e => e.Result == result);
        }

        if (query.AutopilotDeviceId is { } deviceId)
        {
            events = events.Where(e => e.AutopilotDeviceId == deviceId);
        }

        var term = query.Serial?.Trim() ?? string.Empty;
        if (term.Length > 0)
        {
            events = db.TextMatching().WhereLike(events, e => e.SerialNumber, LikePattern.StartsWith(term));
        }

        var skip = Math.Max(0, query.Skip);
        var take = Math.Clamp(query.Take, 1, MaxPageSize);
        var items = await events.OrderByDescending(e => e.StartedAt).ThenByDescending(e => e.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        var total = await Paging.TotalAsync(events, skip, take, items.Count, cancellationToken);
        return new PagedResult<DeploymentEvent>(items, total);
    }

    /// <summary>How the mode reads in a sentence.</summary>
    public static string Describe(DeploymentRunMode mode) => mode switch
    {
        DeploymentRunMode.SelfDeploying => "Self-deploying mode",
        DeploymentRunMode.PreProvisioning => "Pre-provisioning",
        _ => "User-driven mode",
    };
}
