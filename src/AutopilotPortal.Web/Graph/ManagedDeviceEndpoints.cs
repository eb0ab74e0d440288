using System.Text.Json;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Profiles;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.OData;
using Microsoft.OData.UriParser;

namespace AutopilotPortal.Web.Graph;

/// <summary>
/// <c>deviceManagement/managedDevices</c>: Intune's records of enrolled devices, which a decommission
/// script finds by serial (<c>$filter=serialNumber eq '…'</c>, the (TenantId, SerialNumber) index) and
/// deletes first. Every device the portal models runs Windows, so <c>operatingSystem eq 'Windows'</c>
/// matches them all and another operating system matches none.
/// </summary>
internal static class ManagedDeviceEndpoints
{
    private const string Path = "/deviceManagement/managedDevices";

    public static void MapManagedDevices(this RouteGroupBuilder graph)
    {
        graph.MapGet(Path, ListAsync);
        graph.MapGet(Path + "/{id}", GetAsync);
        graph.MapDelete(Path + "/{id}", DeleteAsync);
    }

    private static async Task ListAsync(HttpContext http, ManagedDeviceService managed, CancellationToken cancellationToken)
    {
        var (serial, windowsOnly) = Filter(http.Request.Query["$filter"].ToString());
        var (top, after) = GraphResponse.IdPage(http.Request.Query);
        var (items, more) = windowsOnly
            ? await managed.ReadPageAsync(GraphEndpoints.Caller(http), serial, after, top, cancellationToken)
            : ([], false);
        await GraphResponse.WriteListAsync(http, "deviceManagement/managedDevices", items,
            more ? GraphResponse.NextLink(http, items[^1].Id.ToString("N")) : null, Write, cancellationToken);
    }

    private static async Task GetAsync(HttpContext http, string id, ManagedDeviceService managed, CancellationToken cancellationToken)
    {
        var device = Guid.TryParse(id, out var deviceId) ? await managed.GetAsync(GraphEndpoints.Caller(http), deviceId, cancellationToken) : null;
        if (device is null)
        {
            throw NotFound(id);
        }

        await GraphResponse.WriteAsync(http, json => Write(json, device), cancellationToken);
    }

    private static async Task<IResult> DeleteAsync(HttpContext http, string id, ManagedDeviceService managed, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var deviceId) && await managed.DeleteAsync(GraphEndpoints.Caller(http), deviceId, cancellationToken)
            ? Results.NoContent()
            : throw NotFound(id);

    private static GraphRequestException NotFound(string id) => new(404, "ResourceNotFound", $"No managedDevice has the id '{id}'.");

    /// <summary>The serial to equal (or null) and whether the filter can match the portal's Windows devices at all.</summary>
    private static (string? Serial, bool WindowsOnly) Filter(string filter)
    {
        if (GraphQuery.ParseFilter(GraphModel.ManagedDevice, GraphModel.ManagedDevices, filter) is not { } expression)
        {
            return (null, true);
        }

        string? serial = null;
        var windows = true;
        void Read(QueryNode node)
        {
            switch (GraphQuery.Unwrap(node))
            {
                case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.And } and:
                    Read(and.Left);
                    Read(and.Right);
                    break;
                case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Equal } equal
                    when GraphQuery.Unwrap(equal.Left) is SingleValuePropertyAccessNode property
                    && GraphQuery.Unwrap(equal.Right) is ConstantNode { Value: string value }:
                    if (property.Property.Name == "serialNumber")
                    {
                        serial = value;
                    }
                    else if (property.Property.Name == "operatingSystem")
                    {
                        windows &= string.Equals(value, "Windows", StringComparison.OrdinalIgnoreCase);
                    }
                    else
                    {
                        throw Unsupported();
                    }

                    break;
                default:
                    throw Unsupported();
            }
        }

        Read(expression);
        return (serial, windows);
    }

    private static GraphRequestException Unsupported() =>
        new(400, "BadRequest", "Managed devices are filtered by serialNumber eq and operatingSystem eq, combined with 'and'; no index serves another filter.");

    private static void Write(Utf8JsonWriter json, ManagedDevice d)
    {
        json.WriteStartObject();
        json.WriteString("@odata.type", "#microsoft.graph.managedDevice");
        json.WriteString("id", d.Id.ToString());
        json.WriteString("deviceName", d.DeviceName);
        json.WriteString("serialNumber", d.SerialNumber);
        json.WriteString("operatingSystem", "Windows");
        json.WriteString("userPrincipalName", d.UserPrincipalName ?? string.Empty);
        json.WriteString("azureADDeviceId", d.AzureActiveDirectoryDeviceId?.ToString() ?? Guid.Empty.ToString());
        json.WriteString("enrolledDateTime", AutopilotDeviceIdentityJson.Iso(d.EnrolledDateTime));
        json.WriteString("manufacturer", d.Manufacturer ?? string.Empty);
        json.WriteString("model", d.Model ?? string.Empty);
        json.WriteString("managedDeviceOwnerType", d.OwnerType);
        json.WriteString("deviceEnrollmentType", d.EnrollmentType ?? "unknown");
        json.WriteString("enrollmentProfileName", d.EnrollmentProfileName ?? string.Empty);
        json.WriteBoolean("autopilotEnrolled", d.AutopilotDeviceId is not null);
        json.WriteString("joinType", d.JoinType switch
        {
            ProfileJoinType.EntraJoined => "azureADJoined",
            ProfileJoinType.HybridJoined => "hybridAzureADJoined",
            _ => "unknown",
        });
        json.WriteEndObject();
    }
}
