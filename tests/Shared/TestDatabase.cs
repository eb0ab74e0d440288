using AutopilotPortal.Core;
using AutopilotPortal.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Tests.Shared;

/// <summary>
/// A SQLite database for one test, in a folder of its own: a copy of a template that the portal's
/// <see cref="DatabaseInitializer"/> migrated, once per process, for <see cref="TestTenant.Id"/>, so that a test pays
/// for a file copy instead of the whole migration. Uploads go beside the database by default, so they are the test's
/// too. Dispose deletes the folder: the file, its <c>-wal</c> and <c>-shm</c>, and whatever the test wrote there.
/// </summary>
internal sealed class TestDatabase : IDisposable
{
    private const string FileName = "portal.db";

    // Each test process (one per test project, and they run at once) has its own folder, so its own template.
    private static readonly Lazy<string> ProcessFolder = new(CreateProcessFolder, LazyThreadSafetyMode.ExecutionAndPublication);

    // Tests that start together wait for the one template. On the thread pool, so that Create() may block on it.
    private static readonly Lazy<Task<string>> Template = new(() => Task.Run(CreateTemplateAsync), LazyThreadSafetyMode.ExecutionAndPublication);

    private TestDatabase(string folder)
    {
        Folder = folder;
    }

    /// <summary>The folder that holds the database and nothing else; deleted on dispose.</summary>
    public string Folder { get; }

    public string FilePath => Path.Combine(Folder, FileName);

    public string ConnectionString => $"Data Source={FilePath}";

    /// <summary>The configuration the portal needs for this database: the connection string and the tenant.</summary>
    public IReadOnlyDictionary<string, string?> Settings => SettingsFor(ConnectionString);

    /// <summary>A new copy of the template, for tests and fixtures that can await.</summary>
    public static async Task<TestDatabase> CreateAsync() => CopyTemplate(await Template.Value.ConfigureAwait(false));

    /// <summary>A new copy of the template, for constructors and other code that cannot await.</summary>
    public static TestDatabase Create() => CopyTemplate(Template.Value.GetAwaiter().GetResult());

    /// <summary>The configuration the portal needs for a database: <paramref name="connectionString"/> and <see cref="TestTenant.Id"/>.</summary>
    /// <param name="connectionString">The SQLite connection string, e.g. <c>Data Source=/tmp/portal.db</c>.</param>
    public static IReadOnlyDictionary<string, string?> SettingsFor(string connectionString) => new Dictionary<string, string?>
    {
        ["Database:ConnectionString"] = connectionString,
        ["Tenant:Id"] = TestTenant.Id.ToString(),
    };

    public void Dispose()
    {
        // Pooled connections keep the file open; release them before deleting it.
        SqliteConnection.ClearAllPools();
        DeleteFolder(Folder);
    }

    private static TestDatabase CopyTemplate(string template)
    {
        var folder = Path.Combine(ProcessFolder.Value, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.Copy(template, Path.Combine(folder, FileName));
        return new TestDatabase(folder);
    }

    private static async Task<string> CreateTemplateAsync()
    {
        var path = Path.Combine(ProcessFolder.Value, "template.db");
        var connectionString = $"Data Source={path}";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(SettingsFor(connectionString)).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddPortalCore()
            .BuildServiceProvider();
        await using (services)
        {
            await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        }

        // A copy must be the one file. The initializer left the database in WAL mode, with pooled connections open:
        // close them, and the last connection to close checkpoints the WAL into the file and removes -wal and -shm.
        // The file's header keeps WAL mode, so every copy opens in WAL as the portal's own database does.
        using (var pooled = new SqliteConnection(connectionString))
        {
            SqliteConnection.ClearPool(pooled);
        }

        await using (var connection = new SqliteConnection(connectionString + ";Pooling=False"))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await checkpoint.ExecuteNonQueryAsync();
        }

        if (File.Exists(path + "-wal") || File.Exists(path + "-shm") || File.Exists(path + "-journal"))
        {
            throw new InvalidOperationException($"{path}: a connection to the template is still open, so a copy of the file alone would miss its last writes.");
        }

        return path;
    }

    private static string CreateProcessFolder()
    {
        var folder = Directory.CreateTempSubdirectory($"autopilot-tests-{Environment.ProcessId}-").FullName;

        // The template, and the folder of any test that did not dispose its database, go when the process ends.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            SqliteConnection.ClearAllPools();
            DeleteFolder(folder);
        };
        return folder;
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file another process still holds open (a host being killed): the process folder's sweep, or the
            // OS's temp cleanup, takes it later.
        }
    }
}
