using System.Text.Json;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Groups;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.OData;
using Microsoft.OData.UriParser;

namespace AutopilotPortal.Web.Graph;

/// <summary>
/// <c>groups</c>: the directory's device groups as Graph serves security groups — listed and found by
/// <c>displayName</c> (eq, startswith) and by <c>groupTypes/any(c:c eq 'DynamicMembership')</c> (or its
/// <c>not</c>), created with a membership rule, their rule changed, devices added to and removed from assigned
/// ones (<c>members/$ref</c>), deleted — through the same service as the Groups page, so rules are checked
/// and members found the same way.
/// </summary>
internal static class GroupEndpoints
{
    private const string Path = "/groups";
    private const string Dynamic = "DynamicMembership";

    public static void MapGroups(this RouteGroupBuilder graph)
    {
        graph.MapGet(Path, ListAsync);
        graph.MapGet(Path + "/{id}", GetAsync);
        graph.MapPost(Path, CreateAsync);
        graph.MapPatch(Path + "/{id}", UpdateAsync);
        graph.MapDelete(Path + "/{id}", DeleteAsync);
        graph.MapPost(Path + "/{id}/members/$ref", AddMemberAsync);
        graph.MapDelete(Path + "/{id}/members/{memberId}/$ref", RemoveMemberAsync);
    }

    private static async Task ListAsync(HttpContext http, GroupService groups, CancellationToken cancellationToken)
    {
        var filter = Filter(http.Request.Query["$filter"].ToString());
        var (top, after) = GraphResponse.IdPage(http.Request.Query);
        var (items, more) = await groups.ReadPageAsync(GraphEndpoints.Caller(http), filter, after, top, cancellationToken);
        await GraphResponse.WriteListAsync(http, "groups", items,
            more ? GraphResponse.NextLink(http, items[^1].Id.ToString("N")) : null, (json, g) => Write(json, g, null), cancellationToken);
    }

    private static async Task GetAsync(HttpContext http, string id, GroupService groups, CancellationToken cancellationToken)
    {
        var group = await FindAsync(http, id, groups, cancellationToken);
        await GraphResponse.WriteAsync(http, json => Write(json, group, $"{GraphEndpoints.ServiceRoot(http)}/$metadata#groups/$entity"), cancellationToken);
    }

    /// <summary>
    /// Creates a security group: dynamic when <c>groupTypes</c> holds <c>DynamicMembership</c> (its
    /// <c>membershipRule</c> is checked and its members found at once), assigned otherwise; 201 with the group.
    /// </summary>
    private static async Task CreateAsync(HttpContext http, GroupService groups, CancellationToken cancellationToken)
    {
        using var body = await GraphResponse.ReadObjectAsync(http, cancellationToken);
        var root = body.RootElement;
        var name = Text(root, "displayName") ?? throw new GraphRequestException(400, "BadRequest", "displayName: a group needs a name.");
        if (GraphResponse.Property(root, "mailEnabled") is { ValueKind: JsonValueKind.True })
        {
            throw new GraphRequestException(400, "BadRequest", "mailEnabled: the directory holds security groups of devices; mail-enabled groups are not supported.");
        }

        if (GraphResponse.Property(root, "securityEnabled") is { ValueKind: JsonValueKind.False })
        {
            throw new GraphRequestException(400, "BadRequest", "securityEnabled: the directory holds security groups of devices; set securityEnabled to true.");
        }

        var dynamic = IsDynamic(root);
        var rule = Text(root, "membershipRule");
        if (!dynamic && rule is not null)
        {
            throw new GraphRequestException(400, "BadRequest", $"membershipRule: a rule needs groupTypes [\"{Dynamic}\"]; without it the group is assigned and has no rule.");
        }

        var created = await groups.CreateAsync(GraphEndpoints.Caller(http), name, Text(root, "description"),
            dynamic ? GroupMembershipType.Dynamic : GroupMembershipType.Assigned, rule, cancellationToken: cancellationToken);
        http.Response.StatusCode = StatusCodes.Status201Created;
        await GraphResponse.WriteAsync(http, json => Write(json, created, $"{GraphEndpoints.ServiceRoot(http)}/$metadata#groups/$entity"), cancellationToken);
    }

