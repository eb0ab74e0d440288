using System.Globalization;
using System.Threading.RateLimiting;
using AutopilotPortal.Core.Accounts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Web.Security;

/// <summary>
/// Limits sign-in attempts with ASP.NET Core's rate limiting: per client address in the rate
/// limiter middleware (the login page's <see cref="PolicyName"/> policy, before any form is read),
/// and per user name in the login itself, where the name is known. An unknown name is limited
/// exactly like a known one. The limits are <see cref="AccountOptions.SignInAttemptsPerAddress"/>
/// and <see cref="AccountOptions.SignInAttemptsPerUserName"/> per <see cref="AccountOptions.SignInThrottleWindow"/>.
/// </summary>
internal sealed class SignInThrottle : IDisposable
{
    /// <summary>The rate limiter policy the login page names.</summary>
    public const string PolicyName = "sign-in";

    private readonly PartitionedRateLimiter<string> _names;

    public SignInThrottle(IOptions<AccountOptions> options)
    {
        var settings = options.Value;
        _names = PartitionedRateLimiter.Create<string, string>(
            name => RateLimitPartition.GetFixedWindowLimiter(name, _ => Window(settings.SignInAttemptsPerUserName, settings.SignInThrottleWindow)),
            StringComparer.Ordinal);
    }

    /// <summary>Takes one attempt for the name; null when allowed, else how long until the next is.</summary>
    public TimeSpan? TryAttemptFor(string userName, TimeSpan window)
    {
        using var lease = _names.AttemptAcquire(userName.Trim().ToUpperInvariant());
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : window;
    }

    /// <summary>The sentence a throttled attempt gets.</summary>
    public static string Message(string what, TimeSpan retryAfter) =>
        $"Too many sign-in attempts {what}. Try again in {Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture)} seconds.";

    public void Dispose() => _names.Dispose();

    /// <summary>The per-address policy: POSTs of the login form count, the page itself does not.</summary>
    internal static void AddSignInRateLimiting(IServiceCollection services)
    {
        services.AddSingleton<SignInThrottle>();
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PolicyName, http =>
            {
                if (!HttpMethods.IsPost(http.Request.Method))
                {
                    return RateLimitPartition.GetNoLimiter("page");
                }

                var settings = http.RequestServices.GetRequiredService<IOptions<AccountOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => Window(settings.SignInAttemptsPerAddress, settings.SignInThrottleWindow));
            });
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var window = context.HttpContext.RequestServices.GetRequiredService<IOptions<AccountOptions>>().Value.SignInThrottleWindow;
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : window;
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync(Message("from your address", retry), cancellationToken);
            };
        });
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };
}
