using System.Text.Json;
using AutopilotPortal.Core.ApiClients;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Tests.Shared;
using AutopilotPortal.Web.ApiAuth;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.ApiAuth;

/// <summary><c>api-client add</c>, run on the host's services as <c>Program</c> runs it.</summary>
public sealed class ApiClientCommandTests(PortalWebApplicationFactory factory) : IClassFixture<PortalWebApplicationFactory>
{
    [Fact]
    public async Task AddPrintsOneJsonLineWithAWorkingSecret()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await ApiClientCommand.RunAsync(factory.Services,
            ["api-client", "add", "--name", "Nightly export", "--role", "Autopilot.Reader", "--days", "90", "--Database:ConnectionString", "ignored"], output, error);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error.ToString());
        var line = Assert.Single(output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(line);
        Assert.Equal(["tenantId", "clientId", "clientSecret"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(TestTenant.Id.ToString(), json.RootElement.GetProperty("tenantId").GetString());
        var clientId = Guid.Parse(json.RootElement.GetProperty("clientId").GetString()!);
        var client = await factory.Services.GetRequiredService<ApiClientService>()
            .VerifyAsync(clientId, json.RootElement.GetProperty("clientSecret").GetString()!);
        Assert.NotNull(client);
        Assert.Equal("Nightly export", client.DisplayName);
        Assert.Equal(PortalRole.Reader, client.Role);
        Assert.StartsWith("command line", client.CreatedBy, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--name", "--role", "Autopilot.Admin")]
    [InlineData("--role", "--name", "No role")]
    [InlineData("--role", "--name", "Bad role", "--role", "Autopilot.Owner")]
    [InlineData("--days", "--name", "Bad days", "--role", "Autopilot.Admin", "--days", "0")]
    public async Task AWrongArgumentIsOneLineOnStandardErrorAndExitCodeTwo(string named, params string[] options)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await ApiClientCommand.RunAsync(factory.Services, ["api-client", "add", .. options], output, error);

        Assert.Equal(ApiClientCommand.UsageError, exit);
        Assert.Equal(string.Empty, output.ToString());
        var line = Assert.Single(error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(named, line, StringComparison.Ordinal);
    }
}
