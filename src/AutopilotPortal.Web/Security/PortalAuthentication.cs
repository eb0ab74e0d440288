using System.Security.Claims;
using AutopilotPortal.Core.Accounts;
using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Identity.Web;

namespace AutopilotPortal.Web.Security;

/// <summary>
/// Sign-in: through Entra (Microsoft.Identity.Web) when the <c>AzureAd</c> section names a client
/// id, otherwise with local accounts (ASP.NET Core Identity cookies). Either way the roles end up
/// as the same claims and <see cref="PortalCaller.FromPrincipal"/> reads them.
/// </summary>
public static class PortalAuthentication
{
    public const string AzureAdSection = "AzureAd";
    public const string LoginPath = "/account/login";
    public const string LogoutPath = "/account/logout";
    public const string SignInPath = "/account/signin";
    public const string SignInFailedPath = "/account/signin-failed";

    /// <summary>True when the <c>AzureAd</c> section is filled in (it has a client id).</summary>
    public static bool UsesEntra(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetSection(AzureAdSection)["ClientId"]);

    /// <summary>The authority's origin (for the CSP's form-action), or null for local accounts.</summary>
    public static string? EntraAuthorityOrigin(IConfiguration configuration)
    {
        if (!UsesEntra(configuration))
        {
            return null;
        }

        var instance = configuration.GetSection(AzureAdSection)["Instance"];
        return Uri.TryCreate(string.IsNullOrWhiteSpace(instance) ? "https://login.microsoftonline.com/" : instance, UriKind.Absolute, out var uri)
            ? uri.GetLeftPart(UriPartial.Authority)
            : null;
    }

    internal static void AddPortalAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHttpContextAccessor();
        services.AddCascadingAuthenticationState();
        services.AddScoped<CurrentCaller>();
        services.AddAuthorization();

