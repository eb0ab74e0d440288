using AutopilotPortal.Core.Data;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace AutopilotPortal.Core.Tests.Support;

/// <summary>
/// The portal's services, built with <c>AddPortalCore()</c>, over a <see cref="TestDatabase"/> for one test, with
/// time on a <see cref="FakeTimeProvider"/>. The database is deleted on dispose.
/// </summary>
internal sealed class PortalTestDatabase : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly bool _ownsDatabase;

    private PortalTestDatabase(TestDatabase database, bool ownsDatabase, ServiceProvider services, FakeTimeProvider clock)
    {
        _database = database;
        _ownsDatabase = ownsDatabase;
        Services = services;
        Clock = clock;
    }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Clock { get; }

    /// <summary>Starts the portal's services on a new database.</summary>
    /// <param name="settings">Extra configuration keys (e.g. <c>Import:MaxRows</c>).</param>
    /// <param name="configureServices">Changes to the service collection after <c>AddPortalCore()</c>.</param>
    public static async Task<PortalTestDatabase> CreateAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var database = await TestDatabase.CreateAsync();
        try
        {
            return await StartAsync(database, ownsDatabase: true, settings, configureServices);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A second portal instance on this database: its own service provider (its own singletons, clock and
    /// instance id), as another process or a restarted one would have. The database stays this instance's;
    /// the other starts at this one's current time.
    /// </summary>
    public async Task<PortalTestDatabase> StartAnotherInstanceAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var other = await StartAsync(_database, ownsDatabase: false, settings, null);
        other.Clock.SetUtcNow(Clock.GetUtcNow());
        return other;
    }

    private static async Task<PortalTestDatabase> StartAsync(
        TestDatabase database,
        bool ownsDatabase,
        IReadOnlyDictionary<string, string?>? settings,
        Action<IServiceCollection>? configureServices)
    {
        var values = new Dictionary<string, string?>(database.Settings);
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
        var instance = new PortalTestDatabase(database, ownsDatabase, provider, clock);

        // A new database is the template, which the initializer made for the test tenant: nothing is left to do at
        // its start unless the settings name another tenant. Another instance is a restart, so it starts as the portal
        // does (its tenant, the imports a stop interrupted).
        if (!ownsDatabase || values["Tenant:Id"] != TestTenant.Id.ToString())
        {
            await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        }

        return instance;
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
        if (_ownsDatabase)
        {
            _database.Dispose();
        }
    }
}

/// <summary>Row counts of the tables a registration or import writes.</summary>
internal sealed record DatabaseCounts(int Registrations, int DirectoryDevices, int AutopilotDevices, int ImportJobs, int ImportRowResults);
