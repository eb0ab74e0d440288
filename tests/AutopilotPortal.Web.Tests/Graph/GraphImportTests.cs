using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Groups;
using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Graph.Models;

namespace AutopilotPortal.Web.Tests.Graph;

/// <summary>Hashes uploaded the way Get-WindowsAutopilotInfo -Online and the WindowsAutopilotIntune module upload them.</summary>
public sealed class GraphImportTests(PortalWebApplicationFactory factory) : IClassFixture<PortalWebApplicationFactory>
{
    private const string Imported = "/beta/deviceManagement/importedWindowsAutopilotDeviceIdentities";

    [Fact]
    public async Task ARealHashImportedThroughTheSdkCompletesAsTheDeviceAndAgainGets806()
    {
        var (serial, hash) = RealRow("HexDK_SGRE_BG.csv");
        var graph = await GraphClients.SdkAsync(factory, PortalRole.Admin);
        // A new model each time: the SDK's backing store sends only what changed since a model was last sent.
        ImportedWindowsAutopilotDeviceIdentity Upload() => new()
        {
            SerialNumber = serial,
            HardwareIdentifier = Convert.FromBase64String(hash),
            GroupTag = "Kiosk",
            State = new ImportedWindowsAutopilotDeviceIdentityState { DeviceImportStatus = ImportedWindowsAutopilotDeviceIdentityImportStatus.Pending },
        };

        var created = await graph.DeviceManagement.ImportedWindowsAutopilotDeviceIdentities.PostAsync(Upload());
        var read = await graph.DeviceManagement.ImportedWindowsAutopilotDeviceIdentities[created!.Id].GetAsync();
        var device = await graph.DeviceManagement.WindowsAutopilotDeviceIdentities[read!.State!.DeviceRegistrationId].GetAsync();
        var again = await graph.DeviceManagement.ImportedWindowsAutopilotDeviceIdentities.PostAsync(Upload());

        Assert.Equal(ImportedWindowsAutopilotDeviceIdentityImportStatus.Complete, read.State.DeviceImportStatus);
        Assert.Equal(serial, device!.SerialNumber, ignoreCase: true);
        Assert.Equal("Kiosk", device.GroupTag);
        Assert.Equal(ImportedWindowsAutopilotDeviceIdentityImportStatus.Error, again!.State!.DeviceImportStatus);
        Assert.Equal(806, again.State.DeviceErrorCode);
        Assert.Equal("ZtdDeviceAlreadyAssigned", again.State.DeviceErrorName);
    }

