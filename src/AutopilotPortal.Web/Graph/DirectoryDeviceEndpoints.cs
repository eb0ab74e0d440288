using System.Text.Json;
using AutopilotPortal.Core.Decommissioning;
using AutopilotPortal.Core.Entra;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.OData;
using Microsoft.OData.UriParser;

namespace AutopilotPortal.Web.Graph;

/// <summary>
/// <c>devices</c>: Entra's device objects, found as scripts find Autopilot's — by <c>deviceId</c>,
/// <c>displayName</c> (eq, startswith), <c>physicalIds/any(p:startswith(p,'[ZTDID]'))</c> and
/// <c>physicalIds/any(p:p eq '[ZTDID]:…')</c>, <c>physicalIds/any(p:p eq '[OrderId]:…')</c>, with <c>operatingSystem eq</c> beside one of those,
/// or <c>$search</c> by deviceId or displayName — and
/// deleted with the consequences the Entra devices page warns of.
/// </summary>
internal static class DirectoryDeviceEndpoints
{
    private const string Path = "/devices";

    public static void MapDirectoryDevices(this RouteGroupBuilder graph)
    {
        graph.MapGet(Path, ListAsync);
        graph.MapGet(Path + "/{id}", GetAsync);
        graph.MapDelete(Path + "/{id}", DeleteAsync);
    }

    private static async Task ListAsync(HttpContext http, DirectoryDeviceService directory, CancellationToken cancellationToken)
    {
        var filter = Filter(http.Request.Query["$filter"].ToString());
        if (http.Request.Query["$search"].ToString() is { Length: > 0 } search)
        {
            filter = Search(http, search, filter);
        }

        var (top, after) = GraphResponse.IdPage(http.Request.Query);
        var (items, more) = await directory.ReadPageAsync(GraphEndpoints.Caller(http), filter, after, top, cancellationToken);
        await GraphResponse.WriteListAsync(http, "devices", items,
            more ? GraphResponse.NextLink(http, items[^1].Id.ToString("N")) : null, Write, cancellationToken);
    }

    private static async Task GetAsync(HttpContext http, string id, DirectoryDeviceService directory, CancellationToken cancellationToken)
    {
        var device = Guid.TryParse(id, out var objectId) ? await directory.GetAsync(GraphEndpoints.Caller(http), objectId, cancellationToken) : null;
        if (device is null)
        {
            throw NotFound(id);
        }

        await GraphResponse.WriteAsync(http, json => Write(json, device), cancellationToken);
    }

    /// <summary>Deletes the object as the Entra devices page does (it leaves its groups; its Autopilot device's profile is resolved again); 204.</summary>
    private static async Task<IResult> DeleteAsync(HttpContext http, string id, DirectoryDeviceService directory, RecordDeletionService deletions, CancellationToken cancellationToken)
    {
        var caller = GraphEndpoints.Caller(http);
        if (!Guid.TryParse(id, out var objectId) || await directory.GetAsync(caller, objectId, cancellationToken) is null)
        {
            throw NotFound(id);
        }

        await deletions.DeleteEntraObjectAsync(caller, objectId, cancellationToken);
        return Results.NoContent();
    }

    private static GraphRequestException NotFound(string id) => new(404, "Request_ResourceNotFound", $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");

    private static DirectoryDeviceFilter Filter(string text) =>
        GraphQuery.ParseFilter(GraphModel.Device, GraphModel.Devices, text) is { } expression ? Read(expression, new DirectoryDeviceFilter()) : new DirectoryDeviceFilter();

    private static DirectoryDeviceFilter Read(QueryNode node, DirectoryDeviceFilter filter)
    {
        switch (GraphQuery.Unwrap(node))
        {
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.And } and:
                return Read(and.Right, Read(and.Left, filter));
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Equal } equal
                when GraphQuery.Unwrap(equal.Left) is SingleValuePropertyAccessNode property && GraphQuery.Unwrap(equal.Right) is ConstantNode { Value: string value }:
                return property.Property.Name switch
                {
                    "deviceId" when Guid.TryParse(value, out var deviceId) => filter with { DeviceId = deviceId },
                    "deviceId" => throw new GraphRequestException(400, "BadRequest", $"deviceId '{value}' is not a GUID."),
                    "displayName" => filter with { DisplayNameEquals = value },
                    "operatingSystem" => filter with { OperatingSystem = value },
                    var other => throw Unsupported($"eq on {other}"),
                };
            case SingleValueFunctionCallNode { Name: "startswith" } call
                when call.Parameters.ToList() is [var target, var argument] && GraphQuery.Unwrap(target) is SingleValuePropertyAccessNode { Property.Name: "displayName" }
                && GraphQuery.Unwrap(argument) is ConstantNode { Value: string prefix }:
                return filter with { DisplayNameStartsWith = prefix };
            case AnyNode any when GraphQuery.Unwrap(any.Body) is var body:
                if (body is SingleValueFunctionCallNode { Name: "startswith" } starts && starts.Parameters.ToList() is [_, var text]
                    && GraphQuery.Unwrap(text) is ConstantNode { Value: string start } && string.Equals(start, "[ZTDID]", StringComparison.OrdinalIgnoreCase))
                {
                    return filter with { HasZtdid = true };
                }

                if (body is BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Equal } eq && GraphQuery.Unwrap(eq.Right) is ConstantNode { Value: string id }
                    && id.StartsWith("[ZTDID]:", StringComparison.OrdinalIgnoreCase) && Guid.TryParse(id["[ZTDID]:".Length..], out var ztdid))
                {
                    return filter with { Ztdid = ztdid };
                }

