using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.SessionAffinity;
using Yarp.ReverseProxy.Transforms;

namespace AutopilotPortal.Proxy;

/// <summary>
/// The reverse proxy in front of several portal instances that share one PostgreSQL database: one route for every
/// path to one cluster of instances, with cookie session affinity (a Blazor Server circuit lives in one process),
/// active and passive health checks on <c>/health</c>, and a request that could not reach its instance sent to another
/// when that cannot do anything twice (<see cref="ConnectFailover"/>).
/// </summary>
public static class PortalProxy
{
    /// <summary>The response header that names the instance (<c>instance-0</c>, <c>instance-1</c>, …) that answered.</summary>
    public const string InstanceHeader = "X-Portal-Instance";

    /// <summary>The cookie that names, encrypted, the instance a browser sticks to.</summary>
    public const string AffinityCookie = ".AutopilotPortal.Instance";

    private const string ClusterId = "portal";

    /// <summary>The proxy host, configured from <paramref name="args"/>, appsettings and the environment; not started.</summary>
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.UseUrls(builder.Configuration[$"{ProxyOptions.Section}:{nameof(ProxyOptions.Url)}"] ?? ProxyOptions.DefaultUrl);

        builder.Services.AddOptions<ProxyOptions>()
            .BindConfiguration(ProxyOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // The routes and the cluster come from the validated options rather than from a configuration section of
        // YARP's own, so that the settings stay a list of addresses.
        builder.Services.AddSingleton<IProxyConfigProvider>(services =>
        {
            var options = services.GetRequiredService<IOptions<ProxyOptions>>().Value;
            return new InMemoryConfigProvider([Route()], [Cluster(options)]);
        });

        builder.Services.AddReverseProxy()
            .AddTransforms(context =>
            {
                // The instances see the browser's Host, not their own address, so that the absolute addresses they
                // build (the sign-in redirect) point at the proxy; the portal does not read X-Forwarded-Host.
                context.AddOriginalHost(useOriginal: true);
                context.AddResponseTransform(transform =>
                {
                    if (transform.HttpContext.GetReverseProxyFeature().ProxiedDestination is { } destination)
                    {
                        transform.HttpContext.Response.Headers[InstanceHeader] = destination.DestinationId;
                    }

                    return ValueTask.CompletedTask;
                });
            });

        // The failure-rate policy only counts once a window holds enough requests; ConnectFailover also takes an
        // instance out at the first request that cannot reach it.
        builder.Services.Configure<TransportFailureRateHealthPolicyOptions>(options => options.MinimalTotalCountThreshold = 5);

        // An instance is taken out after three probes in a row fail, not two: a probe that times out on a busy
        // machine is not a dead instance (ConnectFailover takes a dead one out at once), and taking one out moves its
        // sessions, whose circuits are then lost.
        builder.Services.Configure<ConsecutiveFailuresHealthPolicyOptions>(options => options.DefaultThreshold = 3);
        builder.Services.AddSingleton<ConnectFailover>();

        var app = builder.Build();
        var failover = app.Services.GetRequiredService<ConnectFailover>();
        app.MapReverseProxy(pipeline =>
        {
            // The default pipeline, with the failover around it so that a retry goes through affinity and load
            // balancing again.
            pipeline.Use(failover.InvokeAsync);
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
        });
        return app;
    }

    private static RouteConfig Route() => new()
    {
        RouteId = "portal",
        ClusterId = ClusterId,
        Match = new RouteMatch { Path = "{**catch-all}" },

        // X-Forwarded-For, -Proto, -Host and -Prefix are set on every forwarded request (YARP's default transforms).
    };

    private static ClusterConfig Cluster(ProxyOptions options) => new()
    {
        ClusterId = ClusterId,
        Destinations = options.Instances
            .Select((address, index) => (Id: $"instance-{index}", Address: address))
            .ToDictionary(d => d.Id, d => new DestinationConfig { Address = d.Address }),
        SessionAffinity = new SessionAffinityConfig
        {
            Enabled = true,
            Policy = SessionAffinityConstants.Policies.Cookie,

            // A cookie that names an instance that is unhealthy or gone is ignored and the request is balanced
            // over the live ones; the response then carries a cookie for the new instance.
            FailurePolicy = SessionAffinityConstants.FailurePolicies.Redistribute,
            AffinityKeyName = AffinityCookie,
            Cookie = new SessionAffinityCookieConfig
            {
                HttpOnly = true,
                IsEssential = true,
                SameSite = SameSiteMode.Lax,
                SecurePolicy = CookieSecurePolicy.SameAsRequest,
            },
        },
        HealthCheck = new HealthCheckConfig
        {
            // When every instance fails its checks (all of them slow under load, or the database away for a moment),
            // requests still go to them rather than being refused with 503: the instances answer what they can.
            // YARP's default; stated because the failover rules rely on it.
            AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyOrPanic,
            Active = new ActiveHealthCheckConfig
            {
                Enabled = true,
                Interval = options.HealthCheckInterval,
                Timeout = TimeSpan.FromSeconds(Math.Min(10, Math.Max(1, options.HealthCheckInterval.TotalSeconds))),
                Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                Path = "/health",
            },
            Passive = new PassiveHealthCheckConfig
            {
                Enabled = true,
                Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                ReactivationPeriod = options.ReactivationPeriod,
            },
        },
    };
}
