using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutopilotPortal.Core.ApiClients;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Tests.Shared;
using AutopilotPortal.Web.ApiAuth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AutopilotPortal.Web.Tests.ApiAuth;

/// <summary>
/// The token endpoint, the published keys and the <see cref="GraphApi.Scheme"/> scheme, over the real host: a token
/// is asked for as a client credentials client asks Entra, validated as any JWT library would, and read back by the
/// portal's own bearer handler.
/// </summary>
public sealed class GraphTokenTests(PortalWebApplicationFactory factory) : IClassFixture<PortalWebApplicationFactory>
{
    private static readonly string TokenPath = $"/{TestTenant.Id}/oauth2/v2.0/token";

    [Fact]
    public async Task AValidClientGetsABearerTokenShapedLikeEntras()
    {
        var created = await CreateClientAsync("Inventory sync", PortalRole.HelpDesk);
        using var http = factory.CreateClient();

        using var response = await http.PostAsync(TokenPath, TokenRequest(created.Client.ClientId, created.Secret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Bearer", body.RootElement.GetProperty("token_type").GetString());
        Assert.Equal(3599, body.RootElement.GetProperty("expires_in").GetInt32());
        Assert.Equal(3599, body.RootElement.GetProperty("ext_expires_in").GetInt32());
        var token = new JsonWebToken(body.RootElement.GetProperty("access_token").GetString());
        Assert.Equal("RS256", token.Alg);
        Assert.False(string.IsNullOrEmpty(token.Kid));
        Assert.Equal(GraphApi.Audience, Assert.Single(token.Audiences));
        Assert.Equal($"http://localhost/{TestTenant.Id}/v2.0", token.Issuer);
        Assert.Equal(TestTenant.Id.ToString(), token.GetClaim("tid").Value);
        Assert.Equal(created.Client.ClientId.ToString(), token.GetClaim("appid").Value);
        Assert.Equal("Inventory sync", token.GetClaim("app_displayname").Value);
        Assert.Equal(created.Client.ObjectId.ToString(), token.GetClaim("oid").Value);
        Assert.Equal([PortalRoles.HelpDesk], token.Claims.Where(c => c.Type == "roles").Select(c => c.Value));
        Assert.Equal(TimeSpan.FromHours(1), token.ValidTo - token.IssuedAt);
        Assert.Equal(token.IssuedAt, token.ValidFrom);
    }

    [Fact]
    public async Task AWrongSecretIsInvalidClientWithEntrasCode()
    {
        var created = await CreateClientAsync("Reporting", PortalRole.Reader);
        using var http = factory.CreateClient();
        var correlation = Guid.NewGuid();
        using var request = new HttpRequestMessage(HttpMethod.Post, TokenPath) { Content = TokenRequest(created.Client.ClientId, created.Secret + "x") };
        request.Headers.Add("client-request-id", correlation.ToString());

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_client", body.RootElement.GetProperty("error").GetString());
        Assert.StartsWith("AADSTS7000215: Invalid client secret provided.", body.RootElement.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.Equal(7000215, Assert.Single(body.RootElement.GetProperty("error_codes").EnumerateArray()).GetInt32());
        Assert.Equal(correlation.ToString(), body.RootElement.GetProperty("correlation_id").GetString());
        Assert.True(Guid.TryParse(body.RootElement.GetProperty("trace_id").GetString(), out _));
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("timestamp").GetString()));
    }

    [Theory]
    [InlineData("client_credentials", "User.Read", HttpStatusCode.BadRequest, "invalid_scope", 1002012)]
    [InlineData("client_credentials", "https://management.azure.com/.default", HttpStatusCode.BadRequest, "invalid_scope", 1002012)]
    [InlineData("password", GraphApi.DefaultScope, HttpStatusCode.BadRequest, "unsupported_grant_type", 70003)]
    [InlineData("client_credentials", "", HttpStatusCode.BadRequest, "invalid_request", 900144)]
    public async Task ARequestEntraWouldRefuseIsRefusedTheSameWay(string grantType, string scope, HttpStatusCode status, string error, int code)
    {
        var created = await CreateClientAsync("Reporting", PortalRole.Reader);
        using var http = factory.CreateClient();

        using var response = await http.PostAsync(TokenPath, TokenRequest(created.Client.ClientId, created.Secret, scope, grantType));

        Assert.Equal(status, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(error, body.RootElement.GetProperty("error").GetString());
        Assert.Equal(code, Assert.Single(body.RootElement.GetProperty("error_codes").EnumerateArray()).GetInt32());
    }

    [Fact]
    public async Task AnUnknownTenantIsAadsts90002()
    {
        var created = await CreateClientAsync("Reporting", PortalRole.Reader);
        using var http = factory.CreateClient();

        using var response = await http.PostAsync($"/{Guid.NewGuid()}/oauth2/v2.0/token", TokenRequest(created.Client.ClientId, created.Secret));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.StartsWith("AADSTS90002:", body.RootElement.GetProperty("error_description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTokenValidatesWithThePublishedKeysAndConfiguration()
    {
        var created = await CreateClientAsync("Reporting", PortalRole.Reader);
        using var http = factory.CreateClient();
        var token = await GetTokenAsync(http, created);

        using var configuration = JsonDocument.Parse(await http.GetStringAsync($"/{TestTenant.Id}/v2.0/.well-known/openid-configuration"));
        var issuer = configuration.RootElement.GetProperty("issuer").GetString();
        Assert.Equal($"http://localhost/{TestTenant.Id}/oauth2/v2.0/token", configuration.RootElement.GetProperty("token_endpoint").GetString());
        var keys = new JsonWebKeySet(await http.GetStringAsync(configuration.RootElement.GetProperty("jwks_uri").GetString()));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = issuer,
            ValidAudience = GraphApi.Audience,
            IssuerSigningKeys = keys.GetSigningKeys(),
        });

        Assert.True(result.IsValid, result.Exception?.Message);
        Assert.Equal(created.Client.ClientId.ToString(), result.Claims["appid"]);
        Assert.DoesNotContain(keys.Keys, k => k.HasPrivateKey);
    }

    [Fact]
    public async Task TheSchemeReadsTheClientsNameAndRole()
    {
        var created = await CreateClientAsync("Device exporter", PortalRole.Admin);
        using var http = factory.CreateClient();
        var token = await GetTokenAsync(http, created);

        var result = await AuthenticateAsync(token);

        Assert.True(result.Succeeded, result.Failure?.Message);
        var caller = PortalCaller.FromPrincipal(result.Principal, null);
        Assert.Equal("Device exporter", caller.UserName);
        Assert.Equal([PortalRole.Admin], caller.Roles);
    }

    [Fact]
    public async Task AnExpiredTokenIsNotAuthenticated()
    {
        var created = await CreateClientAsync("Reporting", PortalRole.Reader);
        var token = await IssueAsync(created.Client, DateTimeOffset.UtcNow.AddHours(-2));

        var result = await AuthenticateAsync(token);

        Assert.False(result.Succeeded);
        Assert.IsType<SecurityTokenExpiredException>(result.Failure);
    }

    [Fact]
    public async Task ATokenForAnotherTenantIsNotAuthenticated()
    {
        var created = await CreateClientAsync("Reporting", PortalRole.Reader);
        var token = await IssueAsync(created.Client with { TenantId = Guid.NewGuid() }, DateTimeOffset.UtcNow);

        var result = await AuthenticateAsync(token);

        Assert.False(result.Succeeded);
        Assert.Contains("another tenant", result.Failure?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATokenFromAnotherIssuerIsNotAuthenticated()
    {
        var created = await CreateClientAsync("Reporting", PortalRole.Reader);
        var token = await IssueAsync(created.Client, DateTimeOffset.UtcNow, $"https://sts.contoso.example/{TestTenant.Id}/v2.0");

        var result = await AuthenticateAsync(token);

        Assert.False(result.Succeeded);
        Assert.IsType<SecurityTokenInvalidIssuerException>(result.Failure);
    }

    [Fact]
    public async Task ARevokedClientsTokenStopsWorkingAtOnce()
    {
        var created = await CreateClientAsync("Reporting", PortalRole.Reader);
        using var http = factory.CreateClient();
        var token = await GetTokenAsync(http, created);
        Assert.True((await AuthenticateAsync(token)).Succeeded);

        await factory.Services.GetRequiredService<ApiClientService>().RevokeAsync(PortalCaller.System, created.Client.ClientId);

        var result = await AuthenticateAsync(token);
        Assert.False(result.Succeeded);
        Assert.Contains("revoked", result.Failure?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePolicyTakesTheBearerTokenOnlyAndNeverTheDefaultScheme()
    {
        var created = await CreateClientAsync("Reporting", PortalRole.Reader);
        using var client = factory.CreateClient();
        var token = await GetTokenAsync(client, created);
        var policy = await factory.Services.GetRequiredService<IAuthorizationPolicyProvider>().GetPolicyAsync(GraphApi.Policy);

        // Signed in by the default scheme (the test's stand-in for the sign-in cookie), without a bearer token.
        await using var first = factory.Services.CreateAsyncScope();
        var withoutToken = Context(first.ServiceProvider, token: null);
        withoutToken.Request.Headers[TestAuthHandler.UserHeader] = "ada";
        withoutToken.Request.Headers[TestAuthHandler.RolesHeader] = PortalRoles.Admin;
        var refused = await first.ServiceProvider.GetRequiredService<IPolicyEvaluator>().AuthenticateAsync(policy!, withoutToken);
        await using var second = factory.Services.CreateAsyncScope();
        var withToken = Context(second.ServiceProvider, token);
        var accepted = await second.ServiceProvider.GetRequiredService<IPolicyEvaluator>().AuthenticateAsync(policy!, withToken);

        Assert.False(refused.Succeeded);
        Assert.False(withoutToken.User.Identity?.IsAuthenticated);
        Assert.True(accepted.Succeeded);
        Assert.Equal("Reporting", withToken.User.Identity?.Name);
        Assert.Equal(GraphApi.Scheme, accepted.Ticket?.AuthenticationScheme);
    }

    [Fact]
    public async Task AChallengeIsA401WithGraphsErrorBody()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var http = Context(scope.ServiceProvider, token: null);
        http.Request.Headers["client-request-id"] = "my-request-1";
        http.Response.Body = new MemoryStream();

        await scope.ServiceProvider.GetRequiredService<IAuthenticationService>().ChallengeAsync(http, GraphApi.Scheme, null);

        Assert.Equal(StatusCodes.Status401Unauthorized, http.Response.StatusCode);
        Assert.Equal("Bearer", http.Response.Headers.WWWAuthenticate.ToString());
        http.Response.Body.Position = 0;
        using var body = await JsonDocument.ParseAsync(http.Response.Body);
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("InvalidAuthenticationToken", error.GetProperty("code").GetString());
        Assert.Equal("Access token is empty.", error.GetProperty("message").GetString());
        Assert.Equal("my-request-1", error.GetProperty("innerError").GetProperty("client-request-id").GetString());
        Assert.True(Guid.TryParse(error.GetProperty("innerError").GetProperty("request-id").GetString(), out _));
    }

    private async Task<ApiClientSecret> CreateClientAsync(string name, PortalRole role) =>
        await factory.Services.GetRequiredService<ApiClientService>().CreateAsync(PortalCaller.System, name, role, TimeSpan.FromDays(30));

    private static FormUrlEncodedContent TokenRequest(Guid clientId, string secret, string scope = GraphApi.DefaultScope, string grantType = "client_credentials") =>
        new(new Dictionary<string, string>
        {
            ["grant_type"] = grantType,
            ["client_id"] = clientId.ToString(),
            ["client_secret"] = secret,
            ["scope"] = scope,
        });

    private static async Task<string> GetTokenAsync(HttpClient http, ApiClientSecret client)
    {
        using var response = await http.PostAsync(TokenPath, TokenRequest(client.Client.ClientId, client.Secret));
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("access_token").GetString()!;
    }

    private Task<string> IssueAsync(ApiClientSummary client, DateTimeOffset issuedAt, string? issuer = null) =>
        factory.Services.GetRequiredService<GraphTokenIssuer>()
            .IssueAsync(client, issuer ?? $"http://localhost/{TestTenant.Id}/v2.0", issuedAt, CancellationToken.None);

    /// <summary>Runs the scheme's handler on a request to this host that carries <paramref name="token"/>.</summary>
    private async Task<AuthenticateResult> AuthenticateAsync(string token)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var http = Context(scope.ServiceProvider, token);
        return await scope.ServiceProvider.GetRequiredService<IAuthenticationService>().AuthenticateAsync(http, GraphApi.Scheme);
    }

    private static DefaultHttpContext Context(IServiceProvider services, string? token)
    {
        var http = new DefaultHttpContext { RequestServices = services };
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("localhost");
        http.Request.Path = "/beta/deviceManagement/windowsAutopilotDeviceIdentities";
        if (token is not null)
        {
            http.Request.Headers.Authorization = $"Bearer {token}";
        }

        // The issuer is checked against the request being served, as the host's accessor gives it.
        services.GetRequiredService<IHttpContextAccessor>().HttpContext = http;
        return http;
    }
}
