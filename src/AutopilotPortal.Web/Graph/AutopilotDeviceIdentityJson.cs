using System.Globalization;
using System.Text.Json;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Profiles;

namespace AutopilotPortal.Web.Graph;

/// <summary>
/// Writes an Autopilot device as Graph's <c>windowsAutopilotDeviceIdentity</c> (beta): Graph's property
/// names, enums spelled as Graph spells them, ISO 8601 UTC times with <c>0001-01-01T00:00:00Z</c> for never.
/// </summary>
internal static class AutopilotDeviceIdentityJson
{
    public const string ODataType = "#microsoft.graph.windowsAutopilotDeviceIdentity";

    /// <summary>The string properties, in the order Graph returns them.</summary>
    public static readonly string[] StringProperties =
    [
        "deploymentProfileAssignmentStatus", "deploymentProfileAssignmentDetailedStatus", "orderIdentifier", "groupTag",
        "purchaseOrderIdentifier", "serialNumber", "productKey", "manufacturer", "model", "enrollmentState", "addressableUserName",
        "userPrincipalName", "resourceName", "skuNumber", "systemFamily", "azureActiveDirectoryDeviceId", "azureAdDeviceId",
        "managedDeviceId", "displayName", "deviceAccountUpn", "deviceAccountPassword", "deviceFriendlyName", "remediationState",
        "userlessEnrollmentStatus",
    ];

    /// <summary>The time properties.</summary>
    public static readonly string[] DateProperties = ["deploymentProfileAssignedDateTime", "lastContactedDateTime", "remediationStateLastModifiedDateTime"];

    private static readonly DateTime Never = DateTime.MinValue;

    /// <summary>
    /// Writes the device as one JSON object, only the <paramref name="select"/>ed properties when given (id
    /// always), and the profiles <paramref name="expand"/> names from <paramref name="profiles"/>.
    /// </summary>
    public static void Write(Utf8JsonWriter json, AutopilotDevice d, IReadOnlySet<string>? select,
        IReadOnlySet<string>? expand = null, IReadOnlyDictionary<Guid, DeploymentProfile>? profiles = null)
    {
        json.WriteStartObject();
        json.WriteString("@odata.type", ODataType);
        json.WriteString("id", d.Id.ToString());
        void Text(string name, string? value)
        {
            if (select is null || select.Contains(name))
            {
                json.WriteString(name, value);
            }
        }

        void Time(string name, DateTime? value)
        {
            if (select is null || select.Contains(name))
            {
                json.WriteString(name, Iso(value ?? Never));
            }
        }

        Text("deploymentProfileAssignmentStatus", ProfileStatus(d.ProfileStatus));
        Text("deploymentProfileAssignmentDetailedStatus", d.ProfileStatus == ProfileAssignmentStatus.Failed ? "unknown" : "none");
        Time("deploymentProfileAssignedDateTime", d.ProfileAssignedDateTime);
        Text("orderIdentifier", d.GroupTag ?? string.Empty);
        Text("groupTag", d.GroupTag ?? string.Empty);
        Text("purchaseOrderIdentifier", d.PurchaseOrderIdentifier ?? string.Empty);
        Text("serialNumber", d.SerialNumber);
        Text("productKey", d.ProductKey ?? string.Empty);
        Text("manufacturer", d.Manufacturer);
        Text("model", d.Model ?? string.Empty);
        Text("enrollmentState", Camel(d.EnrollmentState.ToString()));
        Time("lastContactedDateTime", d.LastContactedDateTime);
        Text("addressableUserName", d.AddressableUserName ?? string.Empty);
        Text("userPrincipalName", d.UserPrincipalName ?? string.Empty);
        Text("resourceName", string.Empty);
        Text("skuNumber", d.SkuNumber ?? string.Empty);
        Text("systemFamily", d.SystemFamily ?? string.Empty);
        Text("azureActiveDirectoryDeviceId", d.AzureActiveDirectoryDeviceId?.ToString() ?? Guid.Empty.ToString());
        Text("azureAdDeviceId", d.AzureActiveDirectoryDeviceId?.ToString() ?? Guid.Empty.ToString());
        Text("managedDeviceId", d.ManagedDeviceId?.ToString() ?? Guid.Empty.ToString());
        Text("displayName", d.DisplayName ?? string.Empty);
        Text("deviceAccountUpn", string.Empty);
        Text("deviceAccountPassword", string.Empty);
        Text("deviceFriendlyName", string.Empty);
        Text("remediationState", "unknown");
        Time("remediationStateLastModifiedDateTime", null);
        Text("userlessEnrollmentStatus", Camel(d.UserlessEnrollmentStatus.ToString()));
        void Profile(string name, Guid? id)
        {
            if (expand?.Contains(name) != true)
            {
                return;
            }

            json.WritePropertyName(name);
            if (id is { } profileId && profiles?.GetValueOrDefault(profileId) is { } profile)
            {
                DeploymentProfileEndpoints.WriteProfile(json, profile);
            }
            else
            {
                json.WriteNullValue();
            }
        }

        Profile("deploymentProfile", d.AssignedProfileId);
        Profile("intendedDeploymentProfile", d.DeploymentProfileId);
        json.WriteEndObject();
    }

    /// <summary>A UTC time as Graph writes it.</summary>
    public static string Iso(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static string ProfileStatus(ProfileAssignmentStatus status) => status switch
    {
        ProfileAssignmentStatus.NotAssigned => "notAssigned",
        ProfileAssignmentStatus.Pending => "pending",
        ProfileAssignmentStatus.AssignedInSync => "assignedInSync",
        ProfileAssignmentStatus.AssignedOutOfSync => "assignedOutOfSync",
        ProfileAssignmentStatus.Failed => "failed",
        _ => "unknown",
    };

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
