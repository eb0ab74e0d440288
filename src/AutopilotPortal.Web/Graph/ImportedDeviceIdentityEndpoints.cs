using System.Text.Json;
using AutopilotPortal.Core.Import;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AutopilotPortal.Web.Graph;

/// <summary>
/// <c>deviceManagement/importedWindowsAutopilotDeviceIdentities</c>: hardware hashes uploaded by scripts
/// (<c>Get-WindowsAutopilotInfo -Online</c>, the WindowsAutopilotIntune module). A create or an
/// <c>import</c> action registers the devices through the same path as a CSV import before it answers, so
/// the records it returns, and every later read, already say <c>complete</c> (with
/// <c>deviceRegistrationId</c>) or <c>error</c> (with <c>deviceErrorCode</c> and <c>deviceErrorName</c>).
/// The state a client sends is ignored.
/// </summary>
internal static class ImportedDeviceIdentityEndpoints
{
    private const string Path = "/deviceManagement/importedWindowsAutopilotDeviceIdentities";

    public static void MapImportedDeviceIdentities(this RouteGroupBuilder graph)
    {
        graph.MapPost(Path, CreateAsync);
        graph.MapPost(Path + "/import", ImportAsync);
        graph.MapGet(Path, ListAsync);
        graph.MapGet(Path + "/{id}", GetAsync);
        graph.MapDelete(Path + "/{id}", DeleteAsync);
    }

    private static async Task CreateAsync(HttpContext http, DeviceIdentityImportService imports, CancellationToken cancellationToken)
    {
        using var body = await GraphResponse.ReadObjectAsync(http, cancellationToken);
        var record = (await imports.ImportAsync(GraphEndpoints.Caller(http), [Request(body.RootElement)], cancellationToken))[0];
        http.Response.StatusCode = StatusCodes.Status201Created;
        http.Response.Headers.Location = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.Path}/{record.Id}";
        await GraphResponse.WriteAsync(http, json =>
        {
            json.WriteStartObject();
            json.WriteString("@odata.context", $"{GraphEndpoints.ServiceRoot(http)}/$metadata#deviceManagement/importedWindowsAutopilotDeviceIdentities/$entity");
            WriteProperties(json, record);
            json.WriteEndObject();
        }, cancellationToken);
    }

    private static async Task ImportAsync(HttpContext http, DeviceIdentityImportService imports, CancellationToken cancellationToken)
    {
        using var body = await GraphResponse.ReadObjectAsync(http, cancellationToken);
        if (GraphResponse.Property(body.RootElement, "importedWindowsAutopilotDeviceIdentities") is not { ValueKind: JsonValueKind.Array } list)
        {
            throw new GraphRequestException(400, "BadRequest", "The import action takes { \"importedWindowsAutopilotDeviceIdentities\": [ … ] }.");
        }

        var records = await imports.ImportAsync(GraphEndpoints.Caller(http), list.EnumerateArray().Select(Request).ToList(), cancellationToken);
        await WriteListAsync(http, records, nextLink: null, cancellationToken);
    }

    private static async Task ListAsync(HttpContext http, DeviceIdentityImportService imports, CancellationToken cancellationToken)
    {
        var (top, after) = GraphResponse.IdPage(http.Request.Query);
        var (items, more) = await imports.ListAsync(GraphEndpoints.Caller(http), after, top, cancellationToken);
        await WriteListAsync(http, items, more ? GraphResponse.NextLink(http, items[^1].Id.ToString("N")) : null, cancellationToken);
    }

    private static async Task GetAsync(HttpContext http, string id, DeviceIdentityImportService imports, CancellationToken cancellationToken)
    {
        var record = Guid.TryParse(id, out var recordId) ? await imports.GetAsync(GraphEndpoints.Caller(http), recordId, cancellationToken) : null;
        if (record is null)
        {
            throw new GraphRequestException(404, "ResourceNotFound", $"No importedWindowsAutopilotDeviceIdentity has the id '{id}'.");
        }

        await GraphResponse.WriteAsync(http, json =>
        {
            json.WriteStartObject();
            json.WriteString("@odata.context", $"{GraphEndpoints.ServiceRoot(http)}/$metadata#deviceManagement/importedWindowsAutopilotDeviceIdentities/$entity");
            WriteProperties(json, record);
            json.WriteEndObject();
        }, cancellationToken);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string id, DeviceIdentityImportService imports, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var recordId) || !await imports.DeleteAsync(GraphEndpoints.Caller(http), recordId, cancellationToken))
        {
            throw new GraphRequestException(404, "ResourceNotFound", $"No importedWindowsAutopilotDeviceIdentity has the id '{id}'.");
        }

        return Results.NoContent();
    }

    private static ImportedDeviceRequest Request(JsonElement item) => item.ValueKind == JsonValueKind.Object
        ? new(Text(item, "serialNumber"), Text(item, "productKey"), Text(item, "hardwareIdentifier"), Text(item, "groupTag") ?? Text(item, "orderIdentifier"),
            Text(item, "assignedUserPrincipalName"))
        : throw new GraphRequestException(400, "BadRequest", "Each imported device must be a JSON object.");

    private static string? Text(JsonElement item, string name) =>
        GraphResponse.Property(item, name) is { } value ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Null => null,
            _ => throw new GraphRequestException(400, "BadRequest", $"{name} must be a string."),
        } : null;

    private static Task WriteListAsync(HttpContext http, IReadOnlyList<ImportedDeviceIdentity> records, string? nextLink, CancellationToken cancellationToken) =>
        GraphResponse.WriteListAsync(http, "deviceManagement/importedWindowsAutopilotDeviceIdentities", records, nextLink, (json, record) =>
        {
            json.WriteStartObject();
            WriteProperties(json, record);
            json.WriteEndObject();
        }, cancellationToken);

    private static void WriteProperties(Utf8JsonWriter json, ImportedDeviceIdentity r)
    {
        json.WriteString("@odata.type", "#microsoft.graph.importedWindowsAutopilotDeviceIdentity");
        json.WriteString("id", r.Id.ToString());
        json.WriteString("orderIdentifier", r.GroupTag ?? string.Empty);
        json.WriteString("groupTag", r.GroupTag ?? string.Empty);
        json.WriteString("serialNumber", r.SerialNumber ?? string.Empty);
        json.WriteString("productKey", r.ProductKey ?? string.Empty);
        json.WriteString("importId", r.ImportId.ToString());
        json.WriteString("hardwareIdentifier", r.HardwareIdentifier);
        json.WriteString("assignedUserPrincipalName", r.AssignedUserPrincipalName ?? string.Empty);
        json.WriteStartObject("state");
        json.WriteString("deviceImportStatus", r.Status.ToString().ToLowerInvariant());
        json.WriteString("deviceRegistrationId", r.DeviceRegistrationId?.ToString() ?? string.Empty);
        json.WriteNumber("deviceErrorCode", r.ErrorCode);
        json.WriteString("deviceErrorName", r.ErrorName);
        json.WriteEndObject();
    }
}
