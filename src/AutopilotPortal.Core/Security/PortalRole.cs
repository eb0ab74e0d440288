namespace AutopilotPortal.Core.Security;

/// <summary>
/// The three roles. Their names are the Entra app roles' values, so a token's <c>roles</c> claim
/// and a local account's role mean the same thing.
/// </summary>
public enum PortalRole
{
    Reader,
    HelpDesk,
    Admin,
}

/// <summary>Role names as they appear in claims, and as people read them.</summary>
public static class PortalRoles
{
    public const string Admin = "Autopilot.Admin";
    public const string HelpDesk = "Autopilot.HelpDesk";
    public const string Reader = "Autopilot.Reader";

    /// <summary>Every role, most powerful first.</summary>
    public static IReadOnlyList<PortalRole> All { get; } = [PortalRole.Admin, PortalRole.HelpDesk, PortalRole.Reader];

    /// <summary>The claim value of a role.</summary>
    public static string ClaimValue(this PortalRole role) => role switch
    {
        PortalRole.Admin => Admin,
        PortalRole.HelpDesk => HelpDesk,
        _ => Reader,
    };

    /// <summary>What a person calls the role.</summary>
    public static string DisplayName(this PortalRole role) => role switch
    {
        PortalRole.Admin => "Administrator",
        PortalRole.HelpDesk => "Help desk",
        _ => "Reader",
    };

    /// <summary>Reads a claim value (<c>Autopilot.Admin</c>, case-insensitive); unknown values are not roles.</summary>
    public static bool TryParseClaim(string? value, out PortalRole role)
    {
        switch (value?.Trim().ToUpperInvariant())
        {
            case "AUTOPILOT.ADMIN":
                role = PortalRole.Admin;
                return true;
            case "AUTOPILOT.HELPDESK":
                role = PortalRole.HelpDesk;
                return true;
            case "AUTOPILOT.READER":
                role = PortalRole.Reader;
                return true;
            default:
                role = default;
                return false;
        }
    }
}