        if (UsesEntra(configuration))
        {
            services.AddAuthentication(OpenIdConnectDefaults.AuthenticationScheme)
                .AddMicrosoftIdentityWebApp(configuration.GetSection(AzureAdSection));
            services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, options =>
            {
                // App roles arrive in the token's "roles" claim, which the handler renames to
                // ClaimTypes.Role unless inbound claim mapping is turned off. The identity's role
                // claim type must name the claim as it ends up, or IsInRole (and [Authorize(Roles)])
                // would never match.
                options.TokenValidationParameters.RoleClaimType = options.MapInboundClaims ? ClaimTypes.Role : "roles";
                var validated = options.Events.OnTokenValidated;
                options.Events.OnTokenValidated = async context =>
                {
                    await validated(context);
                    var caller = PortalCaller.FromPrincipal(context.Principal, context.HttpContext.Connection.RemoteIpAddress?.ToString());
                    await Audit(context.HttpContext).WriteAsync(caller, AuditActions.SignIn, "Session", caller.UserName,
                        details: caller.Roles.Count == 0 ? "Entra sign-in; the token carries no Autopilot role." : $"Entra sign-in as {string.Join(", ", caller.Roles.Select(r => r.ClaimValue()))}.");
                };
                var failed = options.Events.OnRemoteFailure;
                options.Events.OnRemoteFailure = async context =>
                {
                    await Audit(context.HttpContext).WriteAsync(PortalCaller.Anonymous(context.HttpContext.Connection.RemoteIpAddress?.ToString()),
                        AuditActions.SignInFailed, "Session", "Entra", details: context.Failure?.Message, outcome: AuditOutcome.Failed);
                    await failed(context);
                    if (!context.Result?.Handled ?? true)
                    {
                        // A page that says what happened, rather than the generic error page.
                        context.Response.Redirect(SignInFailedPath);
                        context.HandleResponse();
                    }
                };
            });
            services.AddScoped<AuthenticationStateProvider, Microsoft.AspNetCore.Components.Server.ServerAuthenticationStateProvider>();
        }
        else
        {
            services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
            new IdentityBuilder(typeof(PortalUser), services)
                .AddSignInManager<PortalSignInManager>()
                .AddClaimsPrincipalFactory<PortalClaimsFactory>();
            services.ConfigureApplicationCookie(options =>
            {
                options.LoginPath = LoginPath;
                options.LogoutPath = LogoutPath;
                options.AccessDeniedPath = LoginPath;
                options.ExpireTimeSpan = UserSessionService.CookieLifetime;
                options.SlidingExpiration = true;
                options.Cookie.Name = "AutopilotPortal.Auth";
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.Events.OnValidatePrincipal = PortalSessions.ValidatePrincipalAsync;
                options.Events.OnCheckSlidingExpiration = PortalSessions.CheckSlidingExpirationAsync;

                // Signing in on the login path makes the handler redirect to ReturnUrl itself, as given:
                // the same checks and escaping as every other redirect of the portal.
                options.Events.OnRedirectToReturnUrl = context =>
                {
                    context.Response.Redirect(SafeReturnUrl(context.RedirectUri));
                    return Task.CompletedTask;
                };
            });
            services.Configure<SecurityStampValidatorOptions>(o =>
            {
                o.ValidationInterval = TimeSpan.FromMinutes(1);
                o.OnRefreshingPrincipal = PortalSessions.KeepSessionClaim;
            });
            services.AddScoped<AuthenticationStateProvider, LocalAccountRevalidator>();
            services.AddScoped<LocalSignIn>();
            SignInThrottle.AddSignInRateLimiting(services);
        }
    }

    /// <summary>
    /// Sign-out: a form POST (with its antiforgery token) from the app bar. It ends the session on
    /// the server; with <c>scope=everywhere</c> it ends every session of the user (local accounts).
    /// </summary>
    internal static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app, bool entra)
    {
        // Where a page sends someone whose session ended: the login form, or Entra's sign-in.
        app.MapGet(SignInPath, (string? returnUrl) =>
            Results.Challenge(new AuthenticationProperties { RedirectUri = SafeReturnUrl(returnUrl) })).AllowAnonymous();

        app.MapPost(LogoutPath, async (HttpContext http) =>
        {
            var caller = PortalCaller.FromPrincipal(http.User, http.Connection.RemoteIpAddress?.ToString());
            if (caller.IsAuthenticated)
            {
                await Audit(http).WriteAsync(caller, AuditActions.SignOut, "Session", caller.UserName);
            }

            if (entra)
            {
                await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                return Results.SignOut(new AuthenticationProperties { RedirectUri = "/" }, [OpenIdConnectDefaults.AuthenticationScheme]);
            }

            var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(http.RequestAborted) : null;
            if (string.Equals(form?["scope"], "everywhere", StringComparison.Ordinal) && http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } userId)
            {
                await http.RequestServices.GetRequiredService<LocalUserService>().SignOutEverywhereAsync(caller, userId, CancellationToken.None);
            }
            else if (PortalSessions.SessionId(http.User) is { } session)
            {
                await http.RequestServices.GetRequiredService<UserSessionService>().EndAsync(session, CancellationToken.None);
            }

            await http.SignOutAsync(IdentityConstants.ApplicationScheme);
            return Results.LocalRedirect(LoginPath);
        }).RequireAuthorization().RequireAntiforgeryWithCookies();
        return app;
    }

    /// <summary>
    /// Only a path on this site: an absolute or protocol-relative address would send the user
    /// elsewhere. The result is escaped to ASCII (a redirect's Location header may hold nothing else;
    /// Kestrel refuses the response otherwise), so <c>/devices?search=Zürich</c> stays usable.
    /// </summary>
    public static string SafeReturnUrl(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl) || !returnUrl.StartsWith('/') || returnUrl.StartsWith("//", StringComparison.Ordinal) || returnUrl.StartsWith("/\\", StringComparison.Ordinal))
        {
            return "/devices";
        }

        return Uri.TryCreate(SiteRoot, returnUrl, out var uri) && uri.Authority == SiteRoot.Authority
            ? uri.PathAndQuery + uri.Fragment
            : "/devices";
    }

    private static readonly Uri SiteRoot = new("http://portal.invalid/");

    private static AuditService Audit(HttpContext http) => http.RequestServices.GetRequiredService<AuditService>();
}
