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
        graph.MapGet(Path + "/{id}/assignedDevices", GraphEndpoints.AssignedDevicesAsync);
        graph.MapPost(Path, CreateAsync);
        graph.MapPatch(Path + "/{id}", UpdateAsync);
        graph.MapDelete(Path + "/{id}", DeleteAsync);
        graph.MapPost(Path + "/{id}/assignments", AssignAsync);
        graph.MapDelete(Path + "/{id}/assignments/{assignmentId}", UnassignAsync);
    }

    /// <summary>Creates a profile from Graph's body (its <c>@odata.type</c> says Entra joined or hybrid); 201 with the profile.</summary>
    private static async Task CreateAsync(HttpContext http, ProfileService profiles, CancellationToken cancellationToken)
    {
        using var body = await GraphResponse.ReadObjectAsync(http, cancellationToken);
        var created = await profiles.CreateAsync(GraphEndpoints.Caller(http), Settings(body.RootElement, new ProfileSettings()), cancellationToken);
        http.Response.StatusCode = StatusCodes.Status201Created;
        await GraphResponse.WriteAsync(http, json => WriteProfile(json, created,
            $"{GraphEndpoints.ServiceRoot(http)}/$metadata#deviceManagement/windowsAutopilotDeploymentProfiles/$entity"), cancellationToken);
    }

    /// <summary>Changes the properties the body names, keeping the others; 204.</summary>
    private static async Task<IResult> UpdateAsync(HttpContext http, string id, ProfileService profiles, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(http, id, profiles, cancellationToken);
        using var body = await GraphResponse.ReadObjectAsync(http, cancellationToken);
        await profiles.UpdateAsync(GraphEndpoints.Caller(http), existing.Profile.Id, Settings(body.RootElement, ProfileSettings.From(existing.Profile)), cancellationToken);
        return Results.NoContent();
    }

    /// <summary>Deletes a profile assigned to no group; a profile still assigned is refused naming its groups.</summary>
    private static async Task<IResult> DeleteAsync(HttpContext http, string id, ProfileService profiles, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(http, id, profiles, cancellationToken);
        await profiles.DeleteAsync(GraphEndpoints.Caller(http), existing.Profile.Id, cancellationToken);
        return Results.NoContent();
    }

    /// <summary>Assigns the profile to <c>target.groupId</c> (an <c>exclusionGroupAssignmentTarget</c> excludes it); 201 with the assignment.</summary>
    private static async Task AssignAsync(HttpContext http, string id, ProfileService profiles, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(http, id, profiles, cancellationToken);
        using var body = await GraphResponse.ReadObjectAsync(http, cancellationToken);
        var target = GraphResponse.Property(body.RootElement, "target") is { ValueKind: JsonValueKind.Object } t ? t
            : throw new GraphRequestException(400, "BadRequest", "An assignment needs target: { \"@odata.type\": \"#microsoft.graph.groupAssignmentTarget\", \"groupId\": \"…\" }.");
        var groupId = GraphResponse.Property(target, "groupId") is { ValueKind: JsonValueKind.String } g && Guid.TryParse(g.GetString(), out var parsed) ? parsed
            : throw new GraphRequestException(400, "BadRequest", "target.groupId must be the id of a group.");
        var kind = GraphResponse.Property(target, "@odata.type")?.GetString()?.EndsWith("exclusionGroupAssignmentTarget", StringComparison.OrdinalIgnoreCase) == true
            ? AssignmentKind.Exclude
            : AssignmentKind.Include;
        await profiles.AssignAsync(GraphEndpoints.Caller(http), existing.Profile.Id, groupId, kind, cancellationToken);
        http.Response.StatusCode = StatusCodes.Status201Created;
        await GraphResponse.WriteAsync(http, json =>
        {
            json.WriteStartObject();
            json.WriteString("@odata.type", "#microsoft.graph.windowsAutopilotDeploymentProfileAssignment");
            json.WriteString("id", $"{existing.Profile.Id}_{groupId}_0");
            json.WriteStartObject("target");
            json.WriteString("@odata.type", kind == AssignmentKind.Exclude ? "#microsoft.graph.exclusionGroupAssignmentTarget" : "#microsoft.graph.groupAssignmentTarget");
            json.WriteString("groupId", groupId.ToString());
            json.WriteEndObject();
            json.WriteEndObject();
        }, cancellationToken);
    }

    /// <summary>Removes the assignment <c>{profileId}_{groupId}_0</c>; 204.</summary>
    private static async Task<IResult> UnassignAsync(HttpContext http, string id, string assignmentId, ProfileService profiles, CancellationToken cancellationToken)
    {
        var existing = await FindAsync(http, id, profiles, cancellationToken);
        var parts = assignmentId.Split('_');
        if (parts.Length != 3 || !Guid.TryParse(parts[1], out var groupId) || existing.Assignments.All(a => a.GroupId != groupId))
        {
            throw new GraphRequestException(404, "ResourceNotFound", $"The profile has no assignment '{assignmentId}'.");
        }

        await profiles.UnassignAsync(GraphEndpoints.Caller(http), existing.Profile.Id, groupId, cancellationToken);
        return Results.NoContent();
    }

    /// <summary>The settings the body names, over <paramref name="settings"/>; unknown properties are ignored, as Graph's reader ignores read-only ones.</summary>
    private static ProfileSettings Settings(JsonElement body, ProfileSettings settings)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new GraphRequestException(400, "BadRequest", "The request body must be a JSON object.");
        }

        string? Text(JsonElement e, string name) => GraphResponse.Property(e, name) is { } v ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Null => null,
            _ => throw new GraphRequestException(400, "BadRequest", $"{name} must be a string."),
        } : null;
        bool? Flag(JsonElement e, string name) => GraphResponse.Property(e, name) is { } v ? v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new GraphRequestException(400, "BadRequest", $"{name} must be true or false."),
        } : null;

        var result = settings with { };
        if (Text(body, "@odata.type") is { } type)
        {
            result.JoinType = type.EndsWith("activeDirectoryWindowsAutopilotDeploymentProfile", StringComparison.OrdinalIgnoreCase) ? ProfileJoinType.HybridJoined : ProfileJoinType.EntraJoined;
        }

        if (GraphResponse.Property(body, "displayName") is not null)
        {
            result.DisplayName = Text(body, "displayName") ?? string.Empty;
        }

        if (GraphResponse.Property(body, "description") is not null)
        {
            result.Description = Text(body, "description");
        }

        if (Text(body, "language") is { } language)
        {
            result.Language = language;
        }

        if (GraphResponse.Property(body, "deviceNameTemplate") is not null)
        {
            result.DeviceNameTemplate = Text(body, "deviceNameTemplate") is { Length: > 0 } template ? template : null;
        }

        if ((Flag(body, "preprovisioningAllowed") ?? Flag(body, "enableWhiteGlove")) is { } preProvisioning)
        {
            result.AllowPreProvisioning = preProvisioning;
        }

        if ((Flag(body, "hardwareHashExtractionEnabled") ?? Flag(body, "extractHardwareHash")) is { } convert)
        {
            result.ConvertAllTargetedDevices = convert;
        }

        if (Flag(body, "hybridAzureADJoinSkipConnectivityCheck") is { } skip)
        {
            result.SkipConnectivityCheck = skip;
        }

        if ((GraphResponse.Property(body, "outOfBoxExperienceSettings") ?? GraphResponse.Property(body, "outOfBoxExperienceSetting")) is { ValueKind: JsonValueKind.Object } oobe)
        {
            result.HidePrivacySettings = Flag(oobe, "hidePrivacySettings") ?? result.HidePrivacySettings;
            result.HideEula = Flag(oobe, "hideEULA") ?? result.HideEula;
            result.SkipKeyboardSelectionPage = Flag(oobe, "skipKeyboardSelectionPage") ?? result.SkipKeyboardSelectionPage;
            result.HideEscapeLink = Flag(oobe, "hideEscapeLink") ?? result.HideEscapeLink;
            if (Text(oobe, "userType") is { } user)
            {
                result.UserType = string.Equals(user, "administrator", StringComparison.OrdinalIgnoreCase) ? ProfileUserType.Administrator : ProfileUserType.Standard;
            }

            if (Text(oobe, "deviceUsageType") is { } usage)
            {
                result.DeploymentMode = string.Equals(usage, "shared", StringComparison.OrdinalIgnoreCase) ? ProfileDeploymentMode.SelfDeploying : ProfileDeploymentMode.UserDriven;
            }
        }

        return result;
    }

    private static async Task ListAsync(HttpContext http, ProfileService profiles, CancellationToken cancellationToken) =>
        await GraphResponse.WriteListAsync(http, "deviceManagement/windowsAutopilotDeploymentProfiles",
            await profiles.ListProfilesAsync(GraphEndpoints.Caller(http), cancellationToken), nextLink: null, (json, profile) => WriteProfile(json, profile), cancellationToken);

    private static async Task GetAsync(HttpContext http, string id, ProfileService profiles, CancellationToken cancellationToken)
    {
        var profile = await FindAsync(http, id, profiles, cancellationToken);
        await GraphResponse.WriteAsync(http, json => WriteProfile(json, profile.Profile,
            $"{GraphEndpoints.ServiceRoot(http)}/$metadata#deviceManagement/windowsAutopilotDeploymentProfiles/$entity"), cancellationToken);
    }

    private static async Task AssignmentsAsync(HttpContext http, string id, ProfileService profiles, CancellationToken cancellationToken)
    {
        var profile = await FindAsync(http, id, profiles, cancellationToken);
        await GraphResponse.WriteAsync(http, json =>
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
}
