using AutopilotPortal.Core.Telemetry;
using AutopilotPortal.Web.Health;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace AutopilotPortal.Web.Telemetry;

/// <summary>
/// OpenTelemetry for the portal: traces (ASP.NET Core requests, EF Core commands and the portal's own
/// <see cref="PortalTelemetry.ActivitySource"/>), metrics (ASP.NET Core, the .NET runtime and
/// <see cref="PortalTelemetry.Meter"/>) and logs (each record with the trace and span it was written in).
/// Nothing is exported unless <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, in configuration or the environment;
/// then every signal goes there by OTLP, configured by the standard <c>OTEL_EXPORTER_OTLP_*</c> variables.
/// </summary>
internal static class PortalOpenTelemetry
{
    /// <summary>The service name when <c>OTEL_SERVICE_NAME</c> is not set.</summary>
    public const string DefaultServiceName = "AutopilotPortal";

    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string ServiceNameKey = "OTEL_SERVICE_NAME";

    public static IServiceCollection AddPortalTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var serviceName = configuration[ServiceNameKey] is { Length: > 0 } name ? name : DefaultServiceName;
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName, serviceVersion: typeof(PortalOpenTelemetry).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing => tracing
                .AddSource(PortalTelemetry.Name)
                .AddAspNetCoreInstrumentation(options => options.Filter = http => !PortalHealthChecks.IsHealthRequest(http))
                .AddEntityFrameworkCoreInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(PortalTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation())
            .WithLogging(_ => { }, options =>
            {
                options.IncludeFormattedMessage = true;
                options.IncludeScopes = true;
            });

        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]))
        {
            telemetry.UseOtlpExporter();
        }

        services.TryAddEnumerable(ServiceDescriptor.Scoped<CircuitHandler, CircuitTelemetry>());
        return services;
    }
}

/// <summary>Keeps <see cref="PortalTelemetry.Instruments.CircuitsOpen"/> at the number of Blazor circuits open in this process.</summary>
internal sealed class CircuitTelemetry : CircuitHandler
{
    private static readonly System.Diagnostics.Metrics.UpDownCounter<long> Open = PortalTelemetry.Meter.CreateUpDownCounter<long>(
        PortalTelemetry.Instruments.CircuitsOpen, "{circuit}", "Blazor circuits open now.");

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Open.Add(1);
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Open.Add(-1);
        return Task.CompletedTask;
    }
}
