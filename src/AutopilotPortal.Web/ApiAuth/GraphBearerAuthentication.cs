using AutopilotPortal.Core.ApiClients;
using AutopilotPortal.Core.Tenants;
using AutopilotPortal.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace AutopilotPortal.Web.ApiAuth;

/// <summary>
/// The <see cref="GraphApi.Scheme"/> scheme: a JwtBearer handler for the tokens <see cref="GraphTokenEndpoints"/>
/// issues. It checks the signature against the database key, the audience, the issuer (this origin and the
/// portal's tenant), the lifetime and <c>tid</c>, and on every request that the client exists and is not revoked.
/// Claims keep Entra's names, so <see cref="Core.Security.PortalCaller.FromPrincipal"/> reads the client's display
/// name and role. It is never a default scheme: only endpoints that ask for it (<see cref="RequireGraphBearer"/>) use it,
/// directly or, with Entra sign-in, through <see cref="GraphApi.SelectorScheme"/>.
/// </summary>
public static class GraphBearerAuthentication
{
    internal static IServiceCollection AddGraphBearer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<GraphSigningKey>();
        services.AddSingleton<GraphTokenIssuer>();
        services.AddAuthentication().AddJwtBearer(GraphApi.Scheme, _ => { });
        services.AddOptions<JwtBearerOptions>(GraphApi.Scheme)
            .Configure<GraphSigningKey, IHttpContextAccessor, IOptions<TenantOptions>>((options, key, accessor, tenant) =>
            {
                options.MapInboundClaims = false;
                options.ConfigurationManager = new DatabaseKeyConfiguration(key);
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateAudience = true,
                    ValidAudience = GraphApi.Audience,
                    ValidateIssuer = true,
                    IssuerValidator = (issuer, _, _) => accessor.HttpContext is { } http && GraphTokenIssuer.IsOwnIssuer(http.Request, tenant.Value.Id, issuer)
                        ? issuer
                        : throw new SecurityTokenInvalidIssuerException("Invalid issuer."),
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    RequireSignedTokens = true,
                    ValidateIssuerSigningKey = true,
                    ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                    NameClaimType = GraphApi.Claims.AppDisplayName,
                    RoleClaimType = GraphApi.Claims.Roles,
                };
                options.Events = new JwtBearerEvents
                {
                    OnTokenValidated = CheckClientAsync,
                    OnChallenge = ChallengeAsync,
                    OnForbidden = ForbiddenAsync,
                };
            });

        // With Entra sign-in, Entra's access tokens for the portal's app registration are taken too.
        var entra = PortalAuthentication.UsesEntra(configuration);
        if (entra)
        {
            services.AddEntraBearer(configuration);
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(GraphApi.Policy, policy => policy.AddAuthenticationSchemes(entra ? GraphApi.SelectorScheme : GraphApi.Scheme).RequireAuthenticatedUser());
        return services;
    }

    /// <summary>
    /// Requires a bearer principal on these endpoints: a token from the token endpoint (<see cref="GraphApi.Scheme"/>)
    /// or, with the <c>AzureAd</c> section set, an Entra access token (<see cref="GraphApi.EntraScheme"/>); never the
    /// portal's cookies. A missing or refused token is a 401 with Graph's error body. Antiforgery
    /// does not apply: a bearer token is not something a browser sends by itself.
    /// </summary>
    /// <param name="builder">The endpoints (a route group, one endpoint).</param>
    public static TBuilder RequireGraphBearer<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(GraphApi.Policy).DisableAntiforgery();

    private static async Task CheckClientAsync(TokenValidatedContext context)
    {
        var tenant = context.HttpContext.RequestServices.GetRequiredService<IOptions<TenantOptions>>().Value;
        var principal = context.Principal;
        if (!Guid.TryParse(principal?.FindFirst(GraphApi.Claims.TenantId)?.Value, out var tid) || tid != tenant.Id)
        {
            context.Fail("Access token validation failure. The token is for another tenant.");
            return;
        }

        var clients = context.HttpContext.RequestServices.GetRequiredService<ApiClientService>();
        if (!Guid.TryParse(principal?.FindFirst(GraphApi.Claims.AppId)?.Value, out var clientId)
            || await clients.FindActiveAsync(clientId, context.HttpContext.RequestAborted) is null)
        {
            context.Fail("Access token validation failure. The application is revoked or does not exist.");
        }
    }

    /// <summary>A refused or missing token: 401 with Graph's error body and a <c>WWW-Authenticate: Bearer</c> header.</summary>
    internal static async Task ChallengeAsync(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var message = context.AuthenticateFailure switch
        {
            null => "Access token is empty.",
            SecurityTokenExpiredException => "Lifetime validation failed, the token is expired.",
            SecurityTokenInvalidAudienceException => "Access token validation failure. Invalid audience.",
            SecurityTokenInvalidIssuerException => "Access token validation failure. Invalid issuer.",
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "Access token validation failure. Invalid signature.",
            AuthenticationFailureException own => own.Message,
            _ => "Access token validation failure.",
        };
        context.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        await GraphError.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "InvalidAuthenticationToken", message);
    }

    /// <summary>An operation the caller's roles do not allow: 403 with Graph's error body.</summary>
    internal static Task ForbiddenAsync(ForbiddenContext context) => GraphError.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden,
        "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");

    /// <summary>Hands the handler the database key, loaded (or created) on the first request that needs it.</summary>
    private sealed class DatabaseKeyConfiguration(GraphSigningKey key) : IConfigurationManager<OpenIdConnectConfiguration>
    {
        public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
        {
            var configuration = new OpenIdConnectConfiguration();
            configuration.SigningKeys.Add(await key.GetAsync(cancel));
            return configuration;
        }

        public void RequestRefresh()
        {
            // The key does not change while the portal runs.
        }
    }
}
