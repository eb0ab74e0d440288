using AutopilotPortal.Core.Simulation;
using AutopilotPortal.Web.Features.Simulation;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Features.Simulation;

public sealed class DeploymentEventsPageTests : PortalComponentTest
{
    [Fact]
    public async Task TheEventsPageListsRunsOfTheSerialItIsOpenedWithNewestFirstLinkingToTheDevice()
    {
        var devices = await SeedDevicesAsync(2, firstSeed: 91);
        var simulator = Services.GetRequiredService<DeploymentSimulator>();
        var first = await simulator.SimulateAsync(Caller, devices[0].Id);
        var second = await simulator.SimulateAsync(Caller, devices[0].Id);
        var other = await simulator.SimulateAsync(Caller, devices[1].Id);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/deployment-events?serial={devices[0].SerialNumber}");
        RenderProviders();

        var cut = Render<DeploymentEventsPage>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid^=event-result-]").Count), Wait);
        var results = cut.FindAll("[data-testid^=event-result-]").Select(e => e.GetAttribute("data-testid")).ToList();
        Assert.Equal([$"event-result-{second.Id}", $"event-result-{first.Id}"], results);
        Assert.Contains("No profile (normal OOBE)", cut.Find($"[data-testid='event-result-{first.Id}']").TextContent, StringComparison.Ordinal);
        Assert.Equal($"/devices?device={devices[0].Id}", cut.Find($"[data-testid='event-device-{first.Id}']").GetAttribute("href"));
        Assert.Empty(cut.FindAll($"[data-testid='event-result-{other.Id}']"));
    }

    [Fact]
    public async Task OpenedForOneDeviceTheEventsPageListsThatDevicesRunsOnly()
    {
        var devices = await SeedDevicesAsync(2, firstSeed: 93);
        var simulator = Services.GetRequiredService<DeploymentSimulator>();
        var mine = await simulator.SimulateAsync(Caller, devices[0].Id);
        var other = await simulator.SimulateAsync(Caller, devices[1].Id);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/deployment-events?device={devices[0].Id}");
        RenderProviders();

        var cut = Render<DeploymentEventsPage>();

        cut.WaitForElement($"[data-testid='event-result-{mine.Id}']", Wait);
        Assert.Single(cut.FindAll("[data-testid^=event-result-]"));
        Assert.Empty(cut.FindAll($"[data-testid='event-result-{other.Id}']"));
        Assert.NotNull(cut.Find("[data-testid=events-one-device]"));
    }

    [Theory]
    [InlineData("NoProfile", 2)]
    [InlineData("Failed", 0)]
    public async Task TheResultInTheAddressFiltersTheRuns(string result, int expected)
    {
        var devices = await SeedDevicesAsync(2, firstSeed: 97);
        var simulator = Services.GetRequiredService<DeploymentSimulator>();
        await simulator.SimulateAsync(Caller, devices[0].Id);
        await simulator.SimulateAsync(Caller, devices[1].Id);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/deployment-events?result={result}");
        RenderProviders();

        var cut = Render<DeploymentEventsPage>();

        // Loaded once: either the rows or the empty message, never both.
        cut.WaitForAssertion(() => Assert.True(cut.FindAll("[data-testid^=event-result-]").Count > 0 || cut.FindAll("[data-testid=events-empty]").Count > 0), Wait);
        Assert.Equal(expected, cut.FindAll("[data-testid^=event-result-]").Count);
    }
}
