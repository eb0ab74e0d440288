using System.Security.Claims;

namespace AutopilotPortal.Core.Security;

/// <summary>
/// Who is asking: every operation of the service library takes one, checks its rights and writes
/// it into the audit log. It is built on the server from the signed-in principal, never from input.
/// </summary>
public sealed record PortalCaller
{
    private const string EntraRolesClaim = "roles";

    /// <summary>The sign-in name (a local user name or a UPN); <c>anonymous</c> when nobody is signed in.</summary>
    public required string UserName { get; init; }

    /// <summary>The roles the caller holds.</summary>
    public IReadOnlySet<PortalRole> Roles { get; init; } = new HashSet<PortalRole>();

    /// <summary>Where the request came from (the client's IP address), when known.</summary>
    public string? RemoteAddress { get; init; }

    /// <summary>The portal itself (start-up, the demo seeder, the sync scheduler).</summary>
    public static PortalCaller System { get; } = new() { UserName = "system", Roles = new HashSet<PortalRole> { PortalRole.Admin } };

    /// <summary>Somebody not signed in: holds no role, so may do nothing.</summary>
    public static PortalCaller Anonymous(string? remoteAddress = null) => new() { UserName = "anonymous", RemoteAddress = remoteAddress };

    /// <summary>A caller with the given roles (tests, tools).</summary>
    public static PortalCaller WithRoles(string userName, params PortalRole[] roles) => new() { UserName = userName, Roles = roles.ToHashSet() };

    public bool IsAuthenticated => Roles.Count > 0 || UserName != "anonymous";

    /// <summary>True when one of the caller's roles grants the permission.</summary>
    public bool Can(PortalPermission permission) => Roles.Any(r => r.Grants(permission));

    /// <summary>
    /// Builds the caller from a principal: the local cookie's role claims or an Entra token's
    /// <c>roles</c> claim, whichever claim type the identity uses for roles.
    /// </summary>
    public static PortalCaller FromPrincipal(ClaimsPrincipal? principal, string? remoteAddress)
    {
        if (principal?.Identity is not { IsAuthenticated: true } identity)
        {
            return Anonymous(remoteAddress);
        }

        var roles = new HashSet<PortalRole>();
        foreach (var claim in principal.Claims)
        {
            var isRoleClaim = claim.Type == ClaimTypes.Role || claim.Type == EntraRolesClaim
                || (identity is ClaimsIdentity claimsIdentity && claim.Type == claimsIdentity.RoleClaimType);
            if (isRoleClaim && PortalRoles.TryParseClaim(claim.Value, out var role))
            {
                roles.Add(role);
            }
        }

        var name = identity.Name
            ?? principal.FindFirst("preferred_username")?.Value
            ?? principal.FindFirst(ClaimTypes.Upn)?.Value
            ?? principal.FindFirst(ClaimTypes.NameIdentifier)?.Value
            ?? "unknown";
        return new PortalCaller { UserName = name, Roles = roles, RemoteAddress = remoteAddress };
    }

    /// <summary>The caller's strongest role, for display.</summary>
    public PortalRole? HighestRole => PortalRoles.All.Where(Roles.Contains).Cast<PortalRole?>().FirstOrDefault();
}
