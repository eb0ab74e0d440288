using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Security;

/// <summary>
/// Antiforgery for state-changing endpoints a browser's cookie can reach. SameSite=Lax stops
/// other sites but not a same-site page (another app on a sibling host), so a request that
/// carries cookies must also carry the antiforgery token that only the portal's own pages hold:
/// the <c>__RequestVerificationToken</c> form field or the <c>RequestVerificationToken</c> header.
/// A request without cookies (a bearer token, a test header) cannot be forged by a browser and
/// needs none.
/// </summary>
internal static class CookieAntiforgery
{
    public static TBuilder RequireAntiforgeryWithCookies<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (http.Request.Cookies.Count > 0 && !await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "Missing or invalid antiforgery token",
                    detail: "This request carries the portal's cookies but no valid antiforgery token. Send it from a portal page: "
                        + "the form field __RequestVerificationToken or the RequestVerificationToken header.");
            }

            return await next(context);
        });
}
