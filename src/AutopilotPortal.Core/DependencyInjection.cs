using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Registration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core;

/// <summary>Registers the service library.</summary>
public static class DependencyInjection
{
    /// <summary>Adds the portal's core services, its options and its database.</summary>
    public static IServiceCollection AddPortalCore(this IServiceCollection services)
    {
        services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddDbContextFactory<PortalDbContext>((sp, db) =>
        {
            var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            db.UseSqlite(database.ConnectionString, sqlite => sqlite.MigrationsAssembly(typeof(PortalDbContext).Assembly.GetName().Name))
                .AddInterceptors(new SqlitePragmaInterceptor());
        });
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<DatabaseInitializer>();
        services.AddSingleton<DeviceRegistrationService>();
        services.AddSingleton<ImportService>();
        services.AddSingleton<ImportHistoryService>();
        services.AddSingleton<DeviceService>();
        services.AddSingleton<DemoSeeder>();
        return services;
    }
}
