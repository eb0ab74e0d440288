using System.Buffers.Text;
using System.Text;
using AutopilotPortal.Core.Devices;
using Microsoft.AspNetCore.Http;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.UriParser;

namespace AutopilotPortal.Web.Graph;

/// <summary>
/// A list request's query options (<c>$filter</c>, <c>$select</c>, <c>$top</c>, <c>$skiptoken</c>, <c>$count</c>),
/// parsed by the OData library against <see cref="GraphModel"/> and turned into what the service library
/// serves. A filter it cannot serve by an index is a 400 that says which part and why.
/// </summary>
internal sealed record GraphQuery(DeviceFilter Filter, IReadOnlySet<string>? Select, int Top, DeviceKey? After, bool Count)
{
    /// <summary>The navigation properties <c>$expand</c> names (<c>deploymentProfile</c>, <c>intendedDeploymentProfile</c>).</summary>
    public IReadOnlySet<string> Expand { get; init; } = new HashSet<string>();

    /// <summary>The page size when the request names none, and the most it may name.</summary>
    public const int MaxTop = DevicePages.MaxPageSize;

    private const string Supported =
        "The device list is filtered by serialNumber (eq, startswith, contains, and up to 50 eq joined by 'or' or listed with 'in') and groupTag (eq), combined with 'and'; beside one of those, 'serialNumber ne', 'groupTag ne' and 'not' around one such test are checked on the devices it finds.";

