using AutopilotPortal.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace AutopilotPortal.Core.Tests.Support;

/// <summary>
/// A real SQLite file database for one test: migrated with the real migrations, the portal's
/// services built with <c>AddPortalCore()</c>, time on a <see cref="FakeTimeProvider"/>.
/// The file is deleted on dispose.
/// </summary>
internal sealed class PortalTestDatabase : IAsyncDisposable
{
    /// <summary>The tenant the portal acts for in every test.</summary>
    public static readonly Guid TenantId = new("6c1f0a3e-2b7d-4c5e-9a8f-1d2e3f4a5b6c");

    private readonly string _path;
    private readonly bool _ownsFile;

    private PortalTestDatabase(string path, ServiceProvider services, FakeTimeProvider clock, bool ownsFile = true)
    {
        _path = path;
        _ownsFile = ownsFile;
        Services = services;
        Clock = clock;
    }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Clock { get; }

    /// <summary>Creates and migrates a new database file.</summary>
    /// <param name="settings">Extra configuration keys (e.g. <c>Autopilot:MaxImportRows</c>).</param>
    /// <param name="configureServices">Changes to the service collection after <c>AddPortalCore()</c>.</param>
    public static Task<PortalTestDatabase> CreateAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null) =>
        CreateAsync(Path.Combine(Path.GetTempPath(), $"autopilot-coretests-{Guid.NewGuid():N}.db"), ownsFile: true, settings, configureServices);

    /// <summary>
    /// A second portal instance on this database file: its own service provider (its own
    /// singletons, clock and instance id), as another process or a restarted one would have.
    /// The file stays this database's; the instance starts at this one's current time.
    /// </summary>
    public async Task<PortalTestDatabase> StartAnotherInstanceAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var other = await CreateAsync(_path, ownsFile: false, settings, null);
        other.Clock.SetUtcNow(Clock.GetUtcNow());
        return other;
    }

    private static async Task<PortalTestDatabase> CreateAsync(
        string path,
        bool ownsFile,
        IReadOnlyDictionary<string, string?>? settings,
        Action<IServiceCollection>? configureServices)
    {
        var values = new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = $"Data Source={path}",
            ["Autopilot:TenantId"] = TenantId.ToString(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 30, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddPortalCore();
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
        configureServices?.Invoke(services);

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var database = new PortalTestDatabase(path, provider, clock, ownsFile);
        await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        return database;
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    public Task<PortalDbContext> CreateDbContextAsync() =>
        Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    /// <summary>How many rows each service holds, across every tenant.</summary>
    public async Task<DatabaseCounts> CountAsync()
    {
        await using var db = await CreateDbContextAsync();
        return new DatabaseCounts(
            await db.Registrations.CountAsync(),
            await db.DirectoryDevices.CountAsync(),
            await db.AutopilotDevices.CountAsync(),
            await db.ImportJobs.CountAsync(),
            await db.ImportRowResults.CountAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        if (!_ownsFile)
        {
            return;
        }

        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm", _path + "-journal" })
        {
            File.Delete(file);
        }
    }
}

/// <summary>Row counts of the tables a registration or import writes.</summary>
internal sealed record DatabaseCounts(int Registrations, int DirectoryDevices, int AutopilotDevices, int ImportJobs, int ImportRowResults);
