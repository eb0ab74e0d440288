using Microsoft.Extensions.Options;

namespace AutopilotPortal.Web.Tests.Integration;

/// <summary>A portal configured with a first administrator password that breaks the password rules.</summary>
public sealed class WeakInitialPasswordFactory : PortalWebApplicationFactory
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Accounts:InitialAdminPassword"] = "admin",
    };
}

public sealed class StartupSettingsTests
{
    [Fact]
    public async Task AWeakInitialAdminPasswordStopsTheStartWithOneLineNamingTheSettingAndTheRules()
    {
        await using var factory = new WeakInitialPasswordFactory();

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        var message = Assert.Single(error.Failures);
        Assert.DoesNotContain('\n', message);
        Assert.StartsWith("Accounts:InitialAdminPassword ", message, StringComparison.Ordinal);
        Assert.Contains("at least 12 characters", message, StringComparison.Ordinal);
        Assert.Contains("an upper-case letter, a lower-case letter, a digit and a symbol", message, StringComparison.Ordinal);
    }
}
