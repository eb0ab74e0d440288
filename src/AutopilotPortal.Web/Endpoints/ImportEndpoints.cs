using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AutopilotPortal.Web.Endpoints;

internal static class ImportEndpoints
{
    public static IEndpointRouteBuilder MapImportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/imports/{id:guid}/errors.csv", async (Guid id, ImportHistoryService history, HttpContext http, CancellationToken ct) =>
        {
            var caller = http.Caller();
            try
            {
                var job = await history.GetJobAsync(caller, id, ct);
                if (job is null)
                {
                    return Results.NotFound(new { error = $"There is no import with id {id}." });
                }

                var name = Path.GetFileNameWithoutExtension(job.FileName);
                http.Response.ContentType = "text/csv; charset=utf-8";
                Attachment.Set(http.Response, $"{name}-errors.csv");
                await history.WriteErrorReportAsync(caller, id, http.Response.Body, ct);
                return Results.Empty;
            }
            catch (AccessDeniedException ex)
            {
                return Results.Json(new { error = ex.Message }, statusCode: StatusCodes.Status403Forbidden);
            }
        }).RequireAuthorization();
        return app;
    }

    /// <summary>The request's caller: its principal and client address.</summary>
    public static PortalCaller Caller(this HttpContext http) => PortalCaller.FromPrincipal(http.User, http.Connection.RemoteIpAddress?.ToString());
}
