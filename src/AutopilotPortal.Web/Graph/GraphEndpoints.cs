using System.Text.Json;
using AutopilotPortal.Core;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Graph;

/// <summary>
/// The Microsoft-Graph-shaped API: the resources scripts and SDKs call, served at <c>/beta</c> and
/// <c>/v1.0</c> and, where the path is not one of the portal's pages, at the root (path segments
/// case-insensitive, as Graph's are). Every refusal is a
/// Graph error body (<see cref="ApiAuth.GraphError"/>).
/// </summary>
internal static class GraphEndpoints
{
    private static readonly string[] Versions = ["", "/beta", "/v1.0"];

    /// <summary>The content type Graph answers JSON with.</summary>
    public const string JsonContentType = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8";

    /// <summary>Maps every version's routes; <paramref name="secure"/> adds the API's authentication to each group.</summary>
    public static void MapGraph(this IEndpointRouteBuilder app, Action<RouteGroupBuilder> secure)
    {
        foreach (var version in Versions)
        {
            var graph = app.MapGroup(version);
            secure(graph);
            graph.AddEndpointFilter(AnswerRefusalsAsGraphErrors);
            graph.MapGet("/deviceManagement/windowsAutopilotDeviceIdentities", ListIdentitiesAsync);
            graph.MapGet("/deviceManagement/windowsAutopilotDeviceIdentities/{id}", GetIdentityAsync);
            graph.MapDelete("/deviceManagement/windowsAutopilotDeviceIdentities/{id}", DeleteIdentityAsync);
            graph.MapPost("/deviceManagement/windowsAutopilotDeviceIdentities/{id}/updateDeviceProperties", UpdateDevicePropertiesAsync);
            graph.MapPost("/deviceManagement/windowsAutopilotDeviceIdentities/{id}/assignUserToDevice", AssignUserAsync);
            graph.MapPost("/deviceManagement/windowsAutopilotDeviceIdentities/{id}/unassignUserFromDevice", UnassignUserAsync);
            graph.MapPost("/deviceManagement/windowsAutopilotDeviceIdentities/{id}/allowNextEnrollment", AllowNextEnrollmentAsync);
            graph.MapGet("/deviceManagement/windowsAutopilotSettings", GetSettingsAsync);
            graph.MapPost("/deviceManagement/windowsAutopilotSettings/sync", SyncAsync);
            graph.MapImportedDeviceIdentities();
            graph.MapDeploymentProfiles();
            graph.MapManagedDevices();
            if (version.Length > 0)
            {
                // /devices and /groups at the root are the portal's own pages.
                graph.MapDirectoryDevices();
                graph.MapGroups();
            }
        }
    }

    private static Task ListIdentitiesAsync(HttpContext http, DevicePages pages, Core.Profiles.ProfileService profileService, CancellationToken cancellationToken) =>
        WriteIdentitiesAsync(http, GraphQuery.Parse(http.Request.Query), pages, profileService, "deviceManagement/windowsAutopilotDeviceIdentities", cancellationToken);

    /// <summary>A profile's <c>assignedDevices</c>: the devices it is intended for, in keyset pages like the device list.</summary>
    public static async Task AssignedDevicesAsync(HttpContext http, string id, DevicePages pages, Core.Profiles.ProfileService profileService, CancellationToken cancellationToken)
    {
        var profile = Guid.TryParse(id, out var profileId) ? await profileService.GetAsync(Caller(http), profileId, cancellationToken) : null;
        if (profile is null)
        {
            throw new GraphRequestException(404, "ResourceNotFound", $"No windowsAutopilotDeploymentProfile has the id '{id}'.");
        }

        var query = GraphQuery.Parse(http.Request.Query);
        await WriteIdentitiesAsync(http, query with { Filter = query.Filter with { DeploymentProfileId = profileId } }, pages, profileService,
            $"deviceManagement/windowsAutopilotDeploymentProfiles('{profileId}')/assignedDevices", cancellationToken);
    }

