using AutopilotPortal.Core.Health;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AutopilotPortal.Web.Health;

/// <summary>
/// The health endpoints: <c>/alive</c> answers while the process serves requests (only the checks tagged
/// <see cref="LiveTag"/>), <c>/health</c> when the portal can do its work (every check: the database reachable
/// with every migration applied, and the background workers running). Each answers 200 <c>Healthy</c> or
/// 503 <c>Unhealthy</c> as plain text: no check names, no exception text. They are anonymous, never cached
/// and never rate-limited, so that a load balancer or an orchestrator can ask them as often as it likes.
/// </summary>
internal static class PortalHealthChecks
{
    public const string LivePath = "/alive";

    public const string HealthPath = "/health";

    /// <summary>The tag of the checks that say the process is alive.</summary>
    public const string LiveTag = "live";

    public const string SelfCheck = "self";

    public const string DatabaseCheck = "database";

    public const string WorkersCheck = "workers";

    /// <summary>Whether the request is for one of the health endpoints (telemetry leaves them out).</summary>
    public static bool IsHealthRequest(HttpContext http) =>
        http.Request.Path.StartsWithSegments(LivePath) || http.Request.Path.StartsWithSegments(HealthPath);

    public static IServiceCollection AddPortalHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck(SelfCheck, () => HealthCheckResult.Healthy(), [LiveTag])
            .AddCheck<DatabaseHealthCheck>(DatabaseCheck, timeout: TimeSpan.FromSeconds(10))
            .AddCheck<WorkersHealthCheck>(WorkersCheck);
        return services;
    }

    public static IEndpointRouteBuilder MapPortalHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        Map(endpoints, LivePath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(LiveTag) });
        Map(endpoints, HealthPath, new HealthCheckOptions());
        return endpoints;
    }

    private static void Map(IEndpointRouteBuilder endpoints, string path, HealthCheckOptions options)
    {
        // The default writer answers with the overall status alone; AllowCachingResponses is false by default.
        endpoints.MapHealthChecks(path, options)
            .AllowAnonymous()
            .DisableRateLimiting()
            .WithDisplayName($"Health {path}");
    }
}

/// <summary>Healthy when the database is reachable and no migration of this build is pending.</summary>
internal sealed class DatabaseHealthCheck(DatabaseHealth database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = await database.CheckAsync(cancellationToken);
        return state == DatabaseState.Ready
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus, state.ToString());
    }
}

/// <summary>Healthy when every background worker runs, or is switched off on this instance by configuration.</summary>
internal sealed class WorkersHealthCheck(WorkerStatus workers) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var states = workers.Snapshot();
        var unhealthy = states.Where(w => !WorkerStatus.IsHealthy(w.Value)).Select(w => $"{w.Key}: {w.Value}").ToList();
        var data = states.ToDictionary(w => w.Key.ToString(), w => (object)w.Value.ToString());
        return Task.FromResult(unhealthy.Count == 0
            ? HealthCheckResult.Healthy(data: data)
            : new HealthCheckResult(context.Registration.FailureStatus, string.Join(", ", unhealthy), data: data));
    }
}
