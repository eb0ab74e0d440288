using AutopilotPortal.Web.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace AutopilotPortal.Web.Tests.Telemetry;

public sealed class PortalOpenTelemetryTests
{
    private const string OtlpAssembly = "OpenTelemetry.Exporter.OpenTelemetryProtocol";

    [Fact]
    public void WithoutAnOtlpEndpointNoExporterIsRegistered()
    {
        var services = Services(new Dictionary<string, string?>());

        Assert.DoesNotContain(services, FromOtlpExporter);
    }

    [Fact]
    public void AnOtlpEndpointInConfigurationAddsTheOtlpExporter()
    {
        var services = Services(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4317" });

        Assert.Contains(services, FromOtlpExporter);
    }

    [Theory]
    [InlineData(null, "AutopilotPortal")]
    [InlineData("portal-eu-1", "portal-eu-1")]
    public void TheServiceNameIsOtelServiceNameOrAutopilotPortal(string? configured, string expected)
    {
        var services = Services(new Dictionary<string, string?> { ["OTEL_SERVICE_NAME"] = configured });
        using var provider = services.BuildServiceProvider();

        var resource = provider.GetRequiredService<TracerProvider>().GetResource();

        Assert.Equal(expected, resource.Attributes.Single(a => a.Key == "service.name").Value);
    }

    private static ServiceCollection Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddPortalTelemetry(configuration);
        return services;
    }

    private static bool FromOtlpExporter(ServiceDescriptor descriptor) =>
        descriptor.ServiceType.Assembly.GetName().Name == OtlpAssembly
        || descriptor.ImplementationType?.Assembly.GetName().Name == OtlpAssembly
        || (descriptor.ServiceType.IsGenericType && descriptor.ServiceType.GetGenericArguments().Any(t => t.Assembly.GetName().Name == OtlpAssembly));
}
