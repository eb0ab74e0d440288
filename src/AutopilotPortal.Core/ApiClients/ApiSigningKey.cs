namespace AutopilotPortal.Core.ApiClients;

/// <summary>
/// The key the portal signs its access tokens with. It lives in the database so that every instance
/// on it signs and validates with the same key.
/// </summary>
public sealed class ApiSigningKey
{
    /// <summary>The key id, the tokens' <c>kid</c> header.</summary>
    public required string Id { get; set; }

    /// <summary>What the key signs; unique, so two instances creating the key at once keep one.</summary>
    public required string Purpose { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The RSA private key, PKCS#8.</summary>
    public required byte[] PrivateKey { get; set; }
}
