using AutopilotPortal.Core;
using AutopilotPortal.Core.Accounts;
using AutopilotPortal.Core.Decommissioning;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Groups;
using AutopilotPortal.Core.Groups.Rules;
using AutopilotPortal.Core.Import.Csv;
using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Security;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace AutopilotPortal.Web.Endpoints;

/// <summary>
/// The one answer the API gives when the service library refuses a request: an RFC 7807
/// <c>application/problem+json</c> body whose <c>detail</c> is the library's own sentence.
/// Access denied is 403, an unknown device or profile 404, a write that lost to another one 409,
/// invalid input 400. Only requests under <c>/api</c> are answered so; pages keep their error page.
/// </summary>
internal sealed class PortalExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public static bool IsApiRequest(HttpContext http) => http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!IsApiRequest(httpContext) || ProblemFor(exception) is not { } problem)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    /// <summary>The problem a service library exception stands for, or null for any other exception (a 500).</summary>
    internal static ProblemDetails? ProblemFor(Exception exception) => exception switch
    {
        AccessDeniedException => Problem(StatusCodes.Status403Forbidden, "Access denied", exception),
        DeviceNotFoundException => Problem(StatusCodes.Status404NotFound, "Device not found", exception),
        ProfileException { Error: { } error } => WithCode(
            error.Code == 809 ? Problem(StatusCodes.Status404NotFound, "Profile not found", exception) : Problem(StatusCodes.Status403Forbidden, "Profile refused", exception),
            error.Code, error.Name),
        WriteConflictException => Problem(StatusCodes.Status409Conflict, "Write conflict", exception),
        ProfileException or DecommissionRefusedException => Problem(StatusCodes.Status409Conflict, "Refused in the current state", exception),
        DeviceValidationException or GroupException or AccountException or ProfileValidationException or MembershipRuleException or DeviceCsvHeaderException
            => Problem(StatusCodes.Status400BadRequest, "Invalid request", exception),
        _ => null,
    };

    private static ProblemDetails Problem(int status, string title, Exception exception) => new() { Status = status, Title = title, Detail = exception.Message };

    private static ProblemDetails WithCode(ProblemDetails problem, int? code, string name)
    {
        problem.Extensions["code"] = code;
        problem.Extensions["name"] = name;
        return problem;
    }
}