    [Fact]
    public async Task TheModulesExactBodyWithItsClientStateIsAcceptedAndEndsComplete()
    {
        var (serial, hash) = RealRow("churlbap_ponise.csv");
        using var http = await GraphClients.HttpAsync(factory, PortalRole.Admin);
        var body = ModuleBody(serial, hash);

        using var response = await http.PostAsync(Imported, new StringContent(body, Encoding.UTF8, "application/json"));
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var polled = await http.GetFromJsonAsync<JsonElement>($"{Imported}/{created.GetProperty("id").GetString()}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("complete", polled.GetProperty("state").GetProperty("deviceImportStatus").GetString());
        Assert.True(Guid.TryParse(polled.GetProperty("state").GetProperty("deviceRegistrationId").GetString(), out _));
    }

    /// <summary>
    /// <c>Get-WindowsAutopilotInfo -Online -AddToGroup … -AssignedComputerName … -Assign</c>, request by request with
    /// the bodies and headers the script and the WindowsAutopilotIntune module send: upload, wait while unknown,
    /// find the Autopilot device, find the group and the Entra device, add it, name it, wait for the profile.
    /// </summary>
    [Fact]
    public async Task GetWindowsAutopilotInfoOnlineWithAddToGroupNameAndAssignRunsToTheEnd()
    {
        await using var portal = new PortalWebApplicationFactory();
        var group = await portal.Services.GetRequiredService<GroupService>().CreateAsync(PortalCaller.System, "Autopilot Kiosks", null, GroupMembershipType.Assigned, null);
        var profiles = portal.Services.GetRequiredService<ProfileService>();
        var profile = await profiles.CreateAsync(PortalCaller.System, new ProfileSettings { DisplayName = "Kiosk profile" });
        await profiles.AssignAsync(PortalCaller.System, profile.Id, group.Id, AssignmentKind.Include);
        var (serial, hash) = RealRow("HexDK_SGRE_BG.csv");
        using var http = await GraphClients.HttpAsync(portal, PortalRole.Admin);
        StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

        // Add-AutopilotImportedDevice, then Get-AutopilotImportedDevice -id while the state reads unknown.
        using var posted = await http.PostAsync(Imported, Json(ModuleBody(serial, hash)));
        var importedId = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var state = (await http.GetFromJsonAsync<JsonElement>($"{Imported}/{importedId}")).GetProperty("state");
        var deviceId = state.GetProperty("deviceRegistrationId").GetString();

        // Get-AutopilotDevice -id, until it is found.
        var autopilot = await http.GetFromJsonAsync<JsonElement>($"/beta/deviceManagement/windowsAutopilotDeviceIdentities/{deviceId}");

        // Get-MgGroup -Filter, Get-MgDevice -Search -ConsistencyLevel eventual, New-MgGroupMember.
        var groupId = (await http.GetFromJsonAsync<JsonElement>("/v1.0/groups?$filter=displayName eq 'Autopilot Kiosks'")).GetProperty("value")[0].GetProperty("id").GetString();
        using var search = new HttpRequestMessage(HttpMethod.Get, $"/v1.0/devices?$search=\"deviceId:{autopilot.GetProperty("azureActiveDirectoryDeviceId").GetString()}\"");
        search.Headers.Add("ConsistencyLevel", "eventual");
        using var searched = await http.SendAsync(search);
        var objectId = (await searched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value")[0].GetProperty("id").GetString();
        using var added = await http.PostAsync($"/v1.0/groups/{groupId}/members/$ref", Json($$"""{"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/{{objectId}}"}"""));

        // Set-AutopilotDevice -id … -displayName …, the module's body with bare names.
        using var named = await http.PostAsync($"/beta/deviceManagement/windowsAutopilotDeviceIdentities/{deviceId}/updateDeviceProperties", Json("{ displayName: \"KIOSK-01\" }"));

        // Get-AutopilotDevice -id … -Expand until deploymentProfileAssignmentStatus starts with "assigned": the
        // profile the group carries is pending until the deployment service syncs.
        var expand = $"/beta/deviceManagement/windowsAutopilotDeviceIdentities/{deviceId}?$expand=deploymentProfile,intendedDeploymentProfile";
        var waiting = await http.GetFromJsonAsync<JsonElement>(expand);
        await (await portal.Services.GetRequiredService<SyncService>().RequestSyncAsync(PortalCaller.System)).Completion!;
        var assigned = await http.GetFromJsonAsync<JsonElement>(expand);

        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal("complete", state.GetProperty("deviceImportStatus").GetString());
        Assert.Equal(serial, autopilot.GetProperty("serialNumber").GetString());
        Assert.Equal(group.Id.ToString(), groupId);
        Assert.Equal(HttpStatusCode.OK, searched.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, added.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, named.StatusCode);
        Assert.False(waiting.GetProperty("deploymentProfileAssignmentStatus").GetString()!.StartsWith("assigned", StringComparison.Ordinal));
        Assert.Equal("Kiosk profile", waiting.GetProperty("intendedDeploymentProfile").GetProperty("displayName").GetString());
        Assert.StartsWith("assigned", assigned.GetProperty("deploymentProfileAssignmentStatus").GetString(), StringComparison.Ordinal);
        Assert.Equal("Kiosk profile", assigned.GetProperty("deploymentProfile").GetProperty("displayName").GetString());
        Assert.Equal("KIOSK-01", assigned.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task TheImportActionTakesABatchAndABadHashEndsInErrorNotInABrokenBatch()
    {
        var (serial, hash) = RealRow("Pmedley26_PowerShell_6cc4304.csv");
        using var http = await GraphClients.HttpAsync(factory, PortalRole.Admin);
        var body = JsonSerializer.Serialize(new
        {
            importedWindowsAutopilotDeviceIdentities = new object[]
            {
                new { serialNumber = serial, hardwareIdentifier = hash },
                new { serialNumber = "BROKEN1", hardwareIdentifier = "T0EAAAAA" },
            },
        });

        using var response = await http.PostAsync($"{Imported}/import", new StringContent(body, Encoding.UTF8, "application/json"));
        var states = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").EnumerateArray()
            .Select(v => v.GetProperty("state")).ToList();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("complete", states[0].GetProperty("deviceImportStatus").GetString());
        Assert.Equal("error", states[1].GetProperty("deviceImportStatus").GetString());
        Assert.Equal("InvalidZtdHardwareHash", states[1].GetProperty("deviceErrorName").GetString());
    }

    [Fact]
    public async Task AReaderMayNotImport()
    {
        using var http = await GraphClients.HttpAsync(factory, PortalRole.Reader);

        using var response = await http.PostAsync(Imported, new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    /// <summary>The serial and hash of a real Windows CSV's first device row (UTF-16LE).</summary>
    /// <summary>The body the WindowsAutopilotIntune module's Add-AutopilotImportedDevice posts, its client state included.</summary>
    private static string ModuleBody(string serial, string hash) => $$"""
        {
            "@odata.type":  "#microsoft.graph.importedWindowsAutopilotDeviceIdentity",
            "groupTag":  "",
            "serialNumber":  "{{serial}}",
            "productKey":  "",
            "hardwareIdentifier":  "{{hash}}",
            "assignedUserPrincipalName":  "",
            "state":  {
                          "@odata.type":  "microsoft.graph.importedWindowsAutopilotDeviceIdentityState",
                          "deviceImportStatus":  "pending",
                          "deviceRegistrationId":  "",
                          "deviceErrorCode":  0,
                          "deviceErrorName":  ""
                      }
        }
        """;

    private static (string Serial, string Hash) RealRow(string file)
    {
        var cells = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", "real-hashes", file), Encoding.Unicode)[1].Split(',');
        return (cells[0].Trim('"'), cells[2].Trim('"'));
    }
}