    /// <summary>Changes a dynamic group's <c>membershipRule</c> and re-evaluates its members; 204. Other properties cannot be changed here.</summary>
    private static async Task<IResult> UpdateAsync(HttpContext http, string id, GroupService groups, CancellationToken cancellationToken)
    {
        var group = await FindAsync(http, id, groups, cancellationToken);
        using var body = await GraphResponse.ReadObjectAsync(http, cancellationToken);
        var others = body.RootElement.EnumerateObject()
            .Select(p => p.Name)
            .Where(n => !string.Equals(n, "membershipRule", StringComparison.OrdinalIgnoreCase) && !n.StartsWith("@odata.", StringComparison.Ordinal))
            .ToList();
        if (others.Count > 0)
        {
            throw new GraphRequestException(400, "BadRequest", $"Only membershipRule can be changed; the body also sets {string.Join(", ", others)}.");
        }

        var rule = Text(body.RootElement, "membershipRule") ?? throw new GraphRequestException(400, "BadRequest", "membershipRule: the body names no rule to set.");
        await groups.ChangeRuleAsync(GraphEndpoints.Caller(http), group.Id, rule, cancellationToken: cancellationToken);
        return Results.NoContent();
    }

    /// <summary>Deletes a group and its memberships; a group a deployment profile is assigned to is refused, naming the profiles.</summary>
    private static async Task<IResult> DeleteAsync(HttpContext http, string id, GroupService groups, CancellationToken cancellationToken)
    {
        var group = await FindAsync(http, id, groups, cancellationToken);
        await groups.DeleteAsync(GraphEndpoints.Caller(http), group.Id, cancellationToken);
        return Results.NoContent();
    }

    /// <summary>
    /// Adds a device to an assigned group, as <c>New-MgGroupMember</c> and <c>Get-WindowsAutopilotInfo -AddToGroup</c>
    /// do: the body's <c>@odata.id</c> names the directory object (<c>…/directoryObjects/{id}</c> or <c>…/devices/{id}</c>).
    /// A device already in the group is a 400 as Graph answers it; a dynamic group's members are its rule's; 204.
    /// </summary>
    private static async Task<IResult> AddMemberAsync(HttpContext http, string id, GroupService groups, DirectoryDeviceService directory, CancellationToken cancellationToken)
    {
        var caller = GraphEndpoints.Caller(http);
        var group = await FindAsync(http, id, groups, cancellationToken);
        using var body = await GraphResponse.ReadObjectAsync(http, cancellationToken);
        var reference = Text(body.RootElement, "@odata.id")
            ?? throw new GraphRequestException(400, "BadRequest", "@odata.id: the body names no object to add; send { \"@odata.id\": \"https://graph.microsoft.com/v1.0/directoryObjects/{id}\" }.");
        var objectId = Guid.TryParse(reference.TrimEnd('/').Split('/')[^1], out var parsed)
            ? parsed
            : throw new GraphRequestException(400, "BadRequest", $"@odata.id: '{reference}' does not end in a directory object's id.");
        if (await directory.GetAsync(caller, objectId, cancellationToken) is null)
        {
            throw NotFound(objectId.ToString());
        }

        if (await groups.AddMembersAsync(caller, group.Id, [objectId], cancellationToken) == 0)
        {
            throw new GraphRequestException(400, "Request_BadRequest", "One or more added object references already exist for the following modified properties: 'members'.");
        }

        return Results.NoContent();
    }

    /// <summary>Removes a device from an assigned group (<c>Remove-MgGroupMemberByRef</c>); 404 when it is not a member; 204.</summary>
    private static async Task<IResult> RemoveMemberAsync(HttpContext http, string id, string memberId, GroupService groups, CancellationToken cancellationToken)
    {
        var group = await FindAsync(http, id, groups, cancellationToken);
        if (!Guid.TryParse(memberId, out var objectId) || await groups.RemoveMembersAsync(GraphEndpoints.Caller(http), group.Id, [objectId], cancellationToken) == 0)
        {
            throw NotFound(memberId);
        }

        return Results.NoContent();
    }

    private static GraphRequestException NotFound(string id) =>
        new(404, "Request_ResourceNotFound", $"Resource '{id}' does not exist or one of its queried reference-property objects are not present.");

