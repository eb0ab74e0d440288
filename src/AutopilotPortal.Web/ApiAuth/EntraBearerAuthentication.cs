using AutopilotPortal.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AutopilotPortal.Web.ApiAuth;

/// <summary>
/// With the <c>AzureAd</c> section set, the API also takes Entra access tokens for the portal's app registration:
/// the <see cref="GraphApi.EntraScheme"/> scheme is Microsoft.Identity.Web's web API handler, and
/// <see cref="GraphApi.SelectorScheme"/> hands each request to it or to <see cref="GraphApi.Scheme"/> by the
/// token's (unvalidated) issuer. An Entra token must name the portal's client id or <c>api://{clientId}</c> as
/// audience, be issued by the portal's tenant (<c>AzureAd:TenantId</c>, a tenant id) at the v2.0 or v1 issuer, and
/// carry that tenant's <c>tid</c>. Its <c>roles</c> claim holds the <c>Autopilot.*</c> app roles, which
/// <see cref="Core.Security.PortalCaller.FromPrincipal"/> reads as it does for the pages. The principal's name is
/// the user's UPN for a delegated token (one with <c>scp</c>), else the application's display name or client id.
/// </summary>
internal static class EntraBearerAuthentication
{
    private const string V1IssuerPrefix = "https://sts.windows.net/";

    public static void AddEntraBearer(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(PortalAuthentication.AzureAdSection);
        var instance = EntraInstance(section);
        var clientId = section["ClientId"]!;
        Guid? tenantId = Guid.TryParse(section["TenantId"], out var id) ? id : null;
        string[] issuers = tenantId is { } tid ? [$"{instance}{tid}/v2.0", $"{V1IssuerPrefix}{tid}/"] : [];

        var authentication = services.AddAuthentication();
        authentication.AddMicrosoftIdentityWebApi(section, GraphApi.EntraScheme);
        authentication.AddPolicyScheme(GraphApi.SelectorScheme, "Graph API bearer token", options =>
                options.ForwardDefaultSelector = http => IsEntraToken(ReadToken(http.Request), instance) ? GraphApi.EntraScheme : GraphApi.Scheme);

        services.PostConfigure<JwtBearerOptions>(GraphApi.EntraScheme, options =>
        {
            options.MapInboundClaims = false;
            var parameters = options.TokenValidationParameters;
            parameters.AudienceValidator = null;
            parameters.ValidAudience = null;
            parameters.ValidAudiences = [clientId, $"api://{clientId}"];
            parameters.ValidateIssuer = true;
            parameters.IssuerValidator = (issuer, _, _) => issuers.Contains(issuer, StringComparer.Ordinal)
                ? issuer
                : throw new SecurityTokenInvalidIssuerException("Invalid issuer.");
            parameters.ValidateLifetime = true;
            parameters.RequireExpirationTime = true;
            parameters.RequireSignedTokens = true;
            parameters.RoleClaimType = GraphApi.Claims.Roles;
            parameters.NameClaimTypeRetriever = (token, _) => CallerNameClaim(token);

            var validated = options.Events.OnTokenValidated;
            options.Events.OnTokenValidated = async context =>
            {
                await validated(context);
                if (context.Result is { Failure: not null })
                {
                    return;
                }

                if (tenantId is null || !Guid.TryParse(context.Principal?.FindFirst(GraphApi.Claims.TenantId)?.Value, out var tid) || tid != tenantId)
                {
                    context.Fail("Access token validation failure. The token is for another tenant.");
                }
            };
            options.Events.OnChallenge = GraphBearerAuthentication.ChallengeAsync;
            options.Events.OnForbidden = GraphBearerAuthentication.ForbiddenAsync;
        });
    }

    /// <summary>The Entra instance with one trailing slash, <c>https://login.microsoftonline.com/</c> unless configured.</summary>
    private static string EntraInstance(IConfigurationSection section) =>
        (string.IsNullOrWhiteSpace(section["Instance"]) ? "https://login.microsoftonline.com/" : section["Instance"]!).TrimEnd('/') + "/";

    /// <summary>
    /// An Entra token for the portal's app registration: issued under the Entra instance (or v1's
    /// <c>sts.windows.net</c>) and not for Graph's audience. The portal's own tokens carry Graph's audience,
    /// and their issuer is the origin the client called, which is the Entra instance's name when a hosts
    /// entry points <c>login.microsoftonline.com</c> at the portal.
    /// </summary>
    private static bool IsEntraToken(JsonWebToken? token, string instance) =>
        token is not null
        && !token.Audiences.Contains(GraphApi.Audience, StringComparer.OrdinalIgnoreCase)
        && (token.Issuer.StartsWith(instance, StringComparison.OrdinalIgnoreCase) || token.Issuer.StartsWith(V1IssuerPrefix, StringComparison.OrdinalIgnoreCase));

    /// <summary>The request's bearer token, read without validating anything; null when there is none.</summary>
    private static JsonWebToken? ReadToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header["Bearer ".Length..].Trim();
        var handler = new JsonWebTokenHandler();
        if (!handler.CanReadToken(token))
        {
            return null;
        }

        try
        {
            return handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// The claim that names the caller: for a delegated token (<c>scp</c>) the user's UPN, else the application's
    /// display name or client id (<c>azp</c> in v2.0 tokens, <c>appid</c> in v1).
    /// </summary>
    private static string CallerNameClaim(SecurityToken token)
    {
        if (token is not JsonWebToken jwt)
        {
            return GraphApi.Claims.AppId;
        }

        string[] candidates = jwt.TryGetPayloadValue<object>(GraphApi.Claims.Scope, out _)
            ? [GraphApi.Claims.Upn, GraphApi.Claims.PreferredUserName, GraphApi.Claims.UniqueName, GraphApi.Claims.ObjectId]
            : [GraphApi.Claims.AppDisplayName, GraphApi.Claims.AuthorizedParty, GraphApi.Claims.AppId];
        return candidates.FirstOrDefault(claim => jwt.TryGetPayloadValue<object>(claim, out _)) ?? candidates[^1];
    }
}
