using System.Security.Claims;
using AutopilotPortal.Core.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Web.Security;

/// <summary>
/// Ties a local sign-in cookie to its server-side session (<see cref="UserSessionService"/>): every
/// request whose cookie names an ended session, or none, is signed out, whatever the cookie's own
/// expiry says. The security stamp is still checked after it (role changes, disabled accounts).
/// </summary>
internal static class PortalSessions
{
    /// <summary>The session id a principal's cookie carries, or null.</summary>
    public static Guid? SessionId(ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.FindFirstValue(UserSessionService.ClaimType), out var id) ? id : null;

    /// <summary>True when the principal names an open session of its own user.</summary>
    public static async Task<bool> IsOpenAsync(IServiceProvider services, ClaimsPrincipal? principal, CancellationToken cancellationToken)
    {
        var userIdClaim = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.UserIdClaimType;
        return SessionId(principal) is { } session
            && principal?.FindFirstValue(userIdClaim) is { } userId
            && await services.GetRequiredService<UserSessionService>().IsOpenAsync(session, userId, cancellationToken);
    }

    /// <summary>The cookie's <c>OnValidatePrincipal</c>: the session first, on every request; then the security stamp.</summary>
    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var http = context.HttpContext;
        if (!await IsOpenAsync(http.RequestServices, context.Principal, http.RequestAborted))
        {
            context.RejectPrincipal();
            await http.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        await SecurityStampValidator.ValidatePrincipalAsync(context);
        if (context.ShouldRenew && SessionId(context.Principal) is { } session)
        {
            await http.RequestServices.GetRequiredService<UserSessionService>().RenewAsync(session, http.RequestAborted);
        }
    }

    /// <summary>The cookie's <c>OnCheckSlidingExpiration</c>: a renewed cookie keeps its session from the purge.</summary>
    public static async Task CheckSlidingExpirationAsync(CookieSlidingExpirationContext context)
    {
        if (context.ShouldRenew && SessionId(context.Principal) is { } session)
        {
            await context.HttpContext.RequestServices.GetRequiredService<UserSessionService>().RenewAsync(session, context.HttpContext.RequestAborted);
        }
    }

    /// <summary>The security stamp check rebuilds the principal from the user; the session stays the same.</summary>
    public static Task KeepSessionClaim(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.CurrentPrincipal?.FindFirst(UserSessionService.ClaimType) is { } claim
            && context.NewPrincipal?.Identity is ClaimsIdentity identity
            && !identity.HasClaim(c => c.Type == UserSessionService.ClaimType))
        {
            identity.AddClaim(new Claim(claim.Type, claim.Value));
        }

        return Task.CompletedTask;
    }
}
