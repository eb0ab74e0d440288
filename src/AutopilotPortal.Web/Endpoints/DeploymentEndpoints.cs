using AutopilotPortal.Core.Simulation;
using AutopilotPortal.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AutopilotPortal.Web.Endpoints;

/// <summary>
/// The deployment simulator as a service API: <c>POST /api/devices/{id}/simulate-deployment</c>
/// plays the device's OOBE and answers with the run's event. A call that carries the portal's
/// cookies must carry its antiforgery token too (<see cref="CookieAntiforgery"/>). Refusals are
/// ProblemDetails (<see cref="PortalExceptionHandler"/>): 403, 404 for an unknown device, 409 when
/// another write to the device won (the run is one transaction: nothing of it was written).
/// </summary>
internal static class DeploymentEndpoints
{
    public static IEndpointRouteBuilder MapDeploymentEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/devices/{id:guid}/simulate-deployment", async (Guid id, DeploymentSimulator simulator, HttpContext http, CancellationToken ct) =>
            TypedResults.Ok(DeploymentEventJson.From(await simulator.SimulateAsync(http.Caller(), id, ct))))
            .RequireAuthorization().RequireAntiforgeryWithCookies();

        app.MapGet("/api/devices/{id:guid}/deployment-events", async (Guid id, DeploymentSimulator simulator, HttpContext http, CancellationToken ct) =>
        {
            var page = await simulator.ListAsync(http.Caller(), new DeploymentEventQuery { AutopilotDeviceId = id, Take = 50 }, ct);
            return TypedResults.Ok(new { value = page.Items.Select(DeploymentEventJson.From), totalCount = page.TotalCount });
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
