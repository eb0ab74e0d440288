using AutopilotPortal.Core.Security;

namespace AutopilotPortal.Core.ApiClients;

/// <summary>
/// An application that calls the portal's Graph-shaped API with a client secret, as an Entra app
/// registration does. Only a hash of its secret is stored; the secret itself is shown once.
/// </summary>
public sealed class ApiClient
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>What the application sends as <c>client_id</c>; its tokens' <c>appid</c>.</summary>
    public Guid ClientId { get; set; }

    public required string DisplayName { get; set; }

    /// <summary>The one role its tokens carry in their <c>roles</c> claim.</summary>
    public PortalRole Role { get; set; }

    /// <summary>SHA-256 of the secret's UTF-8 bytes. The secret holds 32 random bytes, so a plain hash is enough.</summary>
    public required byte[] SecretHash { get; set; }

    public DateTime SecretExpiresAt { get; set; }

    public DateTime CreatedAt { get; set; }

    public required string CreatedBy { get; set; }

    /// <summary>When it was revoked; null while it may call the API. A revoked client's tokens stop working at once.</summary>
    public DateTime? RevokedAt { get; set; }
}
