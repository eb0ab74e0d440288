using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OData.Edm;
using Microsoft.OpenApi;

namespace AutopilotPortal.Web.Graph;

/// <summary>
/// The OpenAPI document of the Graph-shaped API at <c>/openapi/v1.json</c>: the <c>/beta</c> operations
/// only (the root and <c>/v1.0</c> serve the same ones). The endpoints write their JSON by hand, so each
/// operation's id, summary, query options, body and answer are declared in <see cref="Operations"/>, and
/// the entity schemas are built from <see cref="GraphModel"/>'s EDM types plus the properties the writers
/// add beyond them.
/// </summary>
internal static class GraphOpenApi
{
    public const string DocumentName = "v1";

    public const string DocumentPath = "/openapi/{documentName}.json";

    public const string ErrorSchema = "microsoft.graph.ODataErrors.ODataError";

    /// <summary>The statuses every operation may answer with a Graph error body.</summary>
    public static readonly string[] ErrorStatuses = ["400", "401", "403", "404", "409", "429"];

    private const string BetaPrefix = "beta/";

    private const string Identities = "deviceManagement/windowsAutopilotDeviceIdentities";
    private const string Imported = "deviceManagement/importedWindowsAutopilotDeviceIdentities";
    private const string Profiles = "deviceManagement/windowsAutopilotDeploymentProfiles";
    private const string Managed = "deviceManagement/managedDevices";

    private static readonly string[] IdentityList = ["$filter", "$select", "$top", "$count", "$expand", "$skiptoken"];
    private static readonly string[] IdentityOne = ["$select", "$expand"];
    private static readonly string[] IdPaged = ["$filter", "$top", "$skiptoken"];
    private static readonly string[] Paged = ["$top", "$skiptoken"];

    /// <summary>One operation's document entry; <paramref name="Response"/> names a schema, a collection when <paramref name="Collection"/>.</summary>
    public sealed record Operation(string Id, string Summary, string Tag, string[] Query, string? Request, int Status, string? Response, bool Collection = false);

