using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AutopilotPortal.Core.ApiClients;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Tests.Shared;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions.Authentication;

namespace AutopilotPortal.Web.Tests.Graph;

/// <summary>Callers of the Graph-shaped API as scripts are: an API client, a token from the token endpoint, a bearer header.</summary>
internal static class GraphClients
{
    /// <summary>A new API client with <paramref name="role"/>, and an access token for it from the portal's token endpoint.</summary>
    public static async Task<string> TokenAsync(PortalWebApplicationFactory factory, PortalRole role, string name = "graph-script")
    {
        var created = await factory.Services.GetRequiredService<ApiClientService>().CreateAsync(PortalCaller.System, name, role, TimeSpan.FromDays(30));
        using var http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var response = await http.PostAsync($"/{TestTenant.Id}/oauth2/v2.0/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = created.Client.ClientId.ToString(),
            ["client_secret"] = created.Secret,
            ["scope"] = "https://graph.microsoft.com/.default",
        }));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>Raw HTTP with the client's bearer token, for the exact bodies and headers scripts send.</summary>
    public static async Task<HttpClient> HttpAsync(PortalWebApplicationFactory factory, PortalRole role)
    {
        var http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(factory, role));
        return http;
    }

    /// <summary>Microsoft's Graph SDK on the portal's beta root, authenticating with the client's token.</summary>
    public static async Task<GraphServiceClient> SdkAsync(PortalWebApplicationFactory factory, PortalRole role) =>
        new(factory.CreateClient(), new BaseBearerTokenAuthenticationProvider(new FixedToken(await TokenAsync(factory, role))), "http://localhost/beta");

    private sealed class FixedToken(string token) : IAccessTokenProvider
    {
        public AllowedHostsValidator AllowedHostsValidator { get; } = new(["localhost"]);

        public Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(token);
    }
}
