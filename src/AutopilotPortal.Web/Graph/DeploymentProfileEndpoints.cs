using System.Text.Json;
using AutopilotPortal.Core.Profiles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AutopilotPortal.Web.Graph;

/// <summary>
/// <c>deviceManagement/windowsAutopilotDeploymentProfiles</c> read as Graph's beta serves them: an
/// Entra-joined profile is an <c>azureADWindowsAutopilotDeploymentProfile</c>, a hybrid one an
/// <c>activeDirectoryWindowsAutopilotDeploymentProfile</c>; assignments have ids <c>{profileId}_{groupId}_0</c>.
/// </summary>
internal static class DeploymentProfileEndpoints
{
    private const string Path = "/deviceManagement/windowsAutopilotDeploymentProfiles";

    public static void MapDeploymentProfiles(this RouteGroupBuilder graph)
    {
        graph.MapGet(Path, ListAsync);
        graph.MapGet(Path + "/{id}", GetAsync);
        graph.MapGet(Path + "/{id}/assignments", AssignmentsAsync);
    }

    private static async Task ListAsync(HttpContext http, ProfileService profiles, CancellationToken cancellationToken)
    {
        var caller = GraphEndpoints.Caller(http);
        var items = await profiles.ListAsync(caller, cancellationToken);
        var details = new List<ProfileDetails>(items.Count);
        foreach (var item in items)
        {
            if (await profiles.GetAsync(caller, item.Id, cancellationToken) is { } profile)
            {
                details.Add(profile);
            }
        }

        await WriteAsync(http, json =>
        {
            json.WriteStartObject();
            json.WriteString("@odata.context", $"{GraphEndpoints.ServiceRoot(http)}/$metadata#deviceManagement/windowsAutopilotDeploymentProfiles");
            json.WriteStartArray("value");
            foreach (var profile in details)
            {
                WriteProfile(json, profile.Profile);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }, cancellationToken);
    }

    private static async Task GetAsync(HttpContext http, string id, ProfileService profiles, CancellationToken cancellationToken)
    {
        var profile = await FindAsync(http, id, profiles, cancellationToken);
        await WriteAsync(http, json => WriteProfile(json, profile.Profile,
            $"{GraphEndpoints.ServiceRoot(http)}/$metadata#deviceManagement/windowsAutopilotDeploymentProfiles/$entity"), cancellationToken);
    }

    private static async Task AssignmentsAsync(HttpContext http, string id, ProfileService profiles, CancellationToken cancellationToken)
    {
        var profile = await FindAsync(http, id, profiles, cancellationToken);
        await WriteAsync(http, json =>
        {
            json.WriteStartObject();
            json.WriteString("@odata.context", $"{GraphEndpoints.ServiceRoot(http)}/$metadata#deviceManagement/windowsAutopilotDeploymentProfiles('{profile.Profile.Id}')/assignments");
            json.WriteStartArray("value");
            foreach (var assignment in profile.Assignments)
            {
                json.WriteStartObject();
                json.WriteString("@odata.type", "#microsoft.graph.windowsAutopilotDeploymentProfileAssignment");
                json.WriteString("id", $"{profile.Profile.Id}_{assignment.GroupId}_0");
                json.WriteString("source", "direct");
                json.WriteString("sourceId", profile.Profile.Id.ToString());
                json.WriteStartObject("target");
                json.WriteString("@odata.type", assignment.Kind == AssignmentKind.Exclude
                    ? "#microsoft.graph.exclusionGroupAssignmentTarget"
                    : "#microsoft.graph.groupAssignmentTarget");
                json.WriteString("groupId", assignment.GroupId.ToString());
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }, cancellationToken);
    }

    private static async Task<ProfileDetails> FindAsync(HttpContext http, string id, ProfileService profiles, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var profileId) && await profiles.GetAsync(GraphEndpoints.Caller(http), profileId, cancellationToken) is { } profile
            ? profile
            : throw new GraphRequestException(404, "ResourceNotFound", $"No windowsAutopilotDeploymentProfile has the id '{id}'.");

    /// <summary>One profile as Graph's beta writes it.</summary>
    public static void WriteProfile(Utf8JsonWriter json, DeploymentProfile p, string? context = null)
    {
        json.WriteStartObject();
        if (context is not null)
        {
            json.WriteString("@odata.context", context);
        }

        var hybrid = p.JoinType == ProfileJoinType.HybridJoined;
        json.WriteString("@odata.type", hybrid ? "#microsoft.graph.activeDirectoryWindowsAutopilotDeploymentProfile" : "#microsoft.graph.azureADWindowsAutopilotDeploymentProfile");
        json.WriteString("id", p.Id.ToString());
        json.WriteString("displayName", p.DisplayName);
        json.WriteString("description", p.Description ?? string.Empty);
        json.WriteString("language", p.Language);
        json.WriteString("createdDateTime", AutopilotDeviceIdentityJson.Iso(p.CreatedAt));
        json.WriteString("lastModifiedDateTime", AutopilotDeviceIdentityJson.Iso(p.UpdatedAt));
        json.WriteString("deviceNameTemplate", p.DeviceNameTemplate ?? string.Empty);
        json.WriteString("deviceType", "windowsPc");
        json.WriteBoolean("enableWhiteGlove", p.AllowPreProvisioning);
        json.WriteBoolean("preprovisioningAllowed", p.AllowPreProvisioning);
        json.WriteBoolean("extractHardwareHash", p.ConvertAllTargetedDevices);
        json.WriteBoolean("hardwareHashExtractionEnabled", p.ConvertAllTargetedDevices);
        json.WriteStartArray("roleScopeTagIds");
        json.WriteStringValue("0");
        json.WriteEndArray();
        json.WriteStartObject("outOfBoxExperienceSettings");
        json.WriteBoolean("hidePrivacySettings", p.HidePrivacySettings);
        json.WriteBoolean("hideEULA", p.HideEula);
        json.WriteString("userType", p.UserType == ProfileUserType.Administrator ? "administrator" : "standard");
        json.WriteString("deviceUsageType", p.DeploymentMode == ProfileDeploymentMode.SelfDeploying ? "shared" : "singleUser");
        json.WriteBoolean("skipKeyboardSelectionPage", p.SkipKeyboardSelectionPage);
        json.WriteBoolean("hideEscapeLink", p.HideEscapeLink);
        json.WriteEndObject();
        if (hybrid)
        {
            json.WriteBoolean("hybridAzureADJoinSkipConnectivityCheck", p.SkipConnectivityCheck);
        }

        json.WriteEndObject();
    }

    private static async Task WriteAsync(HttpContext http, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        http.Response.ContentType = GraphEndpoints.JsonContentType;
        await using var json = new Utf8JsonWriter(http.Response.Body);
        write(json);
        await json.FlushAsync(cancellationToken);
    }
}
