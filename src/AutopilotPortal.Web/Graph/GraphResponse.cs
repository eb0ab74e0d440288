using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AutopilotPortal.Web.Graph;

/// <summary>What every Graph resource reads and writes the same way: id-keyset paging, bodies, JSON answers, nextLinks.</summary>
internal static class GraphResponse
{
    /// <summary><c>$top</c> (1 to 1,000, 1,000 when absent) and the id a <c>$skiptoken</c> starts after, for lists paged in id order.</summary>
    public static (int Top, Guid? After) IdPage(IQueryCollection query)
    {
        var top = int.TryParse(query["$top"], out var t) ? t : GraphQuery.MaxTop;
        if (top is < 1 or > GraphQuery.MaxTop)
        {
            throw new GraphRequestException(400, "BadRequest", $"$top must be from 1 to {GraphQuery.MaxTop}; it is {top}.");
        }

        if (query["$skiptoken"].ToString() is not { Length: > 0 } token)
        {
            return (top, null);
        }

        return Guid.TryParseExact(token, "N", out var after)
            ? (top, after)
            : throw new GraphRequestException(400, "BadRequest", "The $skiptoken is not one this API issued; follow @odata.nextLink as it is.");
    }

    /// <summary>This request's absolute URL, on the host the client called, with <c>$skiptoken</c> set to <paramref name="skipToken"/>.</summary>
    public static string NextLink(HttpContext http, string skipToken)
    {
        var query = http.Request.Query
            .Where(q => !string.Equals(q.Key, "$skiptoken", StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v)))
            .Append(KeyValuePair.Create("$skiptoken", (string?)skipToken));
        return $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{http.Request.Path}{QueryString.Create(query)}";
    }

    /// <summary>Writes a JSON answer with Graph's content type.</summary>
    public static async Task WriteAsync(HttpContext http, Action<Utf8JsonWriter> write, CancellationToken cancellationToken)
    {
        http.Response.ContentType = GraphEndpoints.JsonContentType;
        await using var json = new Utf8JsonWriter(http.Response.Body);
        write(json);
        await json.FlushAsync(cancellationToken);
    }

    /// <summary>A collection: <c>@odata.context</c>, <c>@odata.nextLink</c> when given, and <c>value</c> with each item written by <paramref name="item"/>.</summary>
    public static Task WriteListAsync<T>(HttpContext http, string context, IEnumerable<T> items, string? nextLink, Action<Utf8JsonWriter, T> item, CancellationToken cancellationToken) =>
        WriteAsync(http, json =>
        {
            json.WriteStartObject();
            json.WriteString("@odata.context", $"{GraphEndpoints.ServiceRoot(http)}/$metadata#{context}");
            if (nextLink is not null)
            {
                json.WriteString("@odata.nextLink", nextLink);
            }

            json.WriteStartArray("value");
            foreach (var one in items)
            {
                item(json, one);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }, cancellationToken);

    /// <summary>The request body as a JSON object, read leniently (<see cref="LenientJson"/>).</summary>
    public static async Task<JsonDocument> ReadObjectAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var body = await LenientJson.ReadAsync(http.Request.Body, cancellationToken);
        if (body.RootElement.ValueKind != JsonValueKind.Object)
        {
            body.Dispose();
            throw new GraphRequestException(400, "BadRequest", "The request body must be a JSON object.");
        }

        return body;
    }

    /// <summary>A property of <paramref name="item"/>, its name matched without regard to case as Graph's reader does; null when absent.</summary>
    public static JsonElement? Property(JsonElement item, string name)
    {
        foreach (var property in item.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
