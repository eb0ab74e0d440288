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

/// <summary>A portal configured with one setting out of its range.</summary>
public sealed class OneBadSettingFactory(string key, string value) : PortalWebApplicationFactory
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?> { [key] = value };
}

public sealed class StartupSettingsTests
{
    /// <summary>Every section is validated when the portal starts, not when a page first reads it.</summary>
    [Theory]
    [InlineData("Tenant:Name", "", "TenantOptions", "Name")]
    [InlineData("Import:BatchSize", "0", "ImportOptions", "BatchSize")]
    [InlineData("Partner:OemCatalogSize", "-1", "PartnerOptions", "OemCatalogSize")]
    [InlineData("Sync:CheckInterval", "00:00:00", "SyncOptions", "CheckInterval")]
    [InlineData("Sync:AutomaticInterval", "00:00:00", "SyncOptions", "AutomaticInterval")]
    [InlineData("Decommission:LeaseDuration", "02:00:00", "DecommissionOptions", "LeaseDuration")]
    public async Task ASettingOutOfRangeStopsTheStartNamingItsSectionAndField(string key, string value, string section, string field)
    {
        await using var factory = new OneBadSettingFactory(key, value);

        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains(section, error.Message, StringComparison.Ordinal);
        Assert.Contains(field, Assert.Single(error.Failures), StringComparison.Ordinal);
    }

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
