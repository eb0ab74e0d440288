using System.Net;
using System.Text.Json;
using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Security;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Integration;

public sealed class ProfileEndpointTests(PortalWebApplicationFactory factory) : IClassFixture<PortalWebApplicationFactory>
{
    [Fact]
    public async Task AReaderDownloadsTheProfileAsAnAsciiAutopilotConfigurationFile()
    {
        var profile = await factory.Services.GetRequiredService<ProfileService>()
            .CreateAsync(PortalCaller.System, new ProfileSettings { DisplayName = "Ventes Québec", DeviceNameTemplate = "QC-%SERIAL%", Language = "fr-CA" });
        using var client = factory.CreateClientAs("reader@contoso.com", PortalRoles.Reader);

        using var response = await client.GetAsync($"/api/profiles/{profile.Id}/AutopilotConfigurationFile.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("AutopilotConfigurationFile.json", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.All(bytes, b => Assert.True(b < 0x80));
        using var json = JsonDocument.Parse(bytes);
        Assert.Equal(profile.Id.ToString(), json.RootElement.GetProperty("ZtdCorrelationId").GetString());
        Assert.Equal("Profile Ventes Québec", json.RootElement.GetProperty("Comment_File").GetString());
        Assert.Equal("fr-CA", json.RootElement.GetProperty("CloudAssignedLanguage").GetString());
    }

    [Fact]
    public async Task AnUnknownProfileIs809NotFoundAndACallerWithoutARoleIsForbidden()
    {
        using var admin = factory.CreateClientAs("admin", PortalRoles.Admin);
        using var nobody = factory.CreateClientAs("nobody@contoso.com");

        using var missing = await admin.GetAsync($"/api/profiles/{Guid.NewGuid()}/AutopilotConfigurationFile.json");
        using var refused = await nobody.GetAsync($"/api/profiles/{Guid.NewGuid()}/AutopilotConfigurationFile.json");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(809, JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetInt32());
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("no portal role", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
