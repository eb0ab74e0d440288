using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AutopilotPortal.Core.ApiClients;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Tests.Shared;
using AutopilotPortal.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace AutopilotPortal.Web.Tests.Graph;

/// <summary>
/// With the <c>AzureAd</c> section set, the Graph-shaped API takes Entra access tokens for the portal's app registration
/// beside the API clients' tokens. The tokens are signed with the factory's local key, as the authority would sign them.
/// </summary>
public sealed class GraphEntraTokenTests(EntraWebApplicationFactory factory) : IClassFixture<EntraWebApplicationFactory>
{
    private const string Devices = "/beta/deviceManagement/windowsAutopilotDeviceIdentities";
    private const string OtherTenantId = "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a";

    [Fact]
    public async Task AnAdminAppTokenListsAndUpdatesDevicesAndIsAuditedByItsDisplayName()
    {
        var id = await RegisterDeviceAsync(5100);
        using var http = Bearer(factory.CreateAccessToken([PortalRoles.Admin], appDisplayName: "Inventory sync"));

        using var list = await http.GetAsync($"{Devices}?$top=5");
        using var update = await http.PostAsync($"{Devices}/{id}/updateDeviceProperties", Json("{\"groupTag\":\"Entra-Lab\"}"));
        var device = await http.GetFromJsonAsync<JsonElement>($"{Devices}/{id}");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(JsonValueKind.Array, (await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").ValueKind);
        Assert.Equal(HttpStatusCode.NoContent, update.StatusCode);
        Assert.Equal("Entra-Lab", device.GetProperty("groupTag").GetString());
        Assert.Contains("Inventory sync", await AuditActorsAsync());
    }

    [Fact]
    public async Task AReaderAppTokenListsButMayNotWrite()
    {
        var id = await RegisterDeviceAsync(5101);
        using var http = Bearer(factory.CreateAccessToken([PortalRoles.Reader], appDisplayName: "Reporting"));

        using var list = await http.GetAsync(Devices);
        using var update = await http.PostAsync($"{Devices}/{id}/updateDeviceProperties", Json("{\"groupTag\":\"Nope\"}"));

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, update.StatusCode);
        Assert.Equal("Authorization_RequestDenied", (await ErrorAsync(update)).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("Reports.Read", null)]
    [InlineData(null, "access_as_user")]
    public async Task ATokenWithoutAnAutopilotRoleIsForbidden(string? role, string? scope)
    {
        using var http = Bearer(factory.CreateAccessToken(role is null ? [] : [role], scope: scope,
            userPrincipalName: scope is null ? null : "megan.bowen@contoso.com"));

        using var list = await http.GetAsync(Devices);

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal("Authorization_RequestDenied", (await ErrorAsync(list)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task ADelegatedTokenIsAuditedByTheUsersUpn()
    {
        var id = await RegisterDeviceAsync(5102);
        using var http = Bearer(factory.CreateAccessToken([PortalRoles.HelpDesk], scope: "access_as_user", userPrincipalName: "adele.vance@contoso.com"));

        using var update = await http.PostAsync($"{Devices}/{id}/updateDeviceProperties", Json("{\"groupTag\":\"Desk\"}"));

        Assert.Equal(HttpStatusCode.NoContent, update.StatusCode);
        Assert.Contains("adele.vance@contoso.com", await AuditActorsAsync());
    }

    [Fact]
    public async Task AV1TokenForTheApiUriIsAcceptedAndAuditedByItsAppId()
    {
        const string AppId = "7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";
        var id = await RegisterDeviceAsync(5103);
        using var http = Bearer(factory.CreateAccessToken([PortalRoles.Admin], audience: $"api://{EntraWebApplicationFactory.ClientId}",
            issuer: $"https://sts.windows.net/{EntraWebApplicationFactory.TenantId}/", callerAppId: AppId));

        using var update = await http.PostAsync($"{Devices}/{id}/updateDeviceProperties", Json("{\"groupTag\":\"V1\"}"));

        Assert.Equal(HttpStatusCode.NoContent, update.StatusCode);
        Assert.Contains(AppId, await AuditActorsAsync());
    }

    [Theory]
    [InlineData("audience", "Invalid audience.")]
    [InlineData("tenant", "Invalid issuer.")]
    [InlineData("tid", "The token is for another tenant.")]
    [InlineData("expired", "the token is expired.")]
    [InlineData("signature", "Invalid signature.")]
    public async Task ARefusedTokenIsA401WithGraphsErrorBody(string refusal, string reason)
    {
        using var otherKey = RSA.Create(2048);
        var token = refusal switch
        {
            "audience" => factory.CreateAccessToken([PortalRoles.Admin], audience: "api://another-app"),
            "tenant" => factory.CreateAccessToken([PortalRoles.Admin], tenantId: OtherTenantId),
            "tid" => factory.CreateAccessToken([PortalRoles.Admin], tenantId: OtherTenantId, issuer: EntraWebApplicationFactory.Issuer),
            "expired" => factory.CreateAccessToken([PortalRoles.Admin], expires: DateTime.UtcNow.AddMinutes(-30)),
            _ => factory.CreateAccessToken([PortalRoles.Admin], signWith: new RsaSecurityKey(otherKey) { KeyId = "local-test-key" }),
        };
        using var http = Bearer(token);
        http.DefaultRequestHeaders.Add("client-request-id", $"entra-{refusal}");

        using var response = await http.GetAsync(Devices);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
        var error = await ErrorAsync(response);
        Assert.Equal("InvalidAuthenticationToken", error.GetProperty("code").GetString());
        Assert.EndsWith(reason, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal($"entra-{refusal}", error.GetProperty("innerError").GetProperty("client-request-id").GetString());
        Assert.True(error.GetProperty("innerError").TryGetProperty("request-id", out _));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("https://login.microsoftonline.com/", "https://graph.microsoft.com/")]
    public async Task ThePortalsOwnApiClientTokensKeepWorking(string? tokenHost, string? apiHost)
    {
        // The second case is a tool pointed at the portal by hosts entries: the token is issued as
        // login.microsoftonline.com (that issuer name) and the API is called as graph.microsoft.com.
        var created = await factory.Services.GetRequiredService<ApiClientService>()
            .CreateAsync(PortalCaller.System, $"entra-host-script-{tokenHost?.Length ?? 0}", PortalRole.Reader, TimeSpan.FromDays(30));
        using var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            BaseAddress = new Uri(tokenHost ?? "http://localhost/"),
        });
        using var issued = await anonymous.PostAsync($"/{TestTenant.Id}/oauth2/v2.0/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = created.Client.ClientId.ToString(),
            ["client_secret"] = created.Secret,
            ["scope"] = "https://graph.microsoft.com/.default",
        }));
        issued.EnsureSuccessStatusCode();
        using var http = Bearer((await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!);
        if (apiHost is not null)
        {
            http.BaseAddress = new Uri(apiHost);
        }

        using var list = await http.GetAsync(Devices);
        using var sync = await http.PostAsync("/beta/deviceManagement/windowsAutopilotSettings/sync", null);

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, sync.StatusCode);
    }

    [Fact]
    public async Task WithoutATokenASignedInBrowserGetsA401()
    {
        using var browser = factory.CreateBrowser();
        using var signIn = await factory.SignInAsync(browser, "ada@contoso.com", [PortalRoles.Admin]);
        using var page = await browser.GetAsync("/devices");

        using var api = await browser.GetAsync(Devices);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("InvalidAuthenticationToken", (await ErrorAsync(api)).GetProperty("code").GetString());
    }

    private HttpClient Bearer(string token)
    {
        var http = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> ErrorAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");

    private async Task<Guid> RegisterDeviceAsync(int seed)
    {
        var hash = HardwareHashBuilder.Synthetic(new Random(seed)).Build();
        var registered = await factory.Services.GetRequiredService<DeviceRegistrationService>().RegisterAsync(TestTenant.Id,
            [RegistrationValidator.Prepare(new RegistrationRequest(2, null, null, hash, null))], dryRun: false);
        return registered[0].AutopilotDeviceId ?? throw new InvalidOperationException("The device was not registered.");
    }

    private async Task<List<string>> AuditActorsAsync()
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await db.AuditEntries.Select(e => e.Actor).Distinct().ToListAsync();
    }
}
