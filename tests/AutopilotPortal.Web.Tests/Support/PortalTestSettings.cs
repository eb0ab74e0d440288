using AutopilotPortal.Tests.Shared;

namespace AutopilotPortal.Web.Tests.Support;

/// <summary>The configuration every Web test's portal reads: its test database, the tenant, the first administrator.</summary>
internal static class PortalTestSettings
{
    /// <summary>The first-run administrator the portal creates in every test database.</summary>
    public const string AdminUserName = "admin";

    public const string AdminPassword = "Test-admin-password-1";

    /// <summary>The settings for a portal over <paramref name="database"/>.</summary>
    /// <param name="database">The test's database; its settings name the file and <see cref="TestTenant.Id"/>.</param>
    public static IReadOnlyDictionary<string, string?> For(TestDatabase database) => new Dictionary<string, string?>(database.Settings)
    {
        ["Accounts:InitialAdminUserName"] = AdminUserName,
        ["Accounts:InitialAdminPassword"] = AdminPassword,

        // Tests start syncs themselves; a scheduled one would change profile statuses under them.
        ["Sync:Enabled"] = "false",
    };
}
