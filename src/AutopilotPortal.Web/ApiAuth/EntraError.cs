using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AutopilotPortal.Web.ApiAuth;

/// <summary>
/// The token endpoint's error body, as Entra writes it: <c>error</c>, an <c>error_description</c> that starts with
/// <c>AADSTS{code}:</c> and ends with the trace id, correlation id and time, <c>error_codes</c>, <c>timestamp</c>,
/// <c>trace_id</c>, <c>correlation_id</c> and <c>error_uri</c>. The correlation id is the request's
/// <c>client-request-id</c> when it sent a GUID.
/// </summary>
internal static class EntraError
{
    // A JSON body, never HTML: quotes and apostrophes are written as they are, as Entra and Graph write them.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task WriteAsync(HttpContext http, TimeProvider clock, int status, string error, int code, string description)
    {
        var traceId = Guid.NewGuid();
        var correlationId = Guid.TryParse(GraphError.ClientRequestId(http), out var sent) ? sent : Guid.NewGuid();
        var timestamp = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var body = new Dictionary<string, object>
        {
            ["error"] = error,
            ["error_description"] = $"AADSTS{code}: {description} Trace ID: {traceId} Correlation ID: {correlationId} Timestamp: {timestamp}",
            ["error_codes"] = new[] { code },
            ["timestamp"] = timestamp,
            ["trace_id"] = traceId.ToString(),
            ["correlation_id"] = correlationId.ToString(),
            ["error_uri"] = $"https://login.microsoftonline.com/error?code={code}",
        };
        http.Response.StatusCode = status;
        NoStore(http.Response);
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(JsonSerializer.Serialize(body, Json), http.RequestAborted);
    }

    /// <summary>Token answers are never cached, as Entra's are not.</summary>
    public static void NoStore(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store, no-cache";
        response.Headers.Pragma = "no-cache";
    }
}
