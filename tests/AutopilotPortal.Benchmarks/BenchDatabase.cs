using System.Data.Common;
using System.Globalization;
using AutopilotPortal.Core.Data.Postgres;
using AutopilotPortal.Tests.Shared;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AutopilotPortal.Benchmarks;

/// <summary>
/// Where a benchmark's database lives. Every benchmark names its database by a SQLite path
/// (<c>/tmp/autopilot-bench/search-1000000.db</c>); with <c>--provider postgres --postgres "Host=…;Username=…"</c> the same
/// name means a database of that server (<c>bench_search_1000000</c>), so each benchmark runs unchanged on either provider.
/// The choice travels to the benchmark's child processes in environment variables.
/// </summary>
internal static class BenchDatabase
{
    private const string ProviderVariable = "PORTAL_BENCH_PROVIDER";
    private const string ServerVariable = "PORTAL_BENCH_POSTGRES";

    private static string? _server = Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } server
        && Environment.GetEnvironmentVariable(ProviderVariable) is { } provider
        && provider.Equals(PostgresDatabaseProvider.ProviderName, StringComparison.OrdinalIgnoreCase) ? server : null;

    /// <summary>True when the databases are PostgreSQL's.</summary>
    public static bool OnPostgres => _server is not null;

    /// <summary>The provider's name as the benchmarks print it.</summary>
    public static string ProviderLabel => OnPostgres ? "PostgreSQL" : "SQLite";

    /// <summary>Takes <c>--provider</c> and <c>--postgres</c> from the command line (and hands them to child processes).</summary>
    /// <returns>An error to print, or null.</returns>
    public static string? Configure(BenchOptions options)
    {
        var provider = options.String("provider");
        if (provider is null)
        {
            return null;
        }

        if (provider.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
        {
            _server = null;
            Environment.SetEnvironmentVariable(ProviderVariable, null);
            return null;
        }

        if (!provider.Equals(PostgresDatabaseProvider.ProviderName, StringComparison.OrdinalIgnoreCase))
        {
            return $"--provider {provider}: the providers are sqlite and postgres.";
        }

        var server = options.String("postgres") ?? Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            return "--provider postgres needs --postgres \"Host=127.0.0.1;Port=…;Username=…\" (a server; the benchmark makes its own databases).";
        }

        _server = server;
        Environment.SetEnvironmentVariable(ProviderVariable, PostgresDatabaseProvider.ProviderName);
        Environment.SetEnvironmentVariable(ServerVariable, server);
        return null;
    }

    /// <summary>The PostgreSQL database that stands for the SQLite path.</summary>
    public static string PostgresName(string path) =>
        "bench_" + string.Concat(Path.GetFileNameWithoutExtension(path).Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '_'));

    /// <summary>The database as a person reads it: the file, or the server's database.</summary>
    public static string Describe(string path) => OnPostgres ? $"PostgreSQL database {PostgresName(path)}" : path;

    public static string ConnectionString(string path) => OnPostgres
        ? new NpgsqlConnectionStringBuilder(_server) { Database = PostgresName(path) }.ConnectionString
        : $"Data Source={path}";

    /// <summary>The portal's configuration for the database and <see cref="TestTenant.Id"/>.</summary>
    public static Dictionary<string, string?> Settings(string path)
    {
        var settings = new Dictionary<string, string?>(TestDatabase.SettingsFor(ConnectionString(path)));
        if (OnPostgres)
        {
            settings["Database:Provider"] = PostgresDatabaseProvider.ProviderName;
        }

        return settings;
    }

    public static bool Exists(string path)
    {
        if (!OnPostgres)
        {
            return File.Exists(path);
        }

        using var connection = OpenServer();
        using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = @name", connection);
        command.Parameters.AddWithValue("name", PostgresName(path));
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Deletes the database (the file with its WAL, or the server's database), if it exists.</summary>
    public static void Delete(string path)
    {
        ClearPools();
        if (!OnPostgres)
        {
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }

            return;
        }

        using var connection = OpenServer();
        using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{PostgresName(path)}\" WITH (FORCE)", connection);
        command.ExecuteNonQuery();
    }

    /// <summary>Makes an empty database where there is none (a SQLite file is made by its first connection).</summary>
    public static void EnsureExists(string path)
    {
        if (OnPostgres && !Exists(path))
        {
            using var connection = OpenServer();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{PostgresName(path)}\"", connection);
            command.ExecuteNonQuery();
        }
    }

    /// <summary>A plain ADO.NET connection to the database, opened.</summary>
    public static async Task<DbConnection> OpenAsync(string path)
    {
        DbConnection connection = OnPostgres ? new NpgsqlConnection(ConnectionString(path)) : new SqliteConnection(ConnectionString(path));
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Closes pooled connections, so that a file can be deleted or a database dropped or copied.</summary>
    public static void ClearPools()
    {
        if (OnPostgres)
        {
            NpgsqlConnection.ClearAllPools();
        }
        else
        {
            SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>The devices of <see cref="TestTenant.Id"/>, or -1 when there is no such database (or it has no tables yet).</summary>
    public static async Task<long> CountDevicesAsync(string path)
    {
        if (!Exists(path))
        {
            return -1;
        }

        try
        {
            await using var connection = await OpenAsync(path);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM \"IntuneAutopilotDevices\" WHERE \"TenantId\" = @t";
            AddTenant(command);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }
        catch (DbException)
        {
            return -1;
        }
    }

    /// <summary>Adds <c>@t</c>, the tenant's id in the form the provider stores it.</summary>
    public static void AddTenant(DbCommand command)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@t";
        parameter.Value = OnPostgres ? TestTenant.Id : TestTenant.Id.ToString().ToUpperInvariant();
        command.Parameters.Add(parameter);
    }

    private static NpgsqlConnection OpenServer()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }
}
