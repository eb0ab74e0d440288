using System.Net.Http.Json;
using System.Text.Json;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Groups;
using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Security;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Graph;

/// <summary>Deployment profiles and their assignments, as the Graph SDK reads them.</summary>
public sealed class GraphProfileTests(PortalWebApplicationFactory factory) : IClassFixture<PortalWebApplicationFactory>
{
    [Fact]
    public async Task ProfilesListWithTheirGraphTypeSettingsAndAssignments()
    {
        var profiles = factory.Services.GetRequiredService<ProfileService>();
        var kiosk = await profiles.CreateAsync(PortalCaller.System,
            new ProfileSettings { DisplayName = "Kiosks", DeploymentMode = ProfileDeploymentMode.SelfDeploying, DeviceNameTemplate = "KSK-%SERIAL%" });
        var group = await factory.Services.GetRequiredService<GroupService>().CreateAsync(PortalCaller.System, "Kiosk devices", null,
            GroupMembershipType.Dynamic, "device.devicePhysicalIds -any _ -eq \"[OrderId]:Kiosk\"");
        await profiles.AssignAsync(PortalCaller.System, kiosk.Id, group.Id, AssignmentKind.Include);
        // Profiles are beta only: the v1.0 SDK has no builder for them, so scripts call them as plain HTTP.
        using var http = await GraphClients.HttpAsync(factory, PortalRole.Reader);
        const string Profiles = "/beta/deviceManagement/windowsAutopilotDeploymentProfiles";

        var list = await http.GetFromJsonAsync<JsonElement>(Profiles);
        var read = await http.GetFromJsonAsync<JsonElement>($"{Profiles}/{kiosk.Id}");
        var assignments = await http.GetFromJsonAsync<JsonElement>($"{Profiles}/{kiosk.Id}/assignments");

        Assert.Contains(list.GetProperty("value").EnumerateArray(), p => p.GetProperty("id").GetString() == kiosk.Id.ToString());
        Assert.Equal("#microsoft.graph.azureADWindowsAutopilotDeploymentProfile", read.GetProperty("@odata.type").GetString());
        Assert.Equal("Kiosks", read.GetProperty("displayName").GetString());
        Assert.Equal("KSK-%SERIAL%", read.GetProperty("deviceNameTemplate").GetString());
        Assert.Equal("shared", read.GetProperty("outOfBoxExperienceSettings").GetProperty("deviceUsageType").GetString());
        var assignment = Assert.Single(assignments.GetProperty("value").EnumerateArray());
        Assert.Equal($"{kiosk.Id}_{group.Id}_0", assignment.GetProperty("id").GetString());
        Assert.Equal("#microsoft.graph.groupAssignmentTarget", assignment.GetProperty("target").GetProperty("@odata.type").GetString());
        Assert.Equal(group.Id.ToString(), assignment.GetProperty("target").GetProperty("groupId").GetString());
    }

