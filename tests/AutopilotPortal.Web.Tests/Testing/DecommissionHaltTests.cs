using AutopilotPortal.Core.Decommissioning;
using AutopilotPortal.Web.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace AutopilotPortal.Web.Tests.Testing;

/// <summary>The decommission halt hook is a test host's, never a production portal's.</summary>
public sealed class DecommissionHaltTests
{
    [Theory]
    [InlineData("Development", "3", true)]
    [InlineData("Test", "0", true)]
    [InlineData("Production", "3", false)]
    [InlineData("Development", null, false)]
    public void IsRegisteredOnlyWhenAskedOutsideProduction(string environment, string? step, bool registered)
    {
        var services = new ServiceCollection();
        DecommissionHalt.AddIfAsked(services, Settings(step), new Environment(environment));

        Assert.Equal(registered, services.Any(d => d.ServiceType == typeof(IDecommissionStepObserver)));
    }

    [Fact]
    public void AStepOutsideTheFourIsRefusedWithTheSettingsName()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            DecommissionHalt.AddIfAsked(new ServiceCollection(), Settings("7"), new Environment("Development")));

        Assert.Contains(DecommissionHalt.SettingName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherStepsPassAndTheChosenOneWaitsUntilStopped()
    {
        var halt = new DecommissionHalt(2, TimeProvider.System);
        await halt.StepCommittedAsync(Guid.NewGuid(), 1, CancellationToken.None);

        using var stop = new CancellationTokenSource();
        var waiting = halt.StepCommittedAsync(Guid.NewGuid(), 2, stop.Token);
        Assert.False(waiting.IsCompleted);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    private static IConfiguration Settings(string? step) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [DecommissionHalt.SettingName] = step }).Build();

    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;

        public string ApplicationName { get; set; } = "AutopilotPortal.Web.Tests";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
