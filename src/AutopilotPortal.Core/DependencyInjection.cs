using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Core;

/// <summary>Registers the service library.</summary>
public static class DependencyInjection
{
    /// <summary>Adds the portal's core services.</summary>
    public static IServiceCollection AddPortalCore(this IServiceCollection services)
    {
        return services;
    }
}
