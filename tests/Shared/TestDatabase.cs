using AutopilotPortal.Core;
using AutopilotPortal.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AutopilotPortal.Tests.Shared;

/// <summary>
/// A database for one test, with a folder of its own: a copy of a template that the portal's
/// <see cref="DatabaseInitializer"/> migrated, once per process, for <see cref="TestTenant.Id"/>, so that a test pays
/// for a copy instead of the whole migration. On SQLite (the default) the copy is a file in the folder, and uploads
/// go beside it; on PostgreSQL (<c>PORTAL_TEST_PROVIDER=Postgres</c>, the server in <c>PORTAL_TEST_POSTGRES</c>) it is
/// a database made with <c>CREATE DATABASE … TEMPLATE</c>, and uploads go to the folder. Dispose deletes the folder
/// and whatever the test wrote there, and drops a PostgreSQL copy.
/// </summary>
internal sealed class TestDatabase : IDisposable
{
    private const string FileName = "portal.db";

    /// <summary>The provider the tests run on: <c>PORTAL_TEST_PROVIDER</c>, <c>Sqlite</c> when unset.</summary>
    public static readonly string Provider = Environment.GetEnvironmentVariable("PORTAL_TEST_PROVIDER") is { Length: > 0 } provider ? provider : "Sqlite";

    /// <summary>True when the tests run on PostgreSQL.</summary>
    public static bool OnPostgres => Provider == Core.Data.Postgres.PostgresDatabaseProvider.ProviderName;

    private static readonly Lazy<string> PostgresServer = new(() =>
        Environment.GetEnvironmentVariable("PORTAL_TEST_POSTGRES") is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException("PORTAL_TEST_PROVIDER=Postgres needs PORTAL_TEST_POSTGRES, a connection string to the server (Host, Port, Username), as test.sh sets it."));

    // The server's maintenance database, where databases are created and dropped.
    private static string Maintenance => new NpgsqlConnectionStringBuilder(PostgresServer.Value) { Database = "postgres", Pooling = false }.ConnectionString;

    // Each test process (one per test project, and they run at once) has its own folder, so its own template.
    private static readonly Lazy<string> ProcessFolder = new(CreateProcessFolder, LazyThreadSafetyMode.ExecutionAndPublication);

