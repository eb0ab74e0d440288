using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using AutopilotPortal.Tests.Shared;
using AutopilotPortal.Web.ApiAuth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace AutopilotPortal.Web.Tests.Support;

/// <summary>
/// The real host with the <c>AzureAd</c> section filled in, so sign-in goes through
/// Microsoft.Identity.Web. The authority's metadata is a static OpenID configuration whose signing
/// key is generated here, and every HTTP client the app could open outward fails the test: the
/// whole sign-in runs offline. <see cref="SignInAsync"/> plays the authority's part.
/// </summary>
public class EntraWebApplicationFactory : WebApplicationFactory<Program>
{
    public const string Instance = "https://login.microsoftonline.com/";
    public const string TenantId = "0b9c8f3e-7d6a-4c5b-9e8f-1a2b3c4d5e6f";
    public const string ClientId = "3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c";

    /// <summary>The v2.0 issuer Entra puts in a single tenant's tokens; the authority is the same URL.</summary>
    public const string Issuer = Instance + TenantId + "/v2.0";

    public const string AuthorizationEndpoint = Instance + TenantId + "/oauth2/v2.0/authorize";
    public const string EndSessionEndpoint = Instance + TenantId + "/oauth2/v2.0/logout";

    /// <summary>Answers with the principal the request authenticates as (see <see cref="ReadPrincipalAsync"/>).</summary>
    public const string PrincipalProbePath = "/_test/principal";

    private readonly TestDatabase _database = TestDatabase.Create();
    private readonly RsaSecurityKey _signingKey = new(RSA.Create(2048)) { KeyId = "local-test-key" };
    private readonly bool _mapInboundClaims;

    public EntraWebApplicationFactory()
        : this(mapInboundClaims: true)
    {
    }

    /// <param name="mapInboundClaims">False sets <c>AzureAd:MapInboundClaims</c> to false: token claims keep their JWT names.</param>
    protected EntraWebApplicationFactory(bool mapInboundClaims)
    {
        _mapInboundClaims = mapInboundClaims;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in PortalTestSettings.For(_database))
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("AzureAd:Instance", Instance);
        builder.UseSetting("AzureAd:TenantId", TenantId);
        builder.UseSetting("AzureAd:ClientId", ClientId);
        builder.UseSetting("AzureAd:CallbackPath", "/signin-oidc");
        if (!_mapInboundClaims)
        {
            builder.UseSetting("AzureAd:MapInboundClaims", "false");
        }

