using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using AutopilotPortal.Web.ApiAuth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Web.Graph;

/// <summary>
/// The <c>GraphApi</c> section: write throttling as Intune documents it for these resources — a limit
/// per client and one per tenant, each counted in fixed windows (100 and 1,000 writes per 20 seconds).
/// </summary>
public sealed class GraphThrottleOptions
{
    public const string SectionName = "GraphApi";

    /// <summary>Writes (POST, PATCH, PUT, DELETE) one API client may make per window.</summary>
    [Range(1, 1_000_000)]
    public int WritesPerClient { get; set; } = 100;

    /// <summary>Writes all the tenant's API clients together may make per window.</summary>
    [Range(1, 10_000_000)]
    public int WritesPerTenant { get; set; } = 1000;

    /// <summary>The window the two limits count in.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(20);
}

/// <summary>
/// Applies <see cref="GraphThrottleOptions"/> to the API's writes, in the route group's endpoint filters
/// (after the bearer token was read): a refused write is 429 with <c>Retry-After</c> and Graph's error body.
/// </summary>
internal sealed class GraphThrottle : IDisposable
{
    private const string Tenant = "tenant";

    private readonly PartitionedRateLimiter<string> _limiter;

    public GraphThrottle(IOptions<GraphThrottleOptions> options)
    {
        var settings = options.Value;
        RateLimitPartition<string> Window(string key, int limit) => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limit,
            Window = settings.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
        _limiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<string, string>(client => Window("client:" + client, settings.WritesPerClient)),
            PartitionedRateLimiter.Create<string, string>(_ => Window(Tenant, settings.WritesPerTenant)));
    }

    /// <summary>Counts a write by an API client against its limit and the tenant's; throws a 429 when either is reached.</summary>
    public async Task AdmitAsync(HttpContext http)
    {
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)
            || http.User.FindFirst(GraphApi.Claims.AppId)?.Value is not { } client)
        {
            return;
        }

        using var lease = await _limiter.AcquireAsync(client, 1, http.RequestAborted);
        if (!lease.IsAcquired)
        {
            var seconds = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            throw new GraphRequestException(StatusCodes.Status429TooManyRequests, "TooManyRequests",
                $"Too many writes: this client or this tenant reached its limit for the window; retry after {seconds} s.");
        }
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>Registers the API's write throttle.</summary>
internal static class GraphThrottleRegistration
{
    public static void AddGraphThrottle(this IServiceCollection services)
    {
        services.AddOptions<GraphThrottleOptions>().BindConfiguration(GraphThrottleOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<GraphThrottle>();
    }
}
