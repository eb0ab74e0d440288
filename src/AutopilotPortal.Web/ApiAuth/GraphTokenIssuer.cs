using AutopilotPortal.Core.ApiClients;
using AutopilotPortal.Core.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AutopilotPortal.Web.ApiAuth;

/// <summary>
/// Issues access tokens shaped like the ones Entra issues an application for Microsoft Graph: RS256 with the
/// database key's <c>kid</c>, <c>aud</c> Graph, the client's <c>appid</c>, <c>app_displayname</c> and one role.
/// </summary>
internal sealed class GraphTokenIssuer(GraphSigningKey signingKey)
{
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>
    /// The issuer of the tenant's tokens: the origin the client called, then <c>/{tenant id}/v2.0</c>, as Entra's
    /// v2.0 issuer is its own origin and the tenant. Tokens are validated against the same value.
    /// </summary>
    public static string IssuerFor(HttpRequest request, Guid tenantId) => $"{request.Scheme}://{request.Host.Value}/{tenantId}/v2.0";

    /// <summary>Entra's own v2.0 issuer name for the tenant: what the portal's tokens carry when the client reached the token endpoint as <c>login.microsoftonline.com</c>.</summary>
    public static string EntraNameIssuer(Guid tenantId) => $"https://login.microsoftonline.com/{tenantId}/v2.0";

    /// <summary>
    /// Whether <paramref name="issuer"/> is one the portal issues for the tenant and accepts on this request: this
    /// origin's, or Entra's name (tools pointed at the portal by hosts entries take their token from
    /// <c>login.microsoftonline.com</c> and call the API as <c>graph.microsoft.com</c>). The signature is the portal's
    /// key either way.
    /// </summary>
    public static bool IsOwnIssuer(HttpRequest request, Guid tenantId, string issuer) =>
        issuer == IssuerFor(request, tenantId) || issuer == EntraNameIssuer(tenantId);

    /// <summary>A token for <paramref name="client"/>, valid for <see cref="GraphApi.TokenLifetime"/> from <paramref name="issuedAt"/>.</summary>
    public async Task<string> IssueAsync(ApiClientSummary client, string issuer, DateTimeOffset issuedAt, CancellationToken cancellationToken)
    {
        var key = await signingKey.GetAsync(cancellationToken);
        var now = issuedAt.UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = GraphApi.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + GraphApi.TokenLifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
            Claims = new Dictionary<string, object>
            {
                [GraphApi.Claims.TenantId] = client.TenantId.ToString(),
                [GraphApi.Claims.AppId] = client.ClientId.ToString(),
                [GraphApi.Claims.AppDisplayName] = client.DisplayName,
                [GraphApi.Claims.Roles] = new[] { client.Role.ClaimValue() },
                [GraphApi.Claims.ObjectId] = client.ObjectId.ToString(),
                ["sub"] = client.ObjectId.ToString(),
                ["idtyp"] = "app",
                ["appidacr"] = "1",
                ["uti"] = Base64UrlEncoder.Encode(Guid.NewGuid().ToByteArray()),
                ["ver"] = "2.0",
            },
        });
    }
}