    private static async Task<DirectoryGroup> FindAsync(HttpContext http, string id, GroupService groups, CancellationToken cancellationToken) =>
        (Guid.TryParse(id, out var groupId) ? await groups.GetAsync(GraphEndpoints.Caller(http), groupId, cancellationToken) : null)
        ?? throw NotFound(id);

    private static bool IsDynamic(JsonElement body) =>
        GraphResponse.Property(body, "groupTypes") is { ValueKind: JsonValueKind.Array } types
        && types.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && string.Equals(t.GetString(), Dynamic, StringComparison.OrdinalIgnoreCase));

    private static string? Text(JsonElement body, string name) =>
        GraphResponse.Property(body, name) is { ValueKind: JsonValueKind.String } value && !string.IsNullOrWhiteSpace(value.GetString()) ? value.GetString() : null;

    private static GroupFilter Filter(string text) =>
        GraphQuery.ParseFilter(GraphModel.Group, GraphModel.Groups, text) is { } expression ? Read(expression, new GroupFilter()) : new GroupFilter();

    private static GroupFilter Read(QueryNode node, GroupFilter filter)
    {
        switch (GraphQuery.Unwrap(node))
        {
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.And } and:
                return Read(and.Right, Read(and.Left, filter));
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Equal } equal
                when GraphQuery.Unwrap(equal.Left) is SingleValuePropertyAccessNode { Property.Name: "displayName" } && GraphQuery.Unwrap(equal.Right) is ConstantNode { Value: string name }:
                return filter with { DisplayNameEquals = name };
            case SingleValueFunctionCallNode { Name: "startswith" } call
                when call.Parameters.ToList() is [var target, var argument] && GraphQuery.Unwrap(target) is SingleValuePropertyAccessNode { Property.Name: "displayName" }
                && GraphQuery.Unwrap(argument) is ConstantNode { Value: string prefix }:
                return filter with { DisplayNameStartsWith = prefix };
            case AnyNode any when IsDynamicTest(any):
                return filter with { MembershipType = GroupMembershipType.Dynamic };
            case UnaryOperatorNode { OperatorKind: UnaryOperatorKind.Not } not when GraphQuery.Unwrap(not.Operand) is AnyNode any && IsDynamicTest(any):
                return filter with { MembershipType = GroupMembershipType.Assigned };
            case BinaryOperatorNode binary:
                throw Unsupported($"the operator '{binary.OperatorKind}'" + (GraphQuery.Unwrap(binary.Left) is SingleValuePropertyAccessNode p ? $" on {p.Property.Name}" : string.Empty));
            case SingleValueFunctionCallNode call:
                throw Unsupported($"{call.Name}()");
            default:
                throw Unsupported("this expression");
        }
    }

    private static bool IsDynamicTest(AnyNode any) =>
        GraphQuery.Unwrap(any.Body) is BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Equal } eq
        && GraphQuery.Unwrap(eq.Right) is ConstantNode { Value: string type } && string.Equals(type, Dynamic, StringComparison.OrdinalIgnoreCase);

    private static GraphRequestException Unsupported(string what) => new(400, "BadRequest",
        $"The filter uses {what}, which no index serves. Groups are filtered by displayName (eq, startswith) and "
        + $"groupTypes/any(c:c eq '{Dynamic}') or its not(), combined with 'and'.");

    private static void Write(Utf8JsonWriter json, DirectoryGroup g, string? context)
    {
        json.WriteStartObject();
        if (context is not null)
        {
            json.WriteString("@odata.context", context);
        }

        var dynamic = g.MembershipType == GroupMembershipType.Dynamic;
        json.WriteString("@odata.type", "#microsoft.graph.group");
        json.WriteString("id", g.Id.ToString());
        json.WriteString("displayName", g.DisplayName);
        json.WriteString("description", g.Description);
        json.WriteStartArray("groupTypes");
        if (dynamic)
        {
            json.WriteStringValue(Dynamic);
        }

        json.WriteEndArray();
        json.WriteString("membershipRule", g.MembershipRule);
        json.WriteString("membershipRuleProcessingState", dynamic ? "On" : null);
        json.WriteBoolean("securityEnabled", true);
        json.WriteBoolean("mailEnabled", false);
        json.WriteString("createdDateTime", AutopilotDeviceIdentityJson.Iso(g.CreatedAt));
        json.WriteEndObject();
    }
}