    /// <summary>Each <c>/beta</c> operation, keyed by method and path below <c>/beta/</c>.</summary>
    public static readonly IReadOnlyDictionary<string, Operation> Operations = new Dictionary<string, Operation>(StringComparer.OrdinalIgnoreCase)
    {
        [$"GET {Identities}"] = new("windowsAutopilotDeviceIdentities.list", "List Autopilot devices in keyset pages", "windowsAutopilotDeviceIdentities", IdentityList, null, 200, "windowsAutopilotDeviceIdentity", Collection: true),
        [$"GET {Identities}/{{id}}"] = new("windowsAutopilotDeviceIdentities.get", "Get one Autopilot device", "windowsAutopilotDeviceIdentities", IdentityOne, null, 200, "windowsAutopilotDeviceIdentity"),
        [$"DELETE {Identities}/{{id}}"] = new("windowsAutopilotDeviceIdentities.delete", "Delete an Autopilot device's registration", "windowsAutopilotDeviceIdentities", [], null, 204, null),
        [$"POST {Identities}/{{id}}/updateDeviceProperties"] = new("windowsAutopilotDeviceIdentities.updateDeviceProperties", "Set groupTag, displayName, userPrincipalName or addressableUserName in one transaction", "windowsAutopilotDeviceIdentities", [], "updateDevicePropertiesRequest", 204, null),
        [$"POST {Identities}/{{id}}/assignUserToDevice"] = new("windowsAutopilotDeviceIdentities.assignUserToDevice", "Assign a user to a device", "windowsAutopilotDeviceIdentities", [], "assignUserToDeviceRequest", 204, null),
        [$"POST {Identities}/{{id}}/unassignUserFromDevice"] = new("windowsAutopilotDeviceIdentities.unassignUserFromDevice", "Clear a device's assigned user", "windowsAutopilotDeviceIdentities", [], null, 204, null),
        [$"POST {Identities}/{{id}}/allowNextEnrollment"] = new("windowsAutopilotDeviceIdentities.allowNextEnrollment", "Let a pre-provisioned device's next enrollment proceed", "windowsAutopilotDeviceIdentities", [], null, 204, null),
        ["GET deviceManagement/windowsAutopilotSettings"] = new("windowsAutopilotSettings.get", "Get the last sync and its status", "windowsAutopilotSettings", [], null, 200, "windowsAutopilotSettings"),
        ["POST deviceManagement/windowsAutopilotSettings/sync"] = new("windowsAutopilotSettings.sync", "Start a sync (409 while one runs, 429 within the manual-sync interval)", "windowsAutopilotSettings", [], null, 204, null),
        [$"POST {Imported}"] = new("importedWindowsAutopilotDeviceIdentities.create", "Upload one hardware hash and register it", "importedWindowsAutopilotDeviceIdentities", [], "importedWindowsAutopilotDeviceIdentity", 201, "importedWindowsAutopilotDeviceIdentity"),
        [$"POST {Imported}/import"] = new("importedWindowsAutopilotDeviceIdentities.import", "Upload hardware hashes and register them", "importedWindowsAutopilotDeviceIdentities", [], "importRequest", 200, "importedWindowsAutopilotDeviceIdentity", Collection: true),
        [$"GET {Imported}"] = new("importedWindowsAutopilotDeviceIdentities.list", "List uploaded hardware hashes", "importedWindowsAutopilotDeviceIdentities", Paged, null, 200, "importedWindowsAutopilotDeviceIdentity", Collection: true),
        [$"GET {Imported}/{{id}}"] = new("importedWindowsAutopilotDeviceIdentities.get", "Get one uploaded hardware hash", "importedWindowsAutopilotDeviceIdentities", [], null, 200, "importedWindowsAutopilotDeviceIdentity"),
        [$"DELETE {Imported}/{{id}}"] = new("importedWindowsAutopilotDeviceIdentities.delete", "Delete an uploaded hardware hash", "importedWindowsAutopilotDeviceIdentities", [], null, 204, null),
        [$"GET {Profiles}"] = new("windowsAutopilotDeploymentProfiles.list", "List deployment profiles", "windowsAutopilotDeploymentProfiles", [], null, 200, "windowsAutopilotDeploymentProfile", Collection: true),
        [$"GET {Profiles}/{{id}}"] = new("windowsAutopilotDeploymentProfiles.get", "Get one deployment profile", "windowsAutopilotDeploymentProfiles", [], null, 200, "windowsAutopilotDeploymentProfile"),
        [$"GET {Profiles}/{{id}}/assignments"] = new("windowsAutopilotDeploymentProfiles.assignments.list", "List a profile's group assignments", "windowsAutopilotDeploymentProfiles", [], null, 200, "windowsAutopilotDeploymentProfileAssignment", Collection: true),
        [$"GET {Profiles}/{{id}}/assignedDevices"] = new("windowsAutopilotDeploymentProfiles.assignedDevices.list", "List the devices a profile is intended for", "windowsAutopilotDeploymentProfiles", IdentityList, null, 200, "windowsAutopilotDeviceIdentity", Collection: true),
        [$"POST {Profiles}"] = new("windowsAutopilotDeploymentProfiles.create", "Create a deployment profile", "windowsAutopilotDeploymentProfiles", [], "windowsAutopilotDeploymentProfile", 201, "windowsAutopilotDeploymentProfile"),
        [$"PATCH {Profiles}/{{id}}"] = new("windowsAutopilotDeploymentProfiles.update", "Change the properties the body names", "windowsAutopilotDeploymentProfiles", [], "windowsAutopilotDeploymentProfile", 204, null),
        [$"DELETE {Profiles}/{{id}}"] = new("windowsAutopilotDeploymentProfiles.delete", "Delete a profile assigned to no group", "windowsAutopilotDeploymentProfiles", [], null, 204, null),
        [$"POST {Profiles}/{{id}}/assignments"] = new("windowsAutopilotDeploymentProfiles.assignments.create", "Assign a profile to a group (or exclude one)", "windowsAutopilotDeploymentProfiles", [], "windowsAutopilotDeploymentProfileAssignment", 201, "windowsAutopilotDeploymentProfileAssignment"),
        [$"DELETE {Profiles}/{{id}}/assignments/{{assignmentId}}"] = new("windowsAutopilotDeploymentProfiles.assignments.delete", "Remove a profile's group assignment", "windowsAutopilotDeploymentProfiles", [], null, 204, null),
        [$"GET {Managed}"] = new("managedDevices.list", "List Intune managed devices", "managedDevices", IdPaged, null, 200, "managedDevice", Collection: true),
        [$"GET {Managed}/{{id}}"] = new("managedDevices.get", "Get one Intune managed device", "managedDevices", [], null, 200, "managedDevice"),
        [$"DELETE {Managed}/{{id}}"] = new("managedDevices.delete", "Delete an Intune managed device", "managedDevices", [], null, 204, null),
        ["GET devices"] = new("devices.list", "List Entra directory devices ($search needs the header ConsistencyLevel: eventual)", "devices", ["$filter", "$search", "$top", "$skiptoken"], null, 200, "device", Collection: true),
        ["GET devices/{id}"] = new("devices.get", "Get one Entra directory device", "devices", [], null, 200, "device"),
        ["DELETE devices/{id}"] = new("devices.delete", "Delete an Entra directory device", "devices", [], null, 204, null),
        ["GET groups"] = new("groups.list", "List security groups of devices", "groups", IdPaged, null, 200, "group", Collection: true),
        ["GET groups/{id}"] = new("groups.get", "Get one group", "groups", [], null, 200, "group"),
        ["POST groups"] = new("groups.create", "Create an assigned or dynamic security group", "groups", [], "group", 201, "group"),
        ["POST groups/{id}/members/$ref"] = new("groups.members.add", "Add a device to an assigned group", "groups", [], "directoryObjectReference", 204, null),
        ["DELETE groups/{id}/members/{memberId}/$ref"] = new("groups.members.remove", "Remove a device from an assigned group", "groups", [], null, 204, null),
        ["PATCH groups/{id}"] = new("groups.update", "Change a dynamic group's membershipRule", "groups", [], "group", 204, null),
        ["DELETE groups/{id}"] = new("groups.delete", "Delete a group no profile is assigned to", "groups", [], null, 204, null),
    };

