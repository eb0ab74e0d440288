using AutopilotPortal.Core.Preferences;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tests.Support;

namespace AutopilotPortal.Core.Tests.Preferences;

public sealed class UserPreferenceTests
{
    [Fact]
    public async Task EachPersonKeepsTheirOwnValueWhichReplacesAndForgets()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var preferences = database.Get<UserPreferenceService>();
        var alice = PortalCaller.WithRoles("alice", PortalRole.Reader);
        var bob = PortalCaller.WithRoles("bob", PortalRole.HelpDesk);

        Assert.Null(await preferences.GetAsync(alice, "devices.columns"));
        await preferences.SetAsync(alice, "devices.columns", "SerialNumber,Model");
        await preferences.SetAsync(bob, "devices.columns", "SerialNumber");

        Assert.Equal("SerialNumber,Model", await preferences.GetAsync(alice, "devices.columns"));
        Assert.Equal("SerialNumber", await preferences.GetAsync(bob, "devices.columns"));

        await preferences.SetAsync(alice, "devices.columns", "Model");
        Assert.Equal("Model", await preferences.GetAsync(alice, "devices.columns"));

        await preferences.SetAsync(alice, "devices.columns", null);
        Assert.Null(await preferences.GetAsync(alice, "devices.columns"));
        Assert.Equal("SerialNumber", await preferences.GetAsync(bob, "devices.columns"));
    }

    [Fact]
    public async Task NobodySignedInHasNoPreferencesAndCannotKeepOne()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var preferences = database.Get<UserPreferenceService>();

        Assert.Null(await preferences.GetAsync(PortalCaller.Anonymous(), "devices.columns"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => preferences.SetAsync(PortalCaller.Anonymous(), "devices.columns", "x"));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            preferences.SetAsync(PortalCaller.WithRoles("alice", PortalRole.Reader), "devices.columns", new string('x', UserPreferenceService.MaxValueLength + 1)));
    }
}