    [Fact]
    public async Task ExpandEmbedsTheIntendedProfileAndNullForOneNotYetDelivered()
    {
        var profiles = factory.Services.GetRequiredService<ProfileService>();
        var lab = await profiles.CreateAsync(PortalCaller.System, new ProfileSettings { DisplayName = "Lab" });
        var group = await factory.Services.GetRequiredService<GroupService>().CreateAsync(PortalCaller.System, "Lab devices", null,
            GroupMembershipType.Dynamic, "device.devicePhysicalIds -any _ -eq \"[OrderId]:Lab\"");
        await profiles.AssignAsync(PortalCaller.System, lab.Id, group.Id, AssignmentKind.Include);
        var hash = Core.Hardware.HardwareHashBuilder.Synthetic(new Random(4400)).Build();
        var registered = await factory.Services.GetRequiredService<Core.Registration.DeviceRegistrationService>().RegisterAsync(AutopilotPortal.Tests.Shared.TestTenant.Id,
            [Core.Registration.RegistrationValidator.Prepare(new Core.Registration.RegistrationRequest(2, null, null, hash, "Lab"))], dryRun: false);
        using var http = await GraphClients.HttpAsync(factory, PortalRole.Reader);

        var device = await http.GetFromJsonAsync<JsonElement>(
            $"/beta/deviceManagement/windowsAutopilotDeviceIdentities/{registered[0].AutopilotDeviceId}?$expand=deploymentProfile,intendedDeploymentProfile");
        using var wrong = await http.GetAsync("/beta/deviceManagement/windowsAutopilotDeviceIdentities?$expand=nothingLikeThis");

        var assigned = await http.GetFromJsonAsync<JsonElement>($"/beta/deviceManagement/windowsAutopilotDeploymentProfiles/{lab.Id}/assignedDevices");

        Assert.Equal(registered[0].AutopilotDeviceId.ToString(), Assert.Single(assigned.GetProperty("value").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(lab.Id.ToString(), device.GetProperty("intendedDeploymentProfile").GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, device.GetProperty("deploymentProfile").ValueKind);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, wrong.StatusCode);
    }

    [Fact]
    public async Task AProfileIsCreatedChangedAssignedAndDeletedAsTheModuleDoesIt()
    {
        var group = await factory.Services.GetRequiredService<GroupService>().CreateAsync(PortalCaller.System, "Shop floor", null,
            GroupMembershipType.Dynamic, "device.devicePhysicalIds -any _ -eq \"[OrderId]:Shop\"");
        using var admin = await GraphClients.HttpAsync(factory, PortalRole.Admin);
        using var reader = await GraphClients.HttpAsync(factory, PortalRole.Reader);
        const string Profiles = "/beta/deviceManagement/windowsAutopilotDeploymentProfiles";
        static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
        const string Body = """
            {
                "@odata.type": "#microsoft.graph.azureADWindowsAutopilotDeploymentProfile",
                "displayName": "Shop floor kiosks",
                "description": "",
                "language": "os-default",
                "extractHardwareHash": false,
                "deviceNameTemplate": "SHOP-%SERIAL%",
                "deviceType": "windowsPc",
                "enableWhiteGlove": true,
                "outOfBoxExperienceSettings": {
                    "hidePrivacySettings": true, "hideEULA": true, "userType": "standard",
                    "deviceUsageType": "shared", "skipKeyboardSelectionPage": true, "hideEscapeLink": true
                }
            }
            """;

        using var refused = await reader.PostAsync(Profiles, Json(Body));
        using var created = await admin.PostAsync(Profiles, Json(Body));
        var profile = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = profile.GetProperty("id").GetString();
        using var renamed = await admin.PatchAsync($"{Profiles}/{id}", Json("{ displayName: \"Shop kiosks\" }"));
        using var assigned = await admin.PostAsync($"{Profiles}/{id}/assignments",
            Json("{\"target\":{\"@odata.type\":\"#microsoft.graph.groupAssignmentTarget\",\"groupId\":\"" + group.Id + "\"}}"));
        using var stillAssigned = await admin.DeleteAsync($"{Profiles}/{id}");
        using var unassigned = await admin.DeleteAsync($"{Profiles}/{id}/assignments/{id}_{group.Id}_0");
        var read = await admin.GetFromJsonAsync<JsonElement>($"{Profiles}/{id}");
        using var deleted = await admin.DeleteAsync($"{Profiles}/{id}");
        using var gone = await admin.GetAsync($"{Profiles}/{id}");

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        Assert.True(profile.GetProperty("preprovisioningAllowed").GetBoolean());
        Assert.Equal("shared", profile.GetProperty("outOfBoxExperienceSettings").GetProperty("deviceUsageType").GetString());
        Assert.Equal(System.Net.HttpStatusCode.NoContent, renamed.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Created, assigned.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, stillAssigned.StatusCode);
        Assert.Contains("Shop floor", (await stillAssigned.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NoContent, unassigned.StatusCode);
        Assert.Equal("Shop kiosks", read.GetProperty("displayName").GetString());
        Assert.Equal("SHOP-%SERIAL%", read.GetProperty("deviceNameTemplate").GetString());
        Assert.Equal(System.Net.HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
    }
}
