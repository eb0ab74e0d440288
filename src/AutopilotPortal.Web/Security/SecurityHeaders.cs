using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace AutopilotPortal.Web.Security;

/// <summary>
/// Response headers every page and endpoint gets. The content security policy allows only the
/// portal's own scripts; MudBlazor sets inline styles, so styles allow <c>'unsafe-inline'</c>.
/// The circuit's WebSocket is same-origin, which <c>connect-src 'self'</c> covers.
/// </summary>
internal static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, string? signInAuthority)
    {
        var formAction = signInAuthority is null ? "'self'" : $"'self' {signInAuthority}";
        var policy = string.Join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            $"form-action {formAction}",
            "frame-ancestors 'none'");
        return app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";

                // Asks Chromium for the system's colour scheme on the next requests, so a page renders
                // dark from its first HTML when the system is dark (see App.razor).
                headers["Accept-CH"] = "Sec-CH-Prefers-Color-Scheme";
                return Task.CompletedTask;
            });
            await next(context);
        });
    }
}
