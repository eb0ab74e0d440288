using AutopilotPortal.Core.Simulation;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Web.Endpoints;

/// <summary>
/// The deployment simulator as a service API: <c>POST /api/devices/{id}/simulate-deployment</c>
/// plays the device's OOBE and answers with the run's event. A call that carries the portal's
/// cookies must carry its antiforgery token too (<see cref="CookieAntiforgery"/>).
/// </summary>
internal static class DeploymentEndpoints
{
    public static IEndpointRouteBuilder MapDeploymentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/devices/{id:guid}/simulate-deployment", async (Guid id, DeploymentSimulator simulator, HttpContext http, CancellationToken ct) =>
        {
            try
            {
                var run = await simulator.SimulateAsync(http.Caller(), id, ct);
                return Results.Json(DeploymentEventJson.From(run));
            }
            catch (AccessDeniedException ex)
            {
                return Results.Json(new { error = ex.Message }, statusCode: StatusCodes.Status403Forbidden);
            }
            catch (DeviceNotFoundException ex)
            {
                return Results.Json(new { error = ex.Message }, statusCode: StatusCodes.Status404NotFound);
            }
            catch (DbUpdateException)
            {
                // The run is one transaction: nothing of it was written.
                return Results.Json(new { error = "The device changed while it was deploying (a sync or another run wrote it first). Nothing was written; run it again." },
                    statusCode: StatusCodes.Status409Conflict);
            }
        }).RequireAuthorization().RequireAntiforgeryWithCookies();

        app.MapGet("/api/devices/{id:guid}/deployment-events", async (Guid id, DeploymentSimulator simulator, HttpContext http, CancellationToken ct) =>
        {
            try
            {
                var page = await simulator.ListAsync(http.Caller(), new DeploymentEventQuery { AutopilotDeviceId = id, Take = 50 }, ct);
                return Results.Json(new { value = page.Items.Select(DeploymentEventJson.From), totalCount = page.TotalCount });
            }
            catch (AccessDeniedException ex)
            {
                return Results.Json(new { error = ex.Message }, statusCode: StatusCodes.Status403Forbidden);
            }
        }).RequireAuthorization();
        return app;
    }
}

/// <summary>A deployment event as the API writes it (camelCase, enums as text).</summary>
internal sealed record DeploymentEventJson(
    Guid Id,
    Guid AutopilotDeviceId,
    string SerialNumber,
    DateTime StartedDateTime,
    DateTime FinishedDateTime,
    string Result,
    string? FailureCode,
    string? FailureReason,
    Guid? ProfileId,
    string? ProfileName,
    string? Mode,
    string? JoinType,
    string? DeviceName,
    Guid? ManagedDeviceId,
    IReadOnlyList<string> Steps,
    string RunBy)
{
    public static DeploymentEventJson From(DeploymentEvent e) => new(
        e.Id, e.AutopilotDeviceId, e.SerialNumber, DateTime.SpecifyKind(e.StartedAt, DateTimeKind.Utc), DateTime.SpecifyKind(e.FinishedAt, DateTimeKind.Utc),
        Camel(e.Result.ToString())!, Camel(e.FailureCode?.ToString()), e.FailureReason, e.ProfileId, e.ProfileName,
        Camel(e.Mode?.ToString()), Camel(e.JoinType?.ToString()), e.DeviceName, e.ManagedDeviceId, e.Steps, e.Actor);

    private static string? Camel(string? text) => string.IsNullOrEmpty(text) ? text : char.ToLowerInvariant(text[0]) + text[1..];
}
