using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Web.Graph;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace AutopilotPortal.Web.Tests.Graph;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> against the endpoints the app maps and the JSON they write.</summary>
public sealed class GraphOpenApiTests(PortalWebApplicationFactory factory) : IClassFixture<PortalWebApplicationFactory>
{
    private const string DocumentPath = "/openapi/v1.json";

    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    [Fact]
    public async Task TheDocumentIsOpenApi3JsonServedWithoutAToken()
    {
        using var anonymous = factory.CreateClient();

        using var response = await anonymous.GetAsync(DocumentPath);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(text);
        Assert.StartsWith("3.", json.RootElement.GetProperty("openapi").GetString());
        var read = OpenApiDocument.Parse(text, "json");
        Assert.Empty(read.Diagnostic?.Errors ?? []);
        Assert.NotEmpty(read.Document!.Paths);
        Assert.Contains("/v1.0", json.RootElement.GetProperty("info").GetProperty("description").GetString());
        var bearer = json.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal("http", bearer.GetProperty("type").GetString());
        Assert.Equal("bearer", bearer.GetProperty("scheme").GetString());
        Assert.Contains("/{tenantId}/oauth2/v2.0/token", bearer.GetProperty("description").GetString());
    }

    [Fact]
    public async Task EveryBetaOperationTheAppMapsIsDocumentedWithAnIdAndSummary()
    {
        var mapped = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/beta/", StringComparison.Ordinal) == true)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m.ToUpperInvariant()} {e.RoutePattern.RawText}"))
            .Order(StringComparer.Ordinal)
            .ToList();
        var document = await DocumentAsync();

        var operations = Operations(document).ToList();

        Assert.NotEmpty(mapped);
        Assert.Equal(mapped, operations.Select(o => $"{o.Method.ToUpperInvariant()} {o.Path}").Order(StringComparer.Ordinal).ToList());
        foreach (var (method, path, operation) in operations)
        {
            Assert.False(string.IsNullOrWhiteSpace(operation.TryGetProperty("operationId", out var id) ? id.GetString() : null), $"{method} {path} has no operationId");
            Assert.False(string.IsNullOrWhiteSpace(operation.TryGetProperty("summary", out var summary) ? summary.GetString() : null), $"{method} {path} has no summary");
        }

        Assert.Equal(operations.Count, operations.Select(o => o.Operation.GetProperty("operationId").GetString()).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task EveryOperationDeclaresTheGraphErrorBodyThatARefusalWrites()
    {
        using var anonymous = factory.CreateClient();
        using var refused = await anonymous.GetAsync("/beta/deviceManagement/windowsAutopilotDeviceIdentities");
        var written = await refused.Content.ReadFromJsonAsync<JsonElement>();
        var document = await DocumentAsync();
        var components = document.GetProperty("components");

        var error = Schema(document, $"#/components/schemas/{GraphOpenApi.ErrorSchema}");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(Names(written), Names(error.GetProperty("properties")));
        var inner = error.GetProperty("properties").GetProperty("error").GetProperty("properties");
        Assert.Equal(Names(written.GetProperty("error")), Names(inner));
        Assert.Equal(Names(written.GetProperty("error").GetProperty("innerError")), Names(inner.GetProperty("innerError").GetProperty("properties")));
        foreach (var (method, path, operation) in Operations(document))
        {
            foreach (var status in GraphOpenApi.ErrorStatuses)
            {
                Assert.True(operation.GetProperty("responses").TryGetProperty(status, out var response), $"{method} {path} declares no {status}");
                var name = response.GetProperty("$ref").GetString()!["#/components/responses/".Length..];
                var schema = components.GetProperty("responses").GetProperty(name).GetProperty("content").GetProperty("application/json").GetProperty("schema");
                Assert.Equal($"#/components/schemas/{GraphOpenApi.ErrorSchema}", schema.GetProperty("$ref").GetString());
            }
        }
    }

    [Fact]
    public async Task TheDeviceIdentitySchemaHasThePropertiesAGetWrites()
    {
        var hash = HardwareHashBuilder.Synthetic(new Random(4710)).Build();
        var registered = await factory.Services.GetRequiredService<DeviceRegistrationService>().RegisterAsync(AutopilotPortal.Tests.Shared.TestTenant.Id,
            [RegistrationValidator.Prepare(new RegistrationRequest(2, null, null, hash, null))], dryRun: false);
        using var http = await GraphClients.HttpAsync(factory, PortalRole.Reader);
        var path = "/beta/deviceManagement/windowsAutopilotDeviceIdentities";

        var one = await http.GetFromJsonAsync<JsonElement>($"{path}/{registered[0].AutopilotDeviceId}?$expand=deploymentProfile,intendedDeploymentProfile");
        var list = await http.GetFromJsonAsync<JsonElement>($"{path}?$top=1");
        var document = await DocumentAsync();

        var schema = Schema(document, "#/components/schemas/windowsAutopilotDeviceIdentity").GetProperty("properties");
        var collection = Schema(document, Operation(document, "get", path).GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!);

        Assert.Equal(Names(one), Names(schema));
        Assert.Subset(Names(collection.GetProperty("properties")), Names(list));
        Assert.Subset(Names(schema), Names(list.GetProperty("value")[0]));
    }

    [Fact]
    public async Task NoPathOutsideBetaIsListed()
    {
        var document = await DocumentAsync();

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.NotEmpty(paths);
        Assert.All(paths, p => Assert.StartsWith("/beta/", p, StringComparison.Ordinal));
        Assert.DoesNotContain(paths, p => p.Contains("oauth2", StringComparison.Ordinal) || p.Contains("/api/", StringComparison.Ordinal) || p.Contains("openapi", StringComparison.Ordinal));
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var anonymous = factory.CreateClient();
        return await anonymous.GetFromJsonAsync<JsonElement>(DocumentPath);
    }

    private static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(o => Methods.Contains(o.Name))
                .Select(o => (o.Name, path.Name, o.Value)));

    private static JsonElement Operation(JsonElement document, string method, string path) =>
        document.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static JsonElement Schema(JsonElement document, string reference) =>
        document.GetProperty("components").GetProperty("schemas").GetProperty(reference["#/components/schemas/".Length..]);

    private static HashSet<string> Names(JsonElement element) =>
        element.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
}