    // Tests that start together wait for the one template. On the thread pool, so that Create() may block on it.
    private static readonly Lazy<Task<string>> Template = new(() => Task.Run(CreateTemplateAsync), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly string? _postgresDatabase;

    private TestDatabase(string folder, string? postgresDatabase = null)
    {
        Folder = folder;
        _postgresDatabase = postgresDatabase;
    }

    /// <summary>The folder that holds the database (on SQLite) and the test's files; deleted on dispose.</summary>
    public string Folder { get; }

    /// <summary>The SQLite file; there is none on PostgreSQL.</summary>
    public string FilePath => _postgresDatabase is null
        ? Path.Combine(Folder, FileName)
        : throw new InvalidOperationException("The test database is a PostgreSQL database, not a file.");

    public string ConnectionString => _postgresDatabase is { } name
        ? new NpgsqlConnectionStringBuilder(PostgresServer.Value) { Database = name }.ConnectionString
        : $"Data Source={FilePath}";

    /// <summary>The configuration the portal needs for this database: the provider, the connection string and the tenant.</summary>
    public IReadOnlyDictionary<string, string?> Settings => _postgresDatabase is null
        ? SettingsFor(ConnectionString)
        : new Dictionary<string, string?>(SettingsFor(ConnectionString))
        {
            ["Database:Provider"] = Core.Data.Postgres.PostgresDatabaseProvider.ProviderName,
            ["Import:UploadFolder"] = Path.Combine(Folder, "uploads"),
        };

    /// <summary>
    /// <see cref="Settings"/> as a host's command line (<c>--Database:ConnectionString …</c>), with SQLite's busy
    /// timeout raised to <paramref name="sqliteTimeoutSeconds"/> when given (the host's processes then wait for
    /// each other's writes rather than fail).
    /// </summary>
    public IReadOnlyList<string> HostArguments(int? sqliteTimeoutSeconds = null)
    {
        var arguments = new List<string>();
        foreach (var (key, value) in Settings)
        {
            var text = key == "Database:ConnectionString" && _postgresDatabase is null && sqliteTimeoutSeconds is { } timeout
                ? $"{value};Default Timeout={timeout}"
                : value;
            arguments.AddRange(["--" + key, text ?? string.Empty]);
        }

        return arguments;
    }

    /// <summary>A new copy of the template, for tests and fixtures that can await.</summary>
    public static async Task<TestDatabase> CreateAsync()
    {
        if (OnPostgres)
        {
            return await CopyPostgresTemplateAsync(await PostgresTemplate.Value.ConfigureAwait(false)).ConfigureAwait(false);
        }

        return CopyTemplate(await Template.Value.ConfigureAwait(false));
    }

    /// <summary>A new copy of the template, for constructors and other code that cannot await.</summary>
    public static TestDatabase Create() => OnPostgres
        ? Task.Run(CreateAsync).GetAwaiter().GetResult()
        : CopyTemplate(Template.Value.GetAwaiter().GetResult());

    /// <summary>The configuration the portal needs for a database: <paramref name="connectionString"/> and <see cref="TestTenant.Id"/>.</summary>
    /// <param name="connectionString">The SQLite connection string, e.g. <c>Data Source=/tmp/portal.db</c>.</param>
    public static IReadOnlyDictionary<string, string?> SettingsFor(string connectionString) => new Dictionary<string, string?>
    {
        ["Database:ConnectionString"] = connectionString,
        ["Tenant:Id"] = TestTenant.Id.ToString(),
    };

    public void Dispose()
    {
        if (_postgresDatabase is { } name)
        {
            using (var pooled = new NpgsqlConnection(ConnectionString))
            {
                NpgsqlConnection.ClearPool(pooled);
            }

            RunOnServer($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        }
        else
        {
            // Pooled connections keep the file open; release them before deleting it.
            SqliteConnection.ClearAllPools();
        }

        DeleteFolder(Folder);
    }

    // On PostgreSQL, tests that start together wait for the one template database, migrated once per process.
    private static readonly Lazy<Task<string>> PostgresTemplate = new(() => Task.Run(CreatePostgresTemplateAsync), LazyThreadSafetyMode.ExecutionAndPublication);

    private static async Task<string> CreatePostgresTemplateAsync()
    {
        var name = $"portal_{Environment.ProcessId}_template";
        RunOnServer($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
        RunOnServer($"CREATE DATABASE \"{name}\"");
        var connectionString = new NpgsqlConnectionStringBuilder(PostgresServer.Value) { Database = name }.ConnectionString;
        await InitializeAsync(new Dictionary<string, string?>(SettingsFor(connectionString)) { ["Database:Provider"] = Core.Data.Postgres.PostgresDatabaseProvider.ProviderName });

        // CREATE DATABASE … TEMPLATE refuses a template anyone is connected to.
        using (var pooled = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => DropProcessDatabases();
        return name;
    }

    private static async Task<TestDatabase> CopyPostgresTemplateAsync(string template)
    {
        var name = $"portal_{Environment.ProcessId}_{Guid.NewGuid():N}";
        await using (var server = new NpgsqlConnection(Maintenance))
        {
            await server.OpenAsync().ConfigureAwait(false);
            await using var create = server.CreateCommand();
            create.CommandText = $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"";
            await create.ExecuteNonQueryAsync().ConfigureAwait(false);
        }

        var folder = Path.Combine(ProcessFolder.Value, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new TestDatabase(folder, name);
    }

    /// <summary>Drops the template and every copy this process left (a test that did not dispose its database).</summary>
    private static void DropProcessDatabases()
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            using var server = new NpgsqlConnection(Maintenance);
            server.Open();
            var names = new List<string>();
            using (var list = server.CreateCommand())
            {
                list.CommandText = $"SELECT datname FROM pg_database WHERE datname LIKE 'portal\\_{Environment.ProcessId}\\_%'";
                using var reader = list.ExecuteReader();
                while (reader.Read())
                {
                    names.Add(reader.GetString(0));
                }
            }

            foreach (var name in names)
            {
                using var drop = server.CreateCommand();
                drop.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
                drop.ExecuteNonQuery();
            }
        }
        catch (NpgsqlException)
        {
            // The server is gone already (test.sh stops the throwaway cluster): nothing is left to drop.
        }
    }

    /// <summary>Runs one statement on the server's maintenance database (CREATE and DROP DATABASE run outside a transaction).</summary>
    private static void RunOnServer(string sql)
    {
        using var server = new NpgsqlConnection(Maintenance);
        server.Open();
        using var command = server.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static TestDatabase CopyTemplate(string template)
    {
        var folder = Path.Combine(ProcessFolder.Value, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.Copy(template, Path.Combine(folder, FileName));
        return new TestDatabase(folder);
    }

    /// <summary>Migrates the database <paramref name="settings"/> name for <see cref="TestTenant.Id"/>, as the portal does at start.</summary>
    private static async Task InitializeAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddPortalCore()
            .BuildServiceProvider();
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
    }

    private static async Task<string> CreateTemplateAsync()
    {
        var path = Path.Combine(ProcessFolder.Value, "template.db");
        var connectionString = $"Data Source={path}";
        await InitializeAsync(SettingsFor(connectionString));

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
