using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Graph;

/// <summary>Who may call the Graph-shaped API: bearer tokens of API clients only, with the pages' permission table.</summary>
public sealed class GraphAccessTests(PortalWebApplicationFactory factory) : IClassFixture<PortalWebApplicationFactory>
{
    private const string Devices = "/beta/deviceManagement/windowsAutopilotDeviceIdentities";

    [Fact]
    public async Task WithoutATokenTheAnswerIsA401GraphErrorEvenForASignedInBrowser()
    {
        using var anonymous = factory.CreateClient();
        using var browser = factory.CreateClientAs("ada@contoso.com", PortalRoles.Admin);
        anonymous.DefaultRequestHeaders.Add("client-request-id", "script-run-7");

        using var none = await anonymous.GetAsync(Devices);
        using var cookie = await browser.GetAsync(Devices);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, cookie.StatusCode);
        var error = (await none.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.Equal("InvalidAuthenticationToken", error.GetProperty("code").GetString());
        Assert.Equal("script-run-7", error.GetProperty("innerError").GetProperty("client-request-id").GetString());
    }

    [Theory]
    [InlineData(PortalRole.Reader, "GET", HttpStatusCode.OK)]
    [InlineData(PortalRole.Reader, "SYNC", HttpStatusCode.Forbidden)]
    [InlineData(PortalRole.HelpDesk, "GET", HttpStatusCode.OK)]
    [InlineData(PortalRole.Admin, "SYNC", HttpStatusCode.NoContent)]
    public async Task EachRoleMayDoWhatThePagesLetItDo(PortalRole role, string operation, HttpStatusCode expected)
    {
        using var http = await GraphClients.HttpAsync(factory, role);

        using var response = operation == "GET"
            ? await http.GetAsync(Devices)
            : await http.PostAsync("/beta/deviceManagement/windowsAutopilotSettings/sync", null);

        // An admin's sync may find one running or throttled from an earlier case; what matters is that it was allowed.
        if (expected == HttpStatusCode.NoContent)
        {
            Assert.Contains(response.StatusCode, new[] { HttpStatusCode.NoContent, HttpStatusCode.Conflict, (HttpStatusCode)429 });
        }
        else
        {
            Assert.Equal(expected, response.StatusCode);
        }
    }

