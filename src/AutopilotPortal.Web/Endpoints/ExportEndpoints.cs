using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Web.Features.Devices;
using AutopilotPortal.Web.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Endpoints;

/// <summary>
/// CSV downloads: the device list (as searched, sorted and filtered on the page) and the audit log (as
/// filtered). The service library checks the caller's rights before anything is written.
/// </summary>
internal static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExportEndpoints(this IEndpointRouteBuilder app)
    {
        // The same query string as the devices page's address: its search, sort and filters.
        app.MapGet("/api/devices/export.csv", async Task<IResult> (DeviceService devices, ViewerClock clock, HttpContext http, CancellationToken ct) =>
        {
            var view = DeviceListView.Parse(http.Request.Query, out var problems);
            if (problems.Count > 0)
            {
                return TypedResults.Problem(string.Join(" ", problems), statusCode: StatusCodes.Status400BadRequest, title: "The export's filters cannot be read.");
            }

            clock.UseZone(http.Request.Cookies[ViewerClock.CookieName]);
            var query = view.ToQuery(clock, 0, 1);
            return await StreamCsvAsync(http, "autopilot-devices", stream => devices.ExportCsvAsync(http.Caller(), query, stream, ct));
        }).RequireAuthorization();

        app.MapGet("/api/audit/export.csv", async (AuditLogService audit, HttpContext http, CancellationToken ct,
            string? user, string? action, string? target, DateTime? from, DateTime? to) =>
        {
            var query = new AuditQuery { User = user, Action = action, Target = target, From = AsUtc(from), To = AsUtc(to) };
            return await StreamCsvAsync(http, "autopilot-audit", stream => audit.ExportCsvAsync(http.Caller(), query, stream, ct));
        }).RequireAuthorization();
        return app;
    }

    private static async Task<EmptyHttpResult> StreamCsvAsync(HttpContext http, string name, Func<Stream, Task<int>> write)
    {
        // Rights are checked before the first byte, so a refusal is still a clean 403 problem:
        // the exception handler clears these headers while nothing has been sent.
        http.Response.ContentType = "text/csv; charset=utf-8";
        Attachment.Set(http.Response, $"{name}-{http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow():yyyyMMdd-HHmm}.csv");
        await write(http.Response.Body);
        return TypedResults.Empty;
    }

    private static DateTime? AsUtc(DateTime? value) => value is { } v ? (v.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : v.ToUniversalTime()) : null;
}
