using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Decommissioning;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Simulation;
using AutopilotPortal.Core.Sync;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Dashboard;

/// <summary>
/// The overview's figures. Device figures come from the counts the database keeps beside the devices
/// (<see cref="TenantDeviceStatusCount"/>, <see cref="TenantRegistrationHour"/>), so a load reads a few
/// dozen rows whatever the number of devices; the rest reads only recent or unfinished work through
/// indexes: imports of the last <see cref="Window"/> and their refused rows (the rows with an error name), deployment runs of the same
/// window, decommissions not completed.
/// </summary>
public sealed class DashboardService(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<TenantOptions> tenant,
    IOptions<SyncOptions> syncOptions,
    SyncService sync,
    AccessGuard access,
    TimeProvider clock)
{
    /// <summary>How far back the overview's time-bound figures reach.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(30);

    private Guid TenantId => tenant.Value.Id;

    public async Task<DashboardSummary> GetAsync(PortalCaller caller, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadDevices, "overview", cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - Window;
        var settings = await sync.GetSettingsAsync(caller, cancellationToken);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var statuses = await db.DeviceStatusCounts.AsNoTracking()
            .Where(c => c.TenantId == TenantId && c.Count != 0)
            .Select(c => new DeviceStatusCount(c.ProfileStatus, c.EnrollmentState, c.Count))
            .ToListAsync(cancellationToken);

        // Fifteen hours more than the window (the widest time zone offset), so that the oldest day in any viewer's zone is whole.
        var fromHour = since.AddHours(-15);
        var hours = await db.RegistrationHours.AsNoTracking()
            .Where(c => c.TenantId == TenantId && c.Hour >= fromHour && c.Count != 0)
            .OrderBy(c => c.Hour)
            .Select(c => new RegistrationHourCount(c.Hour, c.Count))
            .ToListAsync(cancellationToken);

        var jobs = await db.ImportJobs.AsNoTracking()
            .Where(j => j.TenantId == TenantId && j.StartedAt >= since)
            .GroupBy(j => j.Status)
            .Select(g => new { Status = g.Key, Jobs = g.Count(), Registered = g.Sum(j => j.Registered), Failed = g.Sum(j => j.Failed) })
            .ToListAsync(cancellationToken);
        var recentJobs = db.ImportJobs.Where(j => j.TenantId == TenantId && j.StartedAt >= since).Select(j => j.Id);
        var errors = await db.ImportRowResults.AsNoTracking()
            .Where(r => r.ErrorName != null && recentJobs.Contains(r.ImportJobId))
            .GroupBy(r => new { r.ErrorName, r.ErrorCode })
            .Select(g => new { g.Key.ErrorName, g.Key.ErrorCode, Rows = g.Count() })
            .ToListAsync(cancellationToken);

        var decommissions = await db.Decommissions.AsNoTracking()
            // Named states, not "not completed": completed ones pile up over the years, and the (State, RequestedAt)
            // index reads only the open ones this way.
            .Where(d => (d.State == DecommissionState.Pending || d.State == DecommissionState.Running || d.State == DecommissionState.Failed)
                && d.TenantId == TenantId)
            .GroupBy(d => d.State)
            .Select(g => new { State = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);

        var runs = await db.DeploymentEvents.AsNoTracking()
            .Where(e => e.TenantId == TenantId && e.StartedAt >= since)
            .GroupBy(e => e.Result)
            .Select(g => new { Result = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);

        var automatic = syncOptions.Value;
        DateTime? nextSync = !automatic.Enabled ? null
            : settings.LastSyncDateTime is { } last ? last + automatic.AutomaticInterval : now;

        return new DashboardSummary(
            now,
            statuses,
            hours,
            new ImportFigures(
                jobs.Sum(j => j.Jobs),
                jobs.Where(j => j.Status == Import.ImportJobStatus.Failed).Sum(j => j.Jobs),
                jobs.Sum(j => (long)j.Registered),
                jobs.Sum(j => (long)j.Failed),
                errors.OrderByDescending(e => e.Rows).ThenBy(e => e.ErrorName, StringComparer.Ordinal)
                    .Select(e => new ImportErrorCount(e.ErrorCode, e.ErrorName!, e.Rows)).ToList()),
            new SyncFigures(settings.LastSyncDateTime, settings.SyncStatus, settings.LastSyncSummary, automatic.Enabled, nextSync),
            decommissions.ToDictionary(d => d.State, d => d.Count),
            runs.ToDictionary(r => r.Result, r => r.Count));
    }
}

/// <summary>Everything the overview shows, read at <see cref="ReadAt"/> (UTC).</summary>
public sealed record DashboardSummary(
    DateTime ReadAt,
    IReadOnlyList<DeviceStatusCount> Devices,
    IReadOnlyList<RegistrationHourCount> RegistrationHours,
    ImportFigures Imports,
    SyncFigures Sync,
    IReadOnlyDictionary<DecommissionState, int> OpenDecommissions,
    IReadOnlyDictionary<DeploymentResult, int> DeploymentRuns)
{
    public long DeviceCount => Devices.Sum(d => d.Count);

    public IReadOnlyList<(ProfileAssignmentStatus Status, long Count)> ByProfileStatus =>
        Devices.GroupBy(d => d.ProfileStatus).OrderBy(g => g.Key).Select(g => (g.Key, g.Sum(d => d.Count))).ToList();

    public IReadOnlyList<(EnrollmentState State, long Count)> ByEnrollmentState =>
        Devices.GroupBy(d => d.EnrollmentState).OrderBy(g => g.Key).Select(g => (g.Key, g.Sum(d => d.Count))).ToList();

    /// <summary>Registrations per day in the zone given, for the <paramref name="days"/> days up to and including today there.</summary>
    public IReadOnlyList<(DateOnly Day, long Count)> RegistrationsPerDay(TimeZoneInfo zone, int days)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(ReadAt, zone));
        var first = today.AddDays(1 - days);
        var counts = RegistrationHours
            .GroupBy(h => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(h.Hour, DateTimeKind.Utc), zone)))
            .ToDictionary(g => g.Key, g => g.Sum(h => h.Count));
        return Enumerable.Range(0, days).Select(i => first.AddDays(i)).Select(d => (d, counts.GetValueOrDefault(d))).ToList();
    }
}

public sealed record DeviceStatusCount(ProfileAssignmentStatus ProfileStatus, EnrollmentState EnrollmentState, long Count);

/// <summary>Devices registered in the hour starting at <see cref="Hour"/> (UTC).</summary>
public sealed record RegistrationHourCount(DateTime Hour, long Count);

/// <summary>Imports started in the window: jobs, failed jobs, rows registered and refused, refused rows by error.</summary>
public sealed record ImportFigures(int Jobs, int FailedJobs, long RowsRegistered, long RowsRefused, IReadOnlyList<ImportErrorCount> Errors);

/// <summary>Refused rows with one error: its name, and its numeric code where Graph has one (a duplicate row has none).</summary>
public sealed record ImportErrorCount(int? Code, string Name, int Rows);

/// <summary>The last sync and when the automatic one is next due (null when automatic sync is off).</summary>
public sealed record SyncFigures(DateTime? LastSync, SyncStatus Status, string? Summary, bool AutomaticEnabled, DateTime? NextDue);
