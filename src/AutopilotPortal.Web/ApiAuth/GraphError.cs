using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.ApiAuth;

/// <summary>
/// Microsoft Graph's error body: <c>{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}</c>.
/// The request's <c>client-request-id</c> header is echoed, in the body and as a response header, as Graph does.
/// </summary>
public static class GraphError
{
    // A JSON body, never HTML: quotes and apostrophes are written as they are, as Entra and Graph write them.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public const string ClientRequestIdHeader = "client-request-id";
    public const string RequestIdHeader = "request-id";

    /// <summary>Writes a Graph error with <paramref name="status"/> and ends the response.</summary>
    /// <param name="http">The request being answered.</param>
    /// <param name="status">The HTTP status, e.g. 401.</param>
    /// <param name="code">Graph's error code, e.g. <c>InvalidAuthenticationToken</c>.</param>
    /// <param name="message">The sentence a caller reads.</param>
    public static async Task WriteAsync(HttpContext http, int status, string code, string message)
    {
        var clock = http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System;
        var requestId = Guid.NewGuid().ToString();
        var clientRequestId = ClientRequestId(http);
        http.Response.StatusCode = status;
        http.Response.Headers[RequestIdHeader] = requestId;
        if (clientRequestId is not null)
        {
            http.Response.Headers[ClientRequestIdHeader] = clientRequestId;
        }

        http.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            error = new
            {
                code,
                message,
                innerError = new Dictionary<string, string?>
                {
                    ["date"] = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                    ["request-id"] = requestId,
                    ["client-request-id"] = clientRequestId ?? requestId,
                },
            },
        };
        await http.Response.WriteAsync(JsonSerializer.Serialize(body, Json), http.RequestAborted);
    }

    /// <summary>The request's <c>client-request-id</c> header, when it sent one that fits in a header.</summary>
    /// <param name="http">The request.</param>
    public static string? ClientRequestId(HttpContext http) =>
        http.Request.Headers[ClientRequestIdHeader].ToString() is { Length: > 0 and <= 128 } id && id.All(c => c is > ' ' and < '\u007f') ? id : null;
}
