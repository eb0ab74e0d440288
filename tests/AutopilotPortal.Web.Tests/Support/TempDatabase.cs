using Microsoft.Data.Sqlite;

namespace AutopilotPortal.Web.Tests.Support;

/// <summary>A SQLite file in its own temporary folder, removed with its WAL files at the end.</summary>
public sealed class TempDatabase : IDisposable
{
    /// <summary>The tenant every test acts for.</summary>
    public static readonly Guid TenantId = new("6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"autopilot-webtests-{Guid.NewGuid():N}");

    public TempDatabase()
    {
        Directory.CreateDirectory(_folder);
    }

    public string ConnectionString => $"Data Source={Path.Combine(_folder, "portal.db")}";

    /// <summary>The configuration the portal reads: the database file and the tenant.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:ConnectionString"] = ConnectionString,
        ["Autopilot:TenantId"] = TenantId.ToString(),
        ["Accounts:InitialAdminUserName"] = AdminUserName,
        ["Accounts:InitialAdminPassword"] = AdminPassword,

        // Tests start syncs themselves; a scheduled one would change profile statuses under them.
        ["Autopilot:SyncEnabled"] = "false",
    };

    /// <summary>The first-run administrator the portal creates in every test database.</summary>
    public const string AdminUserName = "admin";

    public const string AdminPassword = "Test-admin-password-1";

    public void Dispose()
    {
        // Pooled connections keep the file open; release them before deleting it.
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Another test class may still hold a pooled connection; the folder is in temp.
        }
    }
}
