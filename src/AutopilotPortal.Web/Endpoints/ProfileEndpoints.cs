using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AutopilotPortal.Web.Endpoints;

/// <summary>A deployment profile as <c>AutopilotConfigurationFile.json</c> (Autopilot for existing devices).</summary>
internal static class ProfileEndpoints
{
    public static IEndpointRouteBuilder MapProfileEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/profiles/{id:guid}/AutopilotConfigurationFile.json", async (Guid id, ProfileService profiles, HttpContext http, CancellationToken ct) =>
        {
            try
            {
                var file = await profiles.ExportConfigurationFileAsync(http.Caller(), id, ct);

                // Windows reads the file only under this exact name, ASCII-encoded.
                return Results.File(file.Content, "application/json; charset=us-ascii", file.FileName);
            }
            catch (AccessDeniedException ex)
            {
                return Results.Json(new { error = ex.Message }, statusCode: StatusCodes.Status403Forbidden);
            }
            catch (ProfileException ex) when (ex.Error is { } error)
            {
                var status = error.Code == 809 ? StatusCodes.Status404NotFound : StatusCodes.Status403Forbidden;
                return Results.Json(new { error = ex.Message, code = error.Code, name = error.Name }, statusCode: status);
            }
        }).RequireAuthorization();
        return app;
    }
}
