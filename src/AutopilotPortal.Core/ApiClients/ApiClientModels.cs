using AutopilotPortal.Core.Security;

namespace AutopilotPortal.Core.ApiClients;

/// <summary>
/// An API client as lists and the token endpoint see it: never its secret or its hash. <paramref name="ObjectId"/>
/// is its own id, the tokens' <c>oid</c> and <c>sub</c> (a service principal's object id in Entra).
/// </summary>
public sealed record ApiClientSummary(
    Guid ObjectId, Guid ClientId, Guid TenantId, string DisplayName, PortalRole Role, DateTime SecretExpiresAt, DateTime CreatedAt, string CreatedBy, DateTime? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;

    internal static ApiClientSummary From(ApiClient client) => new(
        client.Id, client.ClientId, client.TenantId, client.DisplayName, client.Role, client.SecretExpiresAt, client.CreatedAt, client.CreatedBy, client.RevokedAt);
}

/// <summary>A client and its new secret. The secret is in no other answer and is not stored.</summary>
public sealed record ApiClientSecret(ApiClientSummary Client, string Secret);

/// <summary>The input breaks a rule, or the client does not exist; the message says which.</summary>
public sealed class ApiClientException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>The portal's token-signing key: its id and its RSA private key (PKCS#8).</summary>
public sealed record SigningKeyMaterial(string KeyId, byte[] PrivateKey);
