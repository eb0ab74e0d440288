using AutopilotPortal.Core.Security;
using Microsoft.AspNetCore.Identity;

namespace AutopilotPortal.Core.Accounts;

/// <summary>A local account (ASP.NET Core Identity) with one portal role.</summary>
public sealed class PortalUser : IdentityUser
{
    public PortalRole Role { get; set; } = PortalRole.Reader;

    /// <summary>A disabled account cannot sign in, and its open sessions end at their next check.</summary>
    public bool IsDisabled { get; set; }

    public DateTime CreatedAt { get; set; }
}
