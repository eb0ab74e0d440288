using AutopilotPortal.Core.Accounts;
using AutopilotPortal.Web.ApiAuth;
using AutopilotPortal.Web.Endpoints;
using AutopilotPortal.Web.Graph;
using AutopilotPortal.Web.Health;
using AutopilotPortal.Web.Security;
using AutopilotPortal.Web.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MudBlazor.Services;

namespace AutopilotPortal.Web;

/// <summary>Registers and maps the portal's pages and endpoints.</summary>
public static class DependencyInjection
{
    public static IServiceCollection AddPortalWeb(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddRazorComponents()
            .AddInteractiveServerComponents(options => options.DetailedErrors = environment.IsDevelopment());
        // Toasts appear at the top, over the app bar's empty middle, where they cover no button.
        services.AddMudServices(options => options.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.TopCenter);
        services.AddScoped<Shared.ViewerClock>();
        services.AddScoped<Layout.NotificationLog>();

        // One key ring for every instance on the database: a cookie or antiforgery token one issues, another reads.
        services.AddDataProtection().SetApplicationName("AutopilotPortal").PersistKeysToDbContext<Core.Data.PortalDbContext>();
        services.AddPortalForwardedHeaders(configuration);
        services.AddPortalAuthentication(configuration);
        services.AddGraphBearer(configuration);
        services.AddProblemDetails();
        services.AddExceptionHandler<PortalExceptionHandler>();
        Testing.DecommissionHalt.AddIfAsked(services, configuration, environment);
        services.AddGraphThrottle();
        services.AddGraphOpenApi();
        services.AddPortalHealthChecks();
        services.AddPortalTelemetry(configuration);
        return services;
    }

    public static WebApplication MapPortalWeb(this WebApplication app)
    {
        // First: everything after it (sign-in limits per address, the audit's client address, sessions) sees the
        // browser's address, not the proxy's.
        app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);

            // Only sent over HTTPS, so harmless on a loopback http:// run.
            app.UseHsts();
        }

        // A page request the portal has no page for (404), or refuses without a body of its own, gets the portal's
        // status page in its layout, the status kept, instead of the browser's bare error. An API request's status
        // gets its ProblemDetails body further in (below), so this never sees it without a body.
        app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);

        // In every environment, an API request that fails is answered with ProblemDetails
        // (PortalExceptionHandler, else a plain 500 problem), never with a page; so is one for a
        // path the API does not have (404) or a method it does not take (405), which would
        // otherwise get an empty body.
        app.UseWhen(PortalExceptionHandler.IsApiRequest, api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
        });

        app.UseSecurityHeaders(PortalAuthentication.EntraAuthorityOrigin(app.Configuration));
        app.MapStaticAssets();
        app.UseAuthentication();
        app.UseAuthorization();

        if (!PortalAuthentication.UsesEntra(app.Configuration))
        {
            app.UseRateLimiter();
        }

        app.UseAntiforgery();
        app.MapPortalHealthChecks();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints(PortalAuthentication.UsesEntra(app.Configuration));
        app.MapImportEndpoints();
        app.MapExportEndpoints();
        app.MapProfileEndpoints();
        app.MapDeploymentEndpoints();
        app.MapGraphTokenEndpoints();
        app.MapGraph(graph => graph.RequireGraphBearer());
        app.MapGraphOpenApi();
        return app;
    }

    /// <summary>
    /// With local accounts, makes sure an enabled administrator exists. A generated password is
    /// written once to the console (standard output), never to the log.
    /// </summary>
    public static async Task InitializeAccountsAsync(this WebApplication app)
    {
        if (PortalAuthentication.UsesEntra(app.Configuration))
        {
            app.Logger.LogInformation("Sign-in goes through Entra (AzureAd section); local accounts are not used");
            return;
        }

        var created = await app.Services.GetRequiredService<LocalUserService>().EnsureAdministratorAsync();
        if (created is { GeneratedPassword: { } password } admin)
        {
            Console.WriteLine();
            Console.WriteLine("  No administrator existed, so one was created. Sign in with:");
            Console.WriteLine($"    user name: {admin.UserName}");
            Console.WriteLine($"    password:  {password}");
            Console.WriteLine("  This password is shown only this once. Change it on the Users page, or set");
            Console.WriteLine("  Accounts:InitialAdminPassword before the first start to choose it yourself.");
            Console.WriteLine();
        }
    }
}
