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
    private readonly bool _ownsDatabase;

    private PortalHost(HostProcess process, TestDatabase database, bool ownsDatabase)
    {
        _process = process;
        _database = database;
        _ownsDatabase = ownsDatabase;
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
        try
        {
            return await StartAsync(database, ownsDatabase: true, environment, settings);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starts a host on <paramref name="database"/>, which other hosts may share (on PostgreSQL), and returns once it
    /// answers HTTP. Disposing this host leaves the database to its owner.
    /// </summary>
    internal static Task<PortalHost> StartOnAsync(TestDatabase database, IEnumerable<string>? settings = null) =>
        StartAsync(database, ownsDatabase: false, "Production", settings);

    private static async Task<PortalHost> StartAsync(TestDatabase database, bool ownsDatabase, string environment, IEnumerable<string>? settings)
    {
        var configuration = typeof(PortalHost).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
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
        return new PortalHost(process, database, ownsDatabase);
    }

    /// <summary>The last lines the server wrote, for failure messages.</summary>
    public string LogTail(int lines = 60) => _process.LogTail(lines);

    /// <summary>Kills the host's process tree, without a shutdown (kill -9), and waits for it to exit; the database stays.</summary>
    public ValueTask KillAsync() => _process.DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        if (_ownsDatabase)
        {
            _database.Dispose();
        }
    }
}