                if (body is BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Equal } order && GraphQuery.Unwrap(order.Right) is ConstantNode { Value: string entry }
                    && entry.StartsWith(PhysicalIds.OrderIdPrefix, StringComparison.OrdinalIgnoreCase))
                {
                    return filter with { OrderId = entry[PhysicalIds.OrderIdPrefix.Length..] };
                }

                throw Unsupported("this physicalIds/any() test");
            default:
                throw Unsupported("this expression");
        }
    }

    /// <summary>
    /// <c>$search="deviceId:…"</c> (as <c>Get-MgDevice -Search</c> in <c>Get-WindowsAutopilotInfo -AddToGroup</c> sends
    /// it; the unique deviceId index) or <c>$search="displayName:…"</c> (names starting with the term; index
    /// (TenantId, DisplayName)). As in Graph, it needs the header <c>ConsistencyLevel: eventual</c>.
    /// </summary>
    private static DirectoryDeviceFilter Search(HttpContext http, string search, DirectoryDeviceFilter filter)
    {
        if (!string.Equals(http.Request.Headers["ConsistencyLevel"].ToString(), "eventual", StringComparison.OrdinalIgnoreCase))
        {
            throw new GraphRequestException(400, "Request_UnsupportedQuery",
                "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
        }

        var clause = search.Trim().Trim('"');
        var colon = clause.IndexOf(':', StringComparison.Ordinal);
        var (property, term) = colon > 0 ? (clause[..colon].Trim(), clause[(colon + 1)..].Trim()) : (string.Empty, clause);
        if (property.Equals("deviceId", StringComparison.OrdinalIgnoreCase))
        {
            return Guid.TryParse(term, out var deviceId)
                ? filter with { DeviceId = deviceId }
                : throw new GraphRequestException(400, "BadRequest", $"$search: deviceId '{term}' is not a GUID.");
        }

        if (property.Equals("displayName", StringComparison.OrdinalIgnoreCase) && term.Length > 0 && !term.Contains('"', StringComparison.Ordinal))
        {
            return filter with { DisplayNameStartsWith = term };
        }

        throw new GraphRequestException(400, "BadRequest",
            $"$search {search} is not served: devices are searched by one \"deviceId:{{id}}\" or \"displayName:{{start of the name}}\".");
    }

    private static GraphRequestException Unsupported(string what) => new(400, "BadRequest",
        $"The filter uses {what}, which no index serves. Devices are filtered by deviceId eq, displayName (eq, startswith), "
        + "physicalIds/any(p:startswith(p,'[ZTDID]')), physicalIds/any(p:p eq '[ZTDID]:…') and physicalIds/any(p:p eq '[OrderId]:…'), "
        + "and operatingSystem eq beside one of them, combined with 'and'.");

    private static void Write(Utf8JsonWriter json, DirectoryDevice d)
    {
        json.WriteStartObject();
        json.WriteString("@odata.type", "#microsoft.graph.device");
        json.WriteString("id", d.Id.ToString());
        json.WriteString("deviceId", d.DeviceId.ToString());
        json.WriteString("displayName", d.DisplayName);
        json.WriteBoolean("accountEnabled", d.AccountEnabled);
        json.WriteString("operatingSystem", d.OperatingSystem);
        json.WriteString("trustType", d.TrustType.ToString());
        json.WriteString("manufacturer", d.Manufacturer);
        json.WriteString("model", d.Model);
        json.WriteString("enrollmentProfileName", d.EnrollmentProfileName);
        json.WriteString("createdDateTime", AutopilotDeviceIdentityJson.Iso(d.CreatedAt));
        json.WriteStartArray("physicalIds");
        foreach (var physicalId in d.PhysicalIds)
        {
            json.WriteStringValue(physicalId);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