    public static GraphQuery Parse(IQueryCollection query)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in query)
        {
            if (key.StartsWith('$'))
            {
                options[key.ToLowerInvariant()] = value.ToString();
            }
        }

        var parser = new ODataQueryOptionParser(GraphModel.Model, GraphModel.AutopilotDeviceIdentity, GraphModel.AutopilotDeviceIdentities, options)
        {
            Resolver = new ODataUriResolver { EnableCaseInsensitive = true },
        };
        try
        {
            var filter = parser.ParseFilter() is { } clause ? ToFilter(clause.Expression, new DeviceFilter()) : new DeviceFilter();
            var top = parser.ParseTop() ?? MaxTop;
            if (top is < 1 or > MaxTop)
            {
                throw new GraphRequestException(400, "BadRequest", $"$top must be from 1 to {MaxTop}; it is {top}.");
            }

            IReadOnlySet<string>? select = null;
            var expand = new HashSet<string>(StringComparer.Ordinal);
            if (parser.ParseSelectAndExpand() is { } selected)
            {
                if (!selected.AllSelected)
                {
                    select = selected.SelectedItems.OfType<PathSelectItem>()
                        .Select(i => i.SelectedPath.FirstSegment.Identifier)
                        .ToHashSet(StringComparer.Ordinal);
                }

                expand.UnionWith(selected.SelectedItems.OfType<ExpandedNavigationSelectItem>().Select(i => i.PathToNavigationProperty.FirstSegment.Identifier));
            }

            var after = options.TryGetValue("$skiptoken", out var token) ? DecodeSkipToken(token) : (DeviceKey?)null;
            return new GraphQuery(filter, select, (int)top, after, parser.ParseCount() ?? false) { Expand = expand };
        }
        catch (ODataException ex)
        {
            throw new GraphRequestException(400, "BadRequest", $"Invalid query: {ex.Message}");
        }
    }

    /// <summary>The <c>$skiptoken</c> that starts a page after <paramref name="key"/>.</summary>
    public static string EncodeSkipToken(DeviceKey key) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{key.Id:N}{key.SerialKey}"));

    private static DeviceKey DecodeSkipToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.Length >= 32 && Guid.TryParseExact(text[..32], "N", out var id))
            {
                return new DeviceKey(text[32..], id);
            }
        }
        catch (FormatException)
        {
        }

        throw new GraphRequestException(400, "BadRequest", "The $skiptoken is not one this API issued; follow @odata.nextLink as it is.");
    }

    private static DeviceFilter ToFilter(QueryNode node, DeviceFilter filter)
    {
        switch (Unwrap(node))
        {
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.And } and:
                return ToFilter(and.Right, ToFilter(and.Left, filter));
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Equal } equal when Property(equal.Left) is { } name:
                var value = Constant(equal.Right);
                return name switch
                {
                    "serialNumber" when value is not null => filter with { SerialEquals = value },
                    "groupTag" => filter with { HasGroupTag = true, GroupTag = value },
                    _ => throw Unsupported($"eq on {name}"),
                };
            case SingleValueFunctionCallNode call when call.Parameters.ToList() is [var target, var argument]
                && Property(target) == "serialNumber" && Constant(argument) is { } text:
                return call.Name.ToLowerInvariant() switch
                {
                    "startswith" => filter with { SerialStartsWith = text },
                    "contains" => filter with { SerialContains = text },
                    var other => throw Unsupported($"{other}() on serialNumber"),
                };
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.NotEqual } notEqual when Property(notEqual.Left) is { } name:
                return Excluding(filter, Exclusion(name, "ne", Constant(notEqual.Right)));
            case UnaryOperatorNode { OperatorKind: UnaryOperatorKind.Not } not:
                return Excluding(filter, Negated(not.Operand));
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Or } or:
                var alternatives = new List<string>();
                CollectSerials(or, alternatives);
                return WithSerials(filter, alternatives);
            case InNode @in when Property(@in.Left) == "serialNumber" && @in.Right is CollectionConstantNode list:
                return WithSerials(filter, list.Collection.Select(c => c.Value as string ?? throw Unsupported("a serialNumber in list holding a non-text value")).ToList());
            case BinaryOperatorNode binary:
                throw Unsupported($"the operator '{binary.OperatorKind}'");
            case SingleValueFunctionCallNode call:
                throw Unsupported($"{call.Name}()");
            default:
                throw Unsupported("this expression");
        }
    }

    /// <summary>The exclusion <c>not (…)</c> stands for: the negation of one test an exclusion can check.</summary>
    private static DeviceExclusion Negated(QueryNode node)
    {
        switch (Unwrap(node))
        {
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Equal } equal when Property(equal.Left) is { } name:
                return Exclusion(name, "not (… eq …)", Constant(equal.Right));
            case SingleValueFunctionCallNode call when call.Parameters.ToList() is [var target, var argument]
                && Property(target) == "serialNumber" && Constant(argument) is { } text:
                return call.Name.ToLowerInvariant() switch
                {
                    "startswith" => new DeviceExclusion(DeviceExclusionKind.SerialStartsWith, text),
                    "contains" => new DeviceExclusion(DeviceExclusionKind.SerialContains, text),
                    var other => throw Unsupported($"not {other}() on serialNumber"),
                };
            default:
                throw Unsupported("'not' around something other than one serialNumber or groupTag test");
        }
    }

    private static DeviceExclusion Exclusion(string property, string how, string? value) => property switch
    {
        "serialNumber" when value is not null => new DeviceExclusion(DeviceExclusionKind.SerialEquals, value),
        "groupTag" => new DeviceExclusion(DeviceExclusionKind.GroupTagEquals, value),
        _ => throw Unsupported($"{how} on {property}"),
    };

    private static DeviceFilter Excluding(DeviceFilter filter, DeviceExclusion exclusion) =>
        filter with { Excluding = [.. filter.Excluding, exclusion] };

    /// <summary>The most serial numbers one <c>or</c> chain or <c>in</c> list may name.</summary>
    public const int MaxSerialAlternatives = 50;

    /// <summary>The serials of an <c>or</c> chain whose every part is <c>serialNumber eq '…'</c>; any other part is refused.</summary>
    private static void CollectSerials(QueryNode node, List<string> serials)
    {
        switch (Unwrap(node))
        {
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Or } or:
                CollectSerials(or.Left, serials);
                CollectSerials(or.Right, serials);
                break;
            case BinaryOperatorNode { OperatorKind: BinaryOperatorKind.Equal } equal when Property(equal.Left) == "serialNumber" && Constant(equal.Right) is { } serial:
                serials.Add(serial);
                break;
            default:
                throw Unsupported("'or' between parts other than serialNumber eq (only serialNumber eq '…' or serialNumber eq '…' is served, by the serial index)");
        }
    }

    private static DeviceFilter WithSerials(DeviceFilter filter, List<string> serials)
    {
        if (serials.Count > MaxSerialAlternatives)
        {
            throw Unsupported($"{serials.Count} serial numbers in one filter (at most {MaxSerialAlternatives})");
        }

        return filter.SerialIn is null
            ? filter with { SerialIn = serials }
            : throw Unsupported("two serialNumber lists in one filter");
    }

    /// <summary>
    /// Parses <paramref name="filter"/> against an entity set of the EDM model (names case-insensitive), the
    /// expression or null when there is none; a malformed filter is a 400 with the parser's message.
    /// </summary>
    public static QueryNode? ParseFilter(IEdmEntityType type, IEdmEntitySet set, string? filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return null;
        }

        var parser = new ODataQueryOptionParser(GraphModel.Model, type, set, new Dictionary<string, string> { ["$filter"] = filter })
        {
            Resolver = new ODataUriResolver { EnableCaseInsensitive = true },
        };
        try
        {
            return parser.ParseFilter().Expression;
        }
        catch (ODataException ex)
        {
            throw new GraphRequestException(400, "BadRequest", $"Invalid query: {ex.Message}");
        }
    }

    /// <summary>The node under any type conversions the parser put around it.</summary>
    public static QueryNode Unwrap(QueryNode node) => node is ConvertNode convert ? Unwrap(convert.Source) : node;

    private static string? Property(QueryNode node) => Unwrap(node) is SingleValuePropertyAccessNode access ? access.Property.Name : null;

    private static string? Constant(QueryNode node) => Unwrap(node) is ConstantNode constant ? constant.Value?.ToString() : null;

    private static GraphRequestException Unsupported(string what) =>
        new(400, "BadRequest", $"The filter uses {what}, which no index serves. {Supported}");
}
