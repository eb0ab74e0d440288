using AutopilotPortal.Core.ApiClients;
using AutopilotPortal.Core.Tenants;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Web.ApiAuth;

/// <summary>
/// Entra's endpoints for the client credentials flow, at Entra's paths under the portal's origin: the token
/// endpoint, the signing keys (JWKS) and the OpenID configuration that points at both. Only the portal's own
/// tenant (its id or its domain) is served; any other answers AADSTS90002, as Entra does for a tenant it lacks.
/// </summary>
internal static class GraphTokenEndpoints
{
    public const string TokenPath = "/{tenant}/oauth2/v2.0/token";
    public const string KeysPath = "/{tenant}/discovery/v2.0/keys";
    public const string ConfigurationPath = "/{tenant}/v2.0/.well-known/openid-configuration";

    private const string GraphAppId = "00000003-0000-0000-c000-000000000000";

    public static IEndpointRouteBuilder MapGraphTokenEndpoints(this IEndpointRouteBuilder app)
    {
        // A client posts its secret, not a browser's cookie: antiforgery has nothing to protect here.
        app.MapPost(TokenPath, TokenAsync).AllowAnonymous().DisableAntiforgery().ExcludeFromDescription();
        app.MapGet(KeysPath, KeysAsync).AllowAnonymous().ExcludeFromDescription();
        app.MapGet(ConfigurationPath, ConfigurationAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task TokenAsync(string tenant, HttpContext http, ApiClientService clients, GraphTokenIssuer issuer,
        IOptions<TenantOptions> options, TimeProvider clock, ILoggerFactory loggers)
    {
        if (!IsPortalTenant(tenant, options.Value))
        {
            await UnknownTenantAsync(http, clock, tenant);
            return;
        }

        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
        string? Field(string name) => form?[name].ToString() is { Length: > 0 } value ? value : null;

        if (Field("grant_type") is not { } grantType)
        {
            await MissingAsync(http, clock, "grant_type");
            return;
        }

        if (grantType != "client_credentials")
        {
            await EntraError.WriteAsync(http, clock, StatusCodes.Status400BadRequest, "unsupported_grant_type", 70003,
                $"The app requested an unsupported grant type '{grantType}'.");
            return;
        }

        if (Field("client_id") is not { } clientIdText)
        {
            await MissingAsync(http, clock, "client_id");
            return;
        }

        if (Field("client_secret") is not { } secret)
        {
            await EntraError.WriteAsync(http, clock, StatusCodes.Status401Unauthorized, "invalid_client", 7000218,
                "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
            return;
        }

        if (Field("scope") is not { } scope)
        {
            await MissingAsync(http, clock, "scope");
            return;
        }

        if (!IsGraphDefaultScope(scope))
        {
            await EntraError.WriteAsync(http, clock, StatusCodes.Status400BadRequest, "invalid_scope", 1002012,
                $"The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default "
                + $"suffixed to the resource identifier (application ID URI); this tenant grants {GraphApi.DefaultScope}.");
            return;
        }

        // An unknown client id and a wrong, expired or revoked secret get the same answer, so none of them
        // tells a caller which client ids exist.
        var client = Guid.TryParse(clientIdText, out var clientId) ? await clients.VerifyAsync(clientId, secret, http.RequestAborted) : null;
        if (client is null)
        {
            loggers.CreateLogger(typeof(GraphTokenEndpoints)).LogWarning("Refused a token to client {ClientId} from {Address}",
                clientIdText.Length > 64 ? clientIdText[..64] : clientIdText, http.Connection.RemoteIpAddress);
            await EntraError.WriteAsync(http, clock, StatusCodes.Status401Unauthorized, "invalid_client", 7000215,
                $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the "
                + $"client secret ID, for a secret added to app '{clientIdText}'.");
            return;
        }

        var token = await issuer.IssueAsync(client, GraphTokenIssuer.IssuerFor(http.Request, options.Value.Id), clock.GetUtcNow(), http.RequestAborted);
        EntraError.NoStore(http.Response);
        var lifetime = (int)GraphApi.TokenLifetime.TotalSeconds - 1;
        await http.Response.WriteAsJsonAsync(new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = lifetime,
            ["ext_expires_in"] = lifetime,
            ["access_token"] = token,
        }, http.RequestAborted);
    }

    private static async Task KeysAsync(string tenant, HttpContext http, GraphSigningKey key, IOptions<TenantOptions> options, TimeProvider clock)
    {
        if (!IsPortalTenant(tenant, options.Value))
        {
            await UnknownTenantAsync(http, clock, tenant);
            return;
        }

        var jwk = await key.PublicJwkAsync(GraphTokenIssuer.IssuerFor(http.Request, options.Value.Id), http.RequestAborted);
        await http.Response.WriteAsJsonAsync(new { keys = new[] { jwk } }, http.RequestAborted);
    }

    private static async Task ConfigurationAsync(string tenant, HttpContext http, IOptions<TenantOptions> options, TimeProvider clock)
    {
        if (!IsPortalTenant(tenant, options.Value))
        {
            await UnknownTenantAsync(http, clock, tenant);
            return;
        }

        var origin = $"{http.Request.Scheme}://{http.Request.Host.Value}/{options.Value.Id}";
        await http.Response.WriteAsJsonAsync(new Dictionary<string, object?>
        {
            ["issuer"] = GraphTokenIssuer.IssuerFor(http.Request, options.Value.Id),
            ["token_endpoint"] = $"{origin}/oauth2/v2.0/token",
            ["jwks_uri"] = $"{origin}/discovery/v2.0/keys",
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post" },
            ["grant_types_supported"] = new[] { "client_credentials" },
            ["response_types_supported"] = new[] { "token" },
            ["scopes_supported"] = new[] { GraphApi.DefaultScope },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["claims_supported"] = new[] { "aud", "iss", "iat", "nbf", "exp", "tid", "appid", "app_displayname", "roles", "oid", "sub" },
            ["tenant_region_scope"] = null,
        }, http.RequestAborted);
    }

    /// <summary>The portal's tenant, named by its id or its domain, as Entra accepts either.</summary>
    private static bool IsPortalTenant(string tenant, TenantOptions options) =>
        (Guid.TryParse(tenant, out var id) && id == options.Id) || string.Equals(tenant, options.Domain, StringComparison.OrdinalIgnoreCase);

    /// <summary>Graph's <c>.default</c> scope, by its resource URI or its application id.</summary>
    private static bool IsGraphDefaultScope(string scope) =>
        string.Equals(scope.Trim(), GraphApi.DefaultScope, StringComparison.OrdinalIgnoreCase)
        || string.Equals(scope.Trim(), GraphAppId + "/.default", StringComparison.OrdinalIgnoreCase);

    private static Task MissingAsync(HttpContext http, TimeProvider clock, string parameter) =>
        EntraError.WriteAsync(http, clock, StatusCodes.Status400BadRequest, "invalid_request", 900144,
            $"The request body must contain the following parameter: '{parameter}'.");

    private static Task UnknownTenantAsync(HttpContext http, TimeProvider clock, string tenant) =>
        EntraError.WriteAsync(http, clock, StatusCodes.Status400BadRequest, "invalid_request", 90002,
            $"Tenant '{(tenant.Length > 64 ? tenant[..64] : tenant)}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");
}
