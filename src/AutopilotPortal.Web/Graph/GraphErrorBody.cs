using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace AutopilotPortal.Web.Graph;

/// <summary>
/// Graph's error body, <c>{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}</c>,
/// with the request's <c>client-request-id</c> echoed in the body and the headers.
/// </summary>
internal static class GraphErrorBody
{
    public static async Task WriteAsync(HttpContext http, int status, string code, string message)
    {
        var requestId = http.TraceIdentifier;
        var clientRequestId = http.Request.Headers["client-request-id"].ToString();
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        http.Response.Headers["request-id"] = requestId;
        if (clientRequestId.Length > 0)
        {
            http.Response.Headers["client-request-id"] = clientRequestId;
        }

        await using var json = new Utf8JsonWriter(http.Response.Body);
        json.WriteStartObject();
        json.WriteStartObject("error");
        json.WriteString("code", code);
        json.WriteString("message", message);
        json.WriteStartObject("innerError");
        json.WriteString("date", AutopilotDeviceIdentityJson.Iso(DateTime.UtcNow));
        json.WriteString("request-id", requestId);
        json.WriteString("client-request-id", clientRequestId);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(http.RequestAborted);
    }
}
