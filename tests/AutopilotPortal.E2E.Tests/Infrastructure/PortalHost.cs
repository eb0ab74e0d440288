using System.Reflection;
using AutopilotPortal.Tests.Shared;

namespace AutopilotPortal.E2E.Tests.Infrastructure;

/// <summary>
/// The real portal host on a fresh <see cref="TestDatabase"/>, with the database's folder as its temporary folder.
/// Its output is kept so that a failing test can show what the server said.
/// </summary>
public sealed class PortalHost : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly HostProcess _process;
    private readonly TestDatabase _database;

    private PortalHost(HostProcess process, TestDatabase database)
    {
        _process = process;
        _database = database;
    }

    /// <summary>The first-run administrator the host creates from its command line.</summary>
    public const string AdminUserName = "admin";

    public const string AdminPassword = "E2E-admin-Passw0rd";

    /// <summary>The root of the running portal, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl => _process.BaseUrl;

    /// <summary>The host's database.</summary>
    internal TestDatabase Database => _database;

    /// <summary>Starts the host and returns once it answers HTTP.</summary>
    public static async Task<PortalHost> StartAsync(string environment = "Production", IEnumerable<string>? settings = null)
    {
        var database = await TestDatabase.CreateAsync();
        var configuration = typeof(PortalHost).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        try
        {
            var process = await HostProcess.StartAsync(
                configuration,
                ["--environment", environment, .. database.HostArguments(),
                    "--Accounts:InitialAdminUserName", AdminUserName, "--Accounts:InitialAdminPassword", AdminPassword,
                    // Every browser of the suite signs in from loopback, like a whole office behind one address,
                    // and most as the one administrator, more often in a minute than a person would.
                    "--Accounts:SignInAttemptsPerAddress", "10000", "--Accounts:SignInAttemptsPerUserName", "10000", .. settings ?? []],
                StartTimeout,
                // Uploads wait beside the database, in its folder; anything else the host writes to temp goes there too.
                environment: new Dictionary<string, string> { ["TMPDIR"] = database.Folder });
            return new PortalHost(process, database);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>The last lines the server wrote, for failure messages.</summary>
    public string LogTail(int lines = 60) => _process.LogTail(lines);

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _database.Dispose();
    }
}