    private static readonly Dictionary<string, string> QueryDescriptions = new(StringComparer.Ordinal)
    {
        ["$filter"] = "An OData filter over the properties the list supports; any other is a 400 that names it.",
        ["$search"] = "\"deviceId:{id}\" or \"displayName:{start of the name}\"; needs the header ConsistencyLevel: eventual.",
        ["$select"] = "The properties to return (id always).",
        ["$top"] = $"The page size, 1 to {GraphQuery.MaxTop} ({GraphQuery.MaxTop} when absent).",
        ["$count"] = "true adds @odata.count, the number of items the filter matches.",
        ["$expand"] = "deploymentProfile, intendedDeploymentProfile or both.",
        ["$skiptoken"] = "The page to read, as @odata.nextLink gives it.",
    };

    /// <summary>Registers the document: <c>/beta</c> paths only, with the Graph declarations.</summary>
    public static IServiceCollection AddGraphOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith(BetaPrefix, StringComparison.OrdinalIgnoreCase) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                Describe(document);
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                var path = context.Description.RelativePath![BetaPrefix.Length..];
                if (Operations.TryGetValue($"{context.Description.HttpMethod} {path}", out var entry))
                {
                    Declare(operation, entry, context.Document);
                }

                return Task.CompletedTask;
            });
        });

    /// <summary>Serves the document, without authentication.</summary>
    public static IEndpointConventionBuilder MapGraphOpenApi(this IEndpointRouteBuilder app) =>
        app.MapOpenApi(DocumentPath).AllowAnonymous();

    private static void Declare(OpenApiOperation operation, Operation entry, OpenApiDocument? document)
    {
        operation.OperationId = entry.Id;
        operation.Summary = entry.Summary;
        operation.Tags = new HashSet<OpenApiTagReference> { new(entry.Tag, document) };
        foreach (var name in entry.Query)
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Query,
                Description = QueryDescriptions[name],
                Schema = name switch
                {
                    "$top" => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = GraphQuery.MaxTop.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                    "$count" => new OpenApiSchema { Type = JsonSchemaType.Boolean },
                    _ => new OpenApiSchema { Type = JsonSchemaType.String },
                },
            });
        }

        if (entry.Request is { } request)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = new OpenApiSchemaReference(request, document) },
                },
            };
        }

        var success = entry.Status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        operation.Responses = new OpenApiResponses
        {
            [success] = entry.Response is { } response
                ? new OpenApiResponse
                {
                    Description = entry.Status == 201 ? "Created" : "OK",
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/json"] = new() { Schema = new OpenApiSchemaReference(entry.Collection ? response + "CollectionResponse" : response, document) },
                    },
                }
                : new OpenApiResponse { Description = "No Content" },
        };
        foreach (var status in ErrorStatuses)
        {
            operation.Responses[status] = new OpenApiResponseReference(ErrorResponseName(status), document);
        }
    }

    private static string ErrorResponseName(string status) => $"error{status}";

    private static void Describe(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = "AutopilotPortal Graph-shaped API",
            Version = "beta",
            Description = "The Microsoft-Graph-shaped API of the Windows Autopilot portal. Only the /beta paths are listed: "
                + "the same operations are served at /v1.0 and, for deviceManagement/…, at the root. Call it with a bearer token "
                + "from the client-credentials token endpoint POST /{tenantId}/oauth2/v2.0/token.",
        };
        document.Components ??= new OpenApiComponents();
        var schemas = document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
        foreach (var (name, schema) in Schemas(document))
        {
            schemas[name] = schema;
        }

        foreach (var entity in Operations.Values.Where(o => o.Collection).Select(o => o.Response!).Distinct(StringComparer.Ordinal))
        {
            schemas[entity + "CollectionResponse"] = Collection(entity, document);
        }

        document.Components.Responses ??= new Dictionary<string, IOpenApiResponse>(StringComparer.Ordinal);
        foreach (var status in ErrorStatuses)
        {
            document.Components.Responses[ErrorResponseName(status)] = new OpenApiResponse
            {
                Description = $"A Graph error ({status}): error.code, error.message and error.innerError.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = new OpenApiSchemaReference(ErrorSchema, document) },
                },
            };
        }

        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "An API client's access token from POST /{tenantId}/oauth2/v2.0/token with grant_type=client_credentials, "
                + "client_id, client_secret and scope=https://graph.microsoft.com/.default.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
    }

    private static Dictionary<string, IOpenApiSchema> Schemas(OpenApiDocument document)
    {
        var text = Text();
        var time = new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" };
        var flag = new OpenApiSchema { Type = JsonSchemaType.Boolean };
        var texts = new OpenApiSchema { Type = JsonSchemaType.Array, Items = Text() };
        var target = Object(new()
        {
            ["@odata.type"] = Text("#microsoft.graph.groupAssignmentTarget or #microsoft.graph.exclusionGroupAssignmentTarget"),
            ["groupId"] = text,
        });
        return new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["windowsAutopilotDeviceIdentity"] = Entity(GraphModel.AutopilotDeviceIdentity, document, new()),
            ["windowsAutopilotDeploymentProfile"] = Entity(Type("windowsAutopilotDeploymentProfile"), document, new()
            {
                ["description"] = text,
                ["language"] = text,
                ["createdDateTime"] = time,
                ["lastModifiedDateTime"] = time,
                ["deviceNameTemplate"] = text,
                ["deviceType"] = text,
                ["enableWhiteGlove"] = flag,
                ["preprovisioningAllowed"] = flag,
                ["extractHardwareHash"] = flag,
                ["hardwareHashExtractionEnabled"] = flag,
                ["roleScopeTagIds"] = texts,
                ["outOfBoxExperienceSettings"] = Object(new()
                {
                    ["hidePrivacySettings"] = flag,
                    ["hideEULA"] = flag,
                    ["userType"] = Text("administrator or standard"),
                    ["deviceUsageType"] = Text("singleUser or shared"),
                    ["skipKeyboardSelectionPage"] = flag,
                    ["hideEscapeLink"] = flag,
                }),
                ["hybridAzureADJoinSkipConnectivityCheck"] = flag,
            }),
            ["managedDevice"] = Entity(GraphModel.ManagedDevice, document, new()
            {
                ["enrolledDateTime"] = time,
                ["managedDeviceOwnerType"] = text,
                ["deviceEnrollmentType"] = text,
                ["enrollmentProfileName"] = text,
                ["autopilotEnrolled"] = flag,
                ["joinType"] = Text("azureADJoined, hybridAzureADJoined or unknown"),
            }),
            ["device"] = Entity(GraphModel.Device, document, new()
            {
                ["accountEnabled"] = flag,
                ["enrollmentProfileName"] = text,
                ["createdDateTime"] = time,
            }),
            ["group"] = Entity(GraphModel.Group, document, new()
            {
                ["createdDateTime"] = time,
            }),
            ["importedWindowsAutopilotDeviceIdentity"] = Object(new()
            {
                ["@odata.context"] = Text("On a single entity's answer, not on each item of a collection."),
                ["@odata.type"] = text,
                ["id"] = text,
                ["orderIdentifier"] = text,
                ["groupTag"] = text,
                ["serialNumber"] = text,
                ["productKey"] = text,
                ["importId"] = text,
                ["hardwareIdentifier"] = Text("The hardware hash, base64."),
                ["assignedUserPrincipalName"] = text,
                ["state"] = Object(new()
                {
                    ["deviceImportStatus"] = Text("complete or error"),
                    ["deviceRegistrationId"] = text,
                    ["deviceErrorCode"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
                    ["deviceErrorName"] = text,
                }),
            }),
            ["importRequest"] = Object(new()
            {
                ["importedWindowsAutopilotDeviceIdentities"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Items = new OpenApiSchemaReference("importedWindowsAutopilotDeviceIdentity", document),
                },
            }),
            ["windowsAutopilotSettings"] = Object(new()
            {
                ["@odata.context"] = text,
                ["@odata.type"] = text,
                ["id"] = text,
                ["lastSyncDateTime"] = time,
                ["lastManualSyncTriggerDateTime"] = time,
                ["syncStatus"] = text,
            }),
            ["windowsAutopilotDeploymentProfileAssignment"] = Object(new()
            {
                ["@odata.type"] = text,
                ["id"] = Text("{profileId}_{groupId}_0"),
                ["source"] = text,
                ["sourceId"] = text,
                ["target"] = target,
            }),
            ["updateDevicePropertiesRequest"] = Object(new()
            {
                ["groupTag"] = Nullable(),
                ["displayName"] = Nullable(),
                ["userPrincipalName"] = Nullable(),
                ["addressableUserName"] = Nullable(),
            }),
            ["assignUserToDeviceRequest"] = Object(new() { ["userPrincipalName"] = text }, "userPrincipalName"),
            ["directoryObjectReference"] = Object(new() { ["@odata.id"] = Text("https://graph.microsoft.com/v1.0/directoryObjects/{id} of a device") }, "@odata.id"),
            [ErrorSchema] = Object(new()
            {
                ["error"] = Object(new()
                {
                    ["code"] = text,
                    ["message"] = text,
                    ["innerError"] = Object(new()
                    {
                        ["date"] = text,
                        ["request-id"] = text,
                        ["client-request-id"] = text,
                    }),
                }, "code", "message"),
            }, "error"),
        };
    }

    /// <summary>An entity type's schema: its EDM properties and navigations, <c>@odata.type</c>, and <paramref name="extra"/>.</summary>
    public static OpenApiSchema Entity(IEdmStructuredType type, OpenApiDocument document, Dictionary<string, IOpenApiSchema> extra)
    {
        var properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            ["@odata.context"] = Text("On a single entity's answer, not on each item of a collection."),
            ["@odata.type"] = Text(),
        };
        foreach (var property in type.StructuralProperties())
        {
            properties[property.Name] = Primitive(property.Type);
        }

        foreach (var navigation in type.NavigationProperties())
        {
            var target = (IEdmNamedElement)navigation.ToEntityType();
            properties[navigation.Name] = new OpenApiSchema
            {
                OneOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, new OpenApiSchemaReference(target.Name, document)],
                Description = "Present when $expand names it.",
            };
        }

        foreach (var (name, schema) in extra)
        {
            properties[name] = schema;
        }

        return Object(properties);
    }

    private static IEdmStructuredType Type(string name) =>
        (IEdmStructuredType)GraphModel.Model.FindDeclaredType($"{GraphModel.Namespace}.{name}");

    private static OpenApiSchema Primitive(IEdmTypeReference type)
    {
        if (type.IsCollection())
        {
            return new OpenApiSchema { Type = JsonSchemaType.Array, Items = Primitive(type.AsCollection().ElementType()) };
        }

        var schema = type.PrimitiveKind() switch
        {
            EdmPrimitiveTypeKind.DateTimeOffset => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" },
            EdmPrimitiveTypeKind.Boolean => new OpenApiSchema { Type = JsonSchemaType.Boolean },
            EdmPrimitiveTypeKind.Int32 => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            _ => new OpenApiSchema { Type = JsonSchemaType.String },
        };
        if (type.IsNullable)
        {
            schema.Type |= JsonSchemaType.Null;
        }

        return schema;
    }

    private static OpenApiSchema Collection(string entity, OpenApiDocument document) => Object(new()
    {
        ["@odata.context"] = Text(),
        ["@odata.count"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "Present when $count=true." },
        ["@odata.nextLink"] = Text("The next page's URL; absent on the last page."),
        ["value"] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchemaReference(entity, document) },
    }, "value");

    private static OpenApiSchema Object(Dictionary<string, IOpenApiSchema> properties, params string[] required) => new()
    {
        Type = JsonSchemaType.Object,
        Properties = properties,
        Required = required.Length > 0 ? new HashSet<string>(required, StringComparer.Ordinal) : null,
    };

    private static OpenApiSchema Text(string? description = null) => new() { Type = JsonSchemaType.String, Description = description };

    private static OpenApiSchema Nullable() => new() { Type = JsonSchemaType.String | JsonSchemaType.Null };
}
