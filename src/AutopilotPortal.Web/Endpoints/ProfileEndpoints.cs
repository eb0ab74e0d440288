using AutopilotPortal.Core.Profiles;
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
            var file = await profiles.ExportConfigurationFileAsync(http.Caller(), id, ct);

            // Windows reads the file only under this exact name, ASCII-encoded.
            return TypedResults.File(file.Content, "application/json; charset=us-ascii", file.FileName);
        }).RequireAuthorization();
        return app;
    }
}