    private static async Task WriteIdentitiesAsync(HttpContext http, GraphQuery query, DevicePages pages, Core.Profiles.ProfileService profileService, string context, CancellationToken cancellationToken)
    {
        var caller = Caller(http);
        var page = await pages.ReadAsync(caller, query.Filter, query.After, query.Top, cancellationToken);
        var profiles = await ExpandedProfilesAsync(caller, query, page.Items, profileService, cancellationToken);
        int? count = query.Count ? await pages.CountAsync(caller, query.Filter, cancellationToken) : null;

        http.Response.ContentType = JsonContentType;
        await using var json = new Utf8JsonWriter(http.Response.Body);
        json.WriteStartObject();
        json.WriteString("@odata.context", $"{ServiceRoot(http)}/$metadata#{context}");
        if (count is { } total)
        {
            json.WriteNumber("@odata.count", total);
        }

        if (page.Next is { } next)
        {
            json.WriteString("@odata.nextLink", GraphResponse.NextLink(http, GraphQuery.EncodeSkipToken(next)));
        }

        json.WriteStartArray("value");
        foreach (var device in page.Items)
        {
            AutopilotDeviceIdentityJson.Write(json, device, query.Select, query.Expand, profiles);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    private static async Task GetIdentityAsync(HttpContext http, string id, DevicePages pages, Core.Profiles.ProfileService profileService, CancellationToken cancellationToken)
    {
        var query = GraphQuery.Parse(http.Request.Query);
        var device = Guid.TryParse(id, out var deviceId) ? await pages.GetAsync(Caller(http), deviceId, cancellationToken) : null;
        if (device is null)
        {
            throw NotFound(id);
        }

        var profiles = await ExpandedProfilesAsync(Caller(http), query, [device], profileService, cancellationToken);

        http.Response.ContentType = JsonContentType;
        await using var json = new Utf8JsonWriter(http.Response.Body);
        using (var buffer = new MemoryStream())
        {
            await using (var one = new Utf8JsonWriter(buffer))
            {
                AutopilotDeviceIdentityJson.Write(one, device, query.Select, query.Expand, profiles);
            }

            // The entity's own properties, after the context Graph puts first.
            using var document = JsonDocument.Parse(buffer.ToArray());
            json.WriteStartObject();
            json.WriteString("@odata.context", $"{ServiceRoot(http)}/$metadata#deviceManagement/windowsAutopilotDeviceIdentities/$entity");
            foreach (var property in document.RootElement.EnumerateObject())
            {
                property.WriteTo(json);
            }

            json.WriteEndObject();
        }

        await json.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// <c>updateDeviceProperties</c>: sets the properties the body names (<c>groupTag</c>, <c>displayName</c>, <c>addressableUserName</c>,
    /// <c>userPrincipalName</c>) in one edit, as the device pane does, and answers 204. The edit checks the caller's
    /// permission and the device's existence in the tenant even when the body names no property.
    /// </summary>
    private static async Task<IResult> UpdateDevicePropertiesAsync(HttpContext http, string id, DeviceEditService edits, CancellationToken cancellationToken)
    {
        var deviceId = Guid.TryParse(id, out var parsed) ? parsed : throw NotFound(id);
        using var body = await LenientJson.ReadAsync(http.Request.Body, cancellationToken);
        if (body.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new GraphRequestException(400, "BadRequest", "The request body must be a JSON object of the properties to set.");
        }

        var changes = new Dictionary<DeviceProperty, string?>();
        foreach (var property in body.RootElement.EnumerateObject())
        {
            var value = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Null => null,
                _ => throw new GraphRequestException(400, "BadRequest", $"{property.Name} must be a string or null."),
            };
            var name = property.Name.ToLowerInvariant() switch
            {
                "grouptag" => DeviceProperty.GroupTag,
                "displayname" => DeviceProperty.DisplayName,
                "userprincipalname" => DeviceProperty.UserPrincipalName,
                "addressableusername" => DeviceProperty.AddressableUserName,
                _ => throw new GraphRequestException(400, "BadRequest",
                    $"updateDeviceProperties has no property '{property.Name}'; it takes groupTag, displayName, userPrincipalName and addressableUserName."),
            };
            if (!changes.TryAdd(name, value))
            {
                throw new GraphRequestException(400, "BadRequest", $"{property.Name} is given twice.");
            }
        }

        // All the properties in one transaction: a refused value leaves every property as it was.
        await edits.UpdatePropertiesAsync(Caller(http), deviceId, changes, cancellationToken);
        return Results.NoContent();
    }

    /// <summary>
    /// <c>assignUserToDevice</c>: assigns <c>userPrincipalName</c> (required) as the pane's Assigned user does,
    /// with the <c>addressableUserName</c> the body gives beside it, in one transaction; 204.
    /// </summary>
    private static async Task<IResult> AssignUserAsync(HttpContext http, string id, DeviceEditService edits, CancellationToken cancellationToken)
    {
        var deviceId = Guid.TryParse(id, out var parsed) ? parsed : throw NotFound(id);
        using var body = await LenientJson.ReadAsync(http.Request.Body, cancellationToken);
        string? Text(string name) => body.RootElement.ValueKind == JsonValueKind.Object
            && body.RootElement.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: JsonValueKind.String } property
            ? property.Value.GetString()
            : null;
        var upn = Text("userPrincipalName");
        if (string.IsNullOrWhiteSpace(upn))
        {
            throw new GraphRequestException(400, "BadRequest", "assignUserToDevice needs userPrincipalName, the user to assign; unassignUserFromDevice removes one.");
        }

        var changes = new Dictionary<DeviceProperty, string?> { [DeviceProperty.UserPrincipalName] = upn };
        if (Text("addressableUserName") is { } addressable)
        {
            changes[DeviceProperty.AddressableUserName] = addressable;
        }

        await edits.UpdatePropertiesAsync(Caller(http), deviceId, changes, cancellationToken);
        return Results.NoContent();
    }

    /// <summary><c>unassignUserFromDevice</c>: clears the assigned user and the addressable user name; 204.</summary>
    private static async Task<IResult> UnassignUserAsync(HttpContext http, string id, DeviceEditService edits, CancellationToken cancellationToken)
    {
        var deviceId = Guid.TryParse(id, out var parsed) ? parsed : throw NotFound(id);
        await edits.UpdatePropertiesAsync(Caller(http), deviceId,
            new Dictionary<DeviceProperty, string?> { [DeviceProperty.UserPrincipalName] = null, [DeviceProperty.AddressableUserName] = null }, cancellationToken);
        return Results.NoContent();
    }

    /// <summary>
    /// <c>allowNextEnrollment</c>: lets the device's next userless enrollment proceed, so a pre-provisioned
    /// device may deploy again while its Intune record stays; 204. The body, if any, is ignored.
    /// </summary>
    private static async Task<IResult> AllowNextEnrollmentAsync(HttpContext http, string id, DeviceEditService edits, CancellationToken cancellationToken)
    {
        var deviceId = Guid.TryParse(id, out var parsed) ? parsed : throw NotFound(id);
        await edits.AllowNextEnrollmentAsync(Caller(http), deviceId, cancellationToken);
        return Results.NoContent();
    }

    /// <summary>Deletes the device's Autopilot registration and Intune row, as the device list's Delete does; 204.</summary>
    private static async Task<IResult> DeleteIdentityAsync(HttpContext http, string id, Core.Decommissioning.RecordDeletionService deletions, DevicePages pages, CancellationToken cancellationToken)
    {
        var caller = Caller(http);
        if (!Guid.TryParse(id, out var deviceId) || await pages.GetAsync(caller, deviceId, cancellationToken) is null)
        {
            throw NotFound(id);
        }

        await deletions.DeleteAutopilotDeviceAsync(caller, deviceId, cancellationToken);
        return Results.NoContent();
    }

    /// <summary><c>windowsAutopilotSettings</c>: the last sync, the last manual trigger and the status.</summary>
    private static async Task GetSettingsAsync(HttpContext http, Core.Sync.SyncService sync, Microsoft.Extensions.Options.IOptions<Core.Tenants.TenantOptions> tenant, CancellationToken cancellationToken)
    {
        var settings = await sync.GetSettingsAsync(Caller(http), cancellationToken);
        http.Response.ContentType = JsonContentType;
        await using var json = new Utf8JsonWriter(http.Response.Body);
        json.WriteStartObject();
        json.WriteString("@odata.context", $"{ServiceRoot(http)}/$metadata#deviceManagement/windowsAutopilotSettings/$entity");
        json.WriteString("@odata.type", "#microsoft.graph.windowsAutopilotSettings");
        json.WriteString("id", tenant.Value.Id.ToString());
        json.WriteString("lastSyncDateTime", AutopilotDeviceIdentityJson.Iso(settings.LastSyncDateTime ?? DateTime.MinValue));
        json.WriteString("lastManualSyncTriggerDateTime", AutopilotDeviceIdentityJson.Iso(settings.LastManualSyncTriggerDateTime ?? DateTime.MinValue));
        var status = settings.SyncStatus.ToString();
        json.WriteString("syncStatus", char.ToLowerInvariant(status[0]) + status[1..]);
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// <c>windowsAutopilotSettings/sync</c>: 204 when a sync starts; 409 while one runs; 429 with
    /// <c>Retry-After</c> within the manual-sync interval, as Intune answers. Any body is ignored.
    /// </summary>
    private static async Task<IResult> SyncAsync(HttpContext http, Core.Sync.SyncService sync, TimeProvider clock, CancellationToken cancellationToken)
    {
        var result = await sync.RequestSyncAsync(Caller(http), cancellationToken);
        switch (result.Kind)
        {
            case Core.Sync.SyncRequestKind.Started:
                return Results.NoContent();
            case Core.Sync.SyncRequestKind.InProgress:
                throw new GraphRequestException(409, "Conflict", "A sync is in progress; ask again when it has finished.");
            default:
                var wait = (result.AvailableAt ?? clock.GetUtcNow().UtcDateTime) - clock.GetUtcNow().UtcDateTime;
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                throw new GraphRequestException(429, "TooManyRequests",
                    $"A manual sync was asked for less than the manual-sync interval ago; ask again after {AutopilotDeviceIdentityJson.Iso(result.AvailableAt ?? DateTime.UtcNow)} (in {seconds} s).");
        }
    }

    private static GraphRequestException NotFound(string id) => new(404, "ResourceNotFound", $"No windowsAutopilotDeviceIdentity has the id '{id}'.");

    /// <summary>The profiles <c>$expand</c> asks for, read in one query for the whole page; empty when it asks for none.</summary>
    private static async Task<Dictionary<Guid, Core.Profiles.DeploymentProfile>> ExpandedProfilesAsync(
        PortalCaller caller, GraphQuery query, IReadOnlyList<Core.Intune.AutopilotDevice> devices, Core.Profiles.ProfileService profileService, CancellationToken cancellationToken)
    {
        var ids = new HashSet<Guid>();
        foreach (var device in devices)
        {
            if (query.Expand.Contains("deploymentProfile") && device.AssignedProfileId is { } assigned)
            {
                ids.Add(assigned);
            }

            if (query.Expand.Contains("intendedDeploymentProfile") && device.DeploymentProfileId is { } intended)
            {
                ids.Add(intended);
            }
        }

        if (ids.Count == 0)
        {
            return [];
        }

        // A tenant has few profiles: one query reads them all.
        var profiles = (await profileService.ListProfilesAsync(caller, cancellationToken)).Where(p => ids.Contains(p.Id)).ToDictionary(p => p.Id);
        return profiles;
    }

    /// <summary>The service library's refusals and the API's own, as Graph answers them.</summary>
    private static async ValueTask<object?> AnswerRefusalsAsGraphErrors(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            await http.RequestServices.GetRequiredService<GraphThrottle>().AdmitAsync(http);
            return await next(context);
        }
        catch (GraphRequestException ex)
        {
            await ApiAuth.GraphError.WriteAsync(http, ex.Status, ex.Code, ex.Message);
        }
        catch (DeviceFilterException ex)
        {
            await ApiAuth.GraphError.WriteAsync(http, StatusCodes.Status400BadRequest, "BadRequest", ex.Message);
        }
        catch (DeviceValidationException ex)
        {
            await ApiAuth.GraphError.WriteAsync(http, StatusCodes.Status400BadRequest, "BadRequest", $"{ex.Field}: {ex.Message}");
        }
        catch (DeviceNotFoundException ex)
        {
            await ApiAuth.GraphError.WriteAsync(http, StatusCodes.Status404NotFound, "ResourceNotFound", ex.Message);
        }
        catch (Core.Decommissioning.DecommissionRefusedException ex)
        {
            await ApiAuth.GraphError.WriteAsync(http, StatusCodes.Status400BadRequest, "BadRequest", ex.Message);
        }
        catch (WriteConflictException ex)
        {
            await ApiAuth.GraphError.WriteAsync(http, StatusCodes.Status409Conflict, "Conflict", ex.Message);
        }
        catch (Core.Profiles.ProfileValidationException ex)
        {
            await ApiAuth.GraphError.WriteAsync(http, StatusCodes.Status400BadRequest, "BadRequest", string.Join(" ", ex.Errors.Select(e => $"{e.Field}: {e.Message}")));
        }
        catch (Core.Profiles.ProfileException ex) when (ex.Error?.Code == 809)
        {
            await ApiAuth.GraphError.WriteAsync(http, StatusCodes.Status404NotFound, "ResourceNotFound", ex.Message);
        }
        catch (Core.Profiles.ProfileException ex)
        {
            await ApiAuth.GraphError.WriteAsync(http, StatusCodes.Status400BadRequest, "BadRequest", ex.Message);
        }
        catch (Core.Groups.GroupException ex)
        {
            await ApiAuth.GraphError.WriteAsync(http, StatusCodes.Status400BadRequest, "BadRequest", $"{char.ToLowerInvariant(ex.Field[0])}{ex.Field[1..]}: {ex.Message}");
        }
        catch (ImportedDeviceException ex)
        {
            await ApiAuth.GraphError.WriteAsync(http, StatusCodes.Status400BadRequest, "BadRequest", ex.Message);
        }
        catch (AccessDeniedException ex)
        {
            await ApiAuth.GraphError.WriteAsync(http, StatusCodes.Status403Forbidden, "Authorization_RequestDenied", ex.Message);
        }

        return Results.Empty;
    }

    public static PortalCaller Caller(HttpContext http) => PortalCaller.FromPrincipal(http.User, http.Connection.RemoteIpAddress?.ToString());

    /// <summary>The service root the client called: its scheme and host, and the version it named (beta when none).</summary>
    public static string ServiceRoot(HttpContext http)
    {
        var path = http.Request.Path.Value ?? string.Empty;
        var version = path.StartsWith("/v1.0/", StringComparison.OrdinalIgnoreCase) ? "v1.0" : "beta";
        return $"{http.Request.Scheme}://{http.Request.Host}/{version}";
    }
}
