namespace AutopilotPortal.Core.Security;

/// <summary>The caller's role does not allow the operation. The message says so plainly; nothing was changed.</summary>
public sealed class AccessDeniedException(PortalPermission permission, string message) : Exception(message)
{
    public PortalPermission Permission { get; } = permission;
}