    [Fact]
    public async Task AnotherTenantsDeviceReadsAsNotFound()
    {
        var hash = HardwareHashBuilder.Synthetic(new Random(4300)).Build();
        var other = await factory.Services.GetRequiredService<DeviceRegistrationService>().RegisterAsync(DatabaseInitializer.OtherTenantId,
            [RegistrationValidator.Prepare(new RegistrationRequest(2, null, null, hash, null))], dryRun: false);
        using var http = await GraphClients.HttpAsync(factory, PortalRole.Admin);

        using var response = await http.GetAsync($"{Devices}/{other[0].AutopilotDeviceId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("ResourceNotFound", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task TheModulesBareNameBodyTagsADevice()
    {
        var hash = HardwareHashBuilder.Synthetic(new Random(4301)).Build();
        var mine = await factory.Services.GetRequiredService<DeviceRegistrationService>().RegisterAsync(AutopilotPortal.Tests.Shared.TestTenant.Id,
            [RegistrationValidator.Prepare(new RegistrationRequest(2, null, null, hash, null))], dryRun: false);
        using var http = await GraphClients.HttpAsync(factory, PortalRole.HelpDesk);
        var id = mine[0].AutopilotDeviceId;

        using var set = await http.PostAsync($"{Devices}/{id}/updateDeviceProperties",
            new StringContent("{ groupTag: \"Lab\" }", System.Text.Encoding.UTF8, "application/json"));
        var device = await http.GetFromJsonAsync<JsonElement>($"{Devices}/{id}?$select=groupTag");

        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        Assert.Equal("Lab", device.GetProperty("groupTag").GetString());
        Assert.False(device.TryGetProperty("serialNumber", out _));
    }

    [Fact]
    public async Task AssignAndUnassignAUserAsTheModuleDoes()
    {
        var hash = HardwareHashBuilder.Synthetic(new Random(4302)).Build();
        var mine = await factory.Services.GetRequiredService<DeviceRegistrationService>().RegisterAsync(AutopilotPortal.Tests.Shared.TestTenant.Id,
            [RegistrationValidator.Prepare(new RegistrationRequest(2, null, null, hash, null))], dryRun: false);
        using var http = await GraphClients.HttpAsync(factory, PortalRole.HelpDesk);
        var id = mine[0].AutopilotDeviceId;

        using var assign = await http.PostAsync($"{Devices}/{id}/assignUserToDevice",
            new StringContent("{\"userPrincipalName\":\"adele.vance@contoso.com\",\"addressableUserName\":\"Adele\"}", System.Text.Encoding.UTF8, "application/json"));
        var assigned = await http.GetFromJsonAsync<JsonElement>($"{Devices}/{id}");
        using var missing = await http.PostAsync($"{Devices}/{id}/assignUserToDevice", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        using var unassign = await http.PostAsync($"{Devices}/{id}/unassignUserFromDevice", null);
        var unassigned = await http.GetFromJsonAsync<JsonElement>($"{Devices}/{id}");

        Assert.Equal(HttpStatusCode.NoContent, assign.StatusCode);
        Assert.Equal("adele.vance@contoso.com", assigned.GetProperty("userPrincipalName").GetString());
        Assert.Equal("Adele", assigned.GetProperty("addressableUserName").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, unassign.StatusCode);
        Assert.Equal(string.Empty, unassigned.GetProperty("userPrincipalName").GetString());
        Assert.Equal(string.Empty, unassigned.GetProperty("addressableUserName").GetString());
    }

    [Fact]
    public async Task SetAutopilotDeviceSetsEveryPropertyOrNone()
    {
        var hash = HardwareHashBuilder.Synthetic(new Random(4303)).Build();
        var mine = await factory.Services.GetRequiredService<DeviceRegistrationService>().RegisterAsync(AutopilotPortal.Tests.Shared.TestTenant.Id,
            [RegistrationValidator.Prepare(new RegistrationRequest(2, null, null, hash, null))], dryRun: false);
        using var http = await GraphClients.HttpAsync(factory, PortalRole.HelpDesk);
        var id = mine[0].AutopilotDeviceId;

        // The module's Set-AutopilotDevice with every parameter: bare names, one body.
        using var set = await http.PostAsync($"{Devices}/{id}/updateDeviceProperties", new StringContent(
            "{ userPrincipalName: \"adele.vance@contoso.com\", addressableUserName: \"Adele Vance\", groupTag: \"Sales\", displayName: \"SALES-0042\" }",
            System.Text.Encoding.UTF8, "application/json"));
        var device = await http.GetFromJsonAsync<JsonElement>($"{Devices}/{id}");

        // A valid tag beside a device name Windows refuses: neither is written.
        using var refused = await http.PostAsync($"{Devices}/{id}/updateDeviceProperties", new StringContent(
            "{\"groupTag\":\"Finance\",\"displayName\":\"NAME-FAR-TOO-LONG-FOR-WINDOWS\"}", System.Text.Encoding.UTF8, "application/json"));
        var error = await refused.Content.ReadFromJsonAsync<JsonElement>();
        var after = await http.GetFromJsonAsync<JsonElement>($"{Devices}/{id}");

        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        Assert.Equal(("adele.vance@contoso.com", "Adele Vance", "Sales", "SALES-0042"),
            (device.GetProperty("userPrincipalName").GetString(), device.GetProperty("addressableUserName").GetString(),
             device.GetProperty("groupTag").GetString(), device.GetProperty("displayName").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.StartsWith("DisplayName:", error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(("Sales", "SALES-0042"), (after.GetProperty("groupTag").GetString(), after.GetProperty("displayName").GetString()));
    }

    [Fact]
    public async Task SerialsJoinedByOrOrListedWithInFindExactlyThoseDevices()
    {
        var mine = await factory.Services.GetRequiredService<DeviceRegistrationService>().RegisterAsync(AutopilotPortal.Tests.Shared.TestTenant.Id,
            [.. Enumerable.Range(0, 3).Select(i => RegistrationValidator.Prepare(new RegistrationRequest(i + 2, null, null, HardwareHashBuilder.Synthetic(new Random(4310 + i)).Build(), null)))],
            dryRun: false);
        using var http = await GraphClients.HttpAsync(factory, PortalRole.Reader);
        var serials = new List<string>();
        foreach (var outcome in mine)
        {
            serials.Add((await http.GetFromJsonAsync<JsonElement>($"{Devices}/{outcome.AutopilotDeviceId}")).GetProperty("serialNumber").GetString()!);
        }

        var or = await http.GetFromJsonAsync<JsonElement>($"{Devices}?$filter=serialNumber eq '{serials[0]}' or serialNumber eq '{serials[2].ToLowerInvariant()}'");
        var @in = await http.GetFromJsonAsync<JsonElement>($"{Devices}?$filter=serialNumber in ('{serials[1]}','{serials[2]}','NO-SUCH-SERIAL')");

        Assert.Equal(new[] { serials[0], serials[2] }.Order(StringComparer.Ordinal),
            or.GetProperty("value").EnumerateArray().Select(d => d.GetProperty("serialNumber").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(new[] { serials[1], serials[2] }.Order(StringComparer.Ordinal),
            @in.GetProperty("value").EnumerateArray().Select(d => d.GetProperty("serialNumber").GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task NeBesideAnIndexedPartIsCheckedOnWhatItFindsAndAloneIsA400()
    {
        var tags = new[] { "Ne4320-keep", null, "Ne4320-drop" };
        await factory.Services.GetRequiredService<DeviceRegistrationService>().RegisterAsync(AutopilotPortal.Tests.Shared.TestTenant.Id,
            [.. tags.Select((tag, i) => RegistrationValidator.Prepare(new RegistrationRequest(i + 2, $"NE4320-{i}", null, Hash(4320 + i, $"NE4320-{i}"), tag)))],
            dryRun: false);
        using var http = await GraphClients.HttpAsync(factory, PortalRole.Reader);

        static string Hash(int seed, string serial)
        {
            var builder = HardwareHashBuilder.Synthetic(new Random(seed));
            builder.SerialNumber = serial;
            return builder.Build();
        }

        var kept = await http.GetFromJsonAsync<JsonElement>($"{Devices}?$filter=startswith(serialNumber,'NE4320-') and groupTag ne 'Ne4320-drop'&$count=true");
        using var alone = await http.GetAsync($"{Devices}?$filter=groupTag ne 'Ne4320-drop'");
        var error = await alone.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(["NE4320-0", "NE4320-1"], kept.GetProperty("value").EnumerateArray().Select(d => d.GetProperty("serialNumber").GetString()!));
        Assert.Equal(2, kept.GetProperty("@odata.count").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, alone.StatusCode);
        Assert.Contains("there is none beside them", error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllowNextEnrollmentReadsAsAllowed()
    {
        var hash = HardwareHashBuilder.Synthetic(new Random(4304)).Build();
        var mine = await factory.Services.GetRequiredService<DeviceRegistrationService>().RegisterAsync(AutopilotPortal.Tests.Shared.TestTenant.Id,
            [RegistrationValidator.Prepare(new RegistrationRequest(2, null, null, hash, null))], dryRun: false);
        using var http = await GraphClients.HttpAsync(factory, PortalRole.HelpDesk);
        var id = mine[0].AutopilotDeviceId;
        var before = await http.GetFromJsonAsync<JsonElement>($"{Devices}/{id}?$select=userlessEnrollmentStatus");

        using var allow = await http.PostAsync($"{Devices}/{id}/allowNextEnrollment", new StringContent(string.Empty, System.Text.Encoding.UTF8, "application/json"));
        var after = await http.GetFromJsonAsync<JsonElement>($"{Devices}/{id}?$select=userlessEnrollmentStatus");
        using var missing = await http.PostAsync($"{Devices}/{Guid.NewGuid()}/allowNextEnrollment", null);

        Assert.Equal("unknown", before.GetProperty("userlessEnrollmentStatus").GetString());
        Assert.Equal(HttpStatusCode.NoContent, allow.StatusCode);
        Assert.Equal("allowed", after.GetProperty("userlessEnrollmentStatus").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Theory]
    [InlineData("/beta/deviceManagement/windowsAutopilotDeviceIdentities", "/beta")]
    [InlineData("/BETA/DeviceManagement/WindowsAutopilotDeviceIdentities", "/beta")]
    [InlineData("/v1.0/deviceManagement/windowsAutopilotDeviceIdentities", "/v1.0")]
    [InlineData("/deviceManagement/windowsAutopilotDeviceIdentities", "/beta")]
    public async Task TheApiIsServedAtTheRootBetaAndV1WithAnyCase(string path, string version)
    {
        using var http = await GraphClients.HttpAsync(factory, PortalRole.Reader);

        var page = await http.GetFromJsonAsync<JsonElement>(path + "?$top=1");

        Assert.StartsWith($"http://localhost{version}/$metadata#deviceManagement/windowsAutopilotDeviceIdentities", page.GetProperty("@odata.context").GetString(), StringComparison.Ordinal);
    }
}
