using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace AutopilotPortal.Web.Endpoints;

internal static class ImportEndpoints
{
    public static IEndpointRouteBuilder MapImportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/imports/{id:guid}/errors.csv", async Task<Results<EmptyHttpResult, ProblemHttpResult>> (Guid id, ImportHistoryService history, HttpContext http, CancellationToken ct) =>
        {
            var caller = http.Caller();
            var job = await history.GetJobAsync(caller, id, ct);
            if (job is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Import not found", detail: $"There is no import with id {id}.");
            }

            var name = Path.GetFileNameWithoutExtension(job.FileName);
            http.Response.ContentType = "text/csv; charset=utf-8";
            Attachment.Set(http.Response, $"{name}-errors.csv");
            await history.WriteErrorReportAsync(caller, id, http.Response.Body, ct);
            return TypedResults.Empty;
        }).RequireAuthorization();
        return app;
    }

    /// <summary>The request's caller: its principal and client address.</summary>
    public static PortalCaller Caller(this HttpContext http) => PortalCaller.FromPrincipal(http.User, http.Connection.RemoteIpAddress?.ToString());
}
