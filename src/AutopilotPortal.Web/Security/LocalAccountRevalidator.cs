using System.Security.Claims;
using AutopilotPortal.Core.Accounts;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Web.Security;

/// <summary>
/// Checks an open circuit's local user every minute: a circuit whose session was ended (sign-out,
/// sign out everywhere), or whose user was disabled, deleted, or given another role (their security
/// stamp changed) is signed out.
/// </summary>
internal sealed class LocalAccountRevalidator(ILoggerFactory loggers, IServiceScopeFactory scopes, IOptions<IdentityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken) =>
        IsStillValidAsync(state.User, cancellationToken);

    /// <summary>True while the principal's session is open and its user may still act as the principal says.</summary>
    internal async Task<bool> IsStillValidAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (!await PortalSessions.IsOpenAsync(scope.ServiceProvider, principal, cancellationToken))
        {
            return false;
        }

        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.GetUserAsync(principal);
        if (user is null || user.IsDisabled)
        {
            return false;
        }

        if (!users.SupportsUserSecurityStamp)
        {
            return true;
        }

        var stamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}
