using System.Security.Claims;
using AutopilotPortal.Core.Accounts;
using AutopilotPortal.Core.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Web.Security;

/// <summary>Puts a local user's portal role into their sign-in cookie as the same claim an Entra token carries.</summary>
internal sealed class PortalClaimsFactory(UserManager<PortalUser> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PortalUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(identity.RoleClaimType, user.Role.ClaimValue()));
        return identity;
    }
}

/// <summary>Local sign-in that also refuses disabled accounts (the sign-in result is "not allowed").</summary>
internal sealed class PortalSignInManager(
    UserManager<PortalUser> users,
    Microsoft.AspNetCore.Http.IHttpContextAccessor context,
    IUserClaimsPrincipalFactory<PortalUser> claims,
    IOptions<IdentityOptions> options,
    Microsoft.Extensions.Logging.ILogger<SignInManager<PortalUser>> logger,
    Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider schemes,
    IUserConfirmation<PortalUser> confirmation,
    UserSessionService sessions)
    : SignInManager<PortalUser>(users, context, claims, options, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(PortalUser user) => !user.IsDisabled && await base.CanSignInAsync(user);

    /// <summary>Every sign-in opens a server-side session, and its cookie carries the session's id.</summary>
    public override async Task SignInWithClaimsAsync(PortalUser user, Microsoft.AspNetCore.Authentication.AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        var extra = additionalClaims.ToList();
        if (!extra.Exists(c => c.Type == UserSessionService.ClaimType))
        {
            var session = await sessions.StartAsync(user.Id, Context.Connection.RemoteIpAddress?.ToString(), Context.RequestAborted);
            extra.Add(new Claim(UserSessionService.ClaimType, session.ToString()));
        }

        await base.SignInWithClaimsAsync(user, authenticationProperties, extra);
    }
}