        builder.ConfigureTestServices(services =>
        {
            // Whatever asks IHttpClientFactory for a client gets one that cannot leave the process.
            services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => new NoNetworkHandler()));
            services.PostConfigure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, options =>
            {
                var configuration = new OpenIdConnectConfiguration
                {
                    Issuer = Issuer,
                    AuthorizationEndpoint = AuthorizationEndpoint,
                    EndSessionEndpoint = EndSessionEndpoint,
                };
                configuration.SigningKeys.Add(_signingKey);
                options.Configuration = configuration;
                options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
                options.Backchannel = new HttpClient(new NoNetworkHandler());

                // Microsoft.Identity.Web's issuer validator accepts a token whose issuer matches a
                // valid issuer; without one it would download the authority's metadata to learn it.
                options.TokenValidationParameters.ValidIssuer = Issuer;
            });
            services.PostConfigure<JwtBearerOptions>(GraphApi.EntraScheme, options =>
            {
                // The API's Entra scheme reads the same local key; its issuer check needs no metadata.
                var configuration = new OpenIdConnectConfiguration { Issuer = Issuer };
                configuration.SigningKeys.Add(_signingKey);
                options.Configuration = configuration;
                options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(configuration);
                options.Backchannel = new HttpClient(new NoNetworkHandler());
            });
            services.AddSingleton<IStartupFilter, PrincipalProbe>();
        });
    }

    /// <summary>
    /// A client that keeps cookies and does not follow redirects. It talks HTTPS, as the browser
    /// would: the correlation and nonce cookies are <c>Secure</c> and would not be sent back otherwise.
    /// </summary>
    public HttpClient CreateBrowser() => CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false,
        HandleCookies = true,
        BaseAddress = new Uri("https://localhost"),
    });

    /// <summary>
    /// Signs <paramref name="browser"/> in as the authority would: asks for <paramref name="path"/>,
    /// takes the state and nonce from the redirect to the authority, and posts back an id_token
    /// signed with the local key. Returns the answer of the callback (a redirect back to the path).
    /// </summary>
    public async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string userName, string[] roles, string path = "/devices",
        SecurityKey? signWith = null)
    {
        using var challenge = await browser.GetAsync(path);
        if (challenge.StatusCode != HttpStatusCode.Redirect || challenge.Headers.Location is not { } authorize)
        {
            throw new InvalidOperationException($"Expected a redirect to the authority, got {(int)challenge.StatusCode}.");
        }

        var query = QueryHelpers.ParseQuery(authorize.Query);
        var idToken = CreateIdToken(userName, roles, query["nonce"].ToString(), signWith);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["id_token"] = idToken,
            ["state"] = query["state"].ToString(),
        });
        return await browser.PostAsync("/signin-oidc", form);
    }

    /// <summary>An id_token as Entra issues it for this app, with the app roles in its <c>roles</c> claim.</summary>
    public string CreateIdToken(string userName, string[] roles, string nonce, SecurityKey? signWith = null)
    {
        var now = DateTime.UtcNow;
        var objectId = Guid.NewGuid().ToString();
        var claims = new Dictionary<string, object>
        {
            ["nonce"] = nonce,
            ["sub"] = objectId,
            ["oid"] = objectId,
            ["tid"] = TenantId,
            ["ver"] = "2.0",
            ["name"] = $"Test user {userName}",
            ["preferred_username"] = userName,
        };
        if (roles.Length > 0)
        {
            claims["roles"] = roles;
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = ClientId,
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(1),
            Claims = claims,
            SigningCredentials = new SigningCredentials(signWith ?? _signingKey, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>
    /// An access token as Entra issues it for this app's API: an application token (<c>azp</c>, <c>appid</c>,
    /// <c>roles</c>) unless <paramref name="scope"/> makes it a delegated one for <paramref name="userPrincipalName"/>.
    /// Null arguments take this app's values; <paramref name="issuer"/> null is the v2.0 issuer.
    /// </summary>
    public string CreateAccessToken(string[] roles, string? audience = null, string? tenantId = null, string? issuer = null,
        DateTime? expires = null, SecurityKey? signWith = null, string? appDisplayName = null, string? scope = null,
        string? userPrincipalName = null, string callerAppId = "5e7d9c1b-2a3f-4b6c-8d9e-0f1a2b3c4d5e")
    {
        var now = DateTime.UtcNow;
        var tid = tenantId ?? TenantId;
        var v1 = issuer?.StartsWith("https://sts.windows.net/", StringComparison.Ordinal) ?? false;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = Guid.NewGuid().ToString(),
            ["oid"] = Guid.NewGuid().ToString(),
            ["tid"] = tid,
            ["ver"] = v1 ? "1.0" : "2.0",
            [v1 ? "appid" : "azp"] = callerAppId,
        };
        if (roles.Length > 0)
        {
            claims["roles"] = roles;
        }

        if (appDisplayName is not null)
        {
            claims["app_displayname"] = appDisplayName;
        }

        if (scope is not null)
        {
            claims["scp"] = scope;
        }

        if (userPrincipalName is not null)
        {
            claims["upn"] = userPrincipalName;
            claims["preferred_username"] = userPrincipalName;
            claims["name"] = $"Test user {userPrincipalName}";
        }

        var expiry = expires ?? now.AddHours(1);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Instance + tid + "/v2.0",
            Audience = audience ?? ClientId,
            IssuedAt = expiry.AddHours(-1),
            NotBefore = expiry.AddHours(-1),
            Expires = expiry,
            Claims = claims,
            SigningCredentials = new SigningCredentials(signWith ?? _signingKey, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>
    /// The principal the browser's cookie stands for, rebuilt from <see cref="PrincipalProbePath"/>
    /// with the same claims and the same name and role claim types.
    /// </summary>
    public static async Task<ClaimsPrincipal> ReadPrincipalAsync(HttpClient browser)
    {
        var probe = await browser.GetFromJsonAsync<ProbedPrincipal>(PrincipalProbePath)
            ?? throw new InvalidOperationException("The principal probe answered nothing.");
        if (probe.AuthenticationType is null)
        {
            return new ClaimsPrincipal(new ClaimsIdentity());
        }

        var claims = probe.Claims.Select(c => new Claim(c.Type, c.Value));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, probe.AuthenticationType, probe.NameClaimType, probe.RoleClaimType));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _signingKey.Rsa.Dispose();
        _database.Dispose();
    }

    public sealed record ProbedClaim(string Type, string Value);

    public sealed record ProbedPrincipal(string? AuthenticationType, string? NameClaimType, string? RoleClaimType, IReadOnlyList<ProbedClaim> Claims);

    /// <summary>Fails any request that would leave the process.</summary>
    private sealed class NoNetworkHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"The test host tried to reach the network: {request.Method} {request.RequestUri}");
    }

    /// <summary>
    /// A test-only endpoint in front of the app's pipeline: authenticates the request with the
    /// default scheme, as the app's own middleware does, and writes out the principal.
    /// </summary>
    private sealed class PrincipalProbe : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Map(PrincipalProbePath, probe => probe.Run(async context =>
            {
                var result = await context.AuthenticateAsync();
                var identity = result.Principal?.Identity as ClaimsIdentity;
                await context.Response.WriteAsJsonAsync(new ProbedPrincipal(
                    identity is { IsAuthenticated: true } ? identity.AuthenticationType : null,
                    identity?.NameClaimType,
                    identity?.RoleClaimType,
                    result.Principal?.Claims.Select(c => new ProbedClaim(c.Type, c.Value)).ToList() ?? []));
            }));
            next(app);
        };
    }
}

/// <summary>The Entra host with <c>AzureAd:MapInboundClaims</c> false: the roles stay in a claim named <c>roles</c>.</summary>
public sealed class UnmappedClaimsEntraWebApplicationFactory() : EntraWebApplicationFactory(mapInboundClaims: false);
