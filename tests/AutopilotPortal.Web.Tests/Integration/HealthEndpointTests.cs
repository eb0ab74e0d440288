using System.Net;
using AutopilotPortal.Core.Health;
using AutopilotPortal.Tests.Shared;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace AutopilotPortal.Web.Tests.Integration;

/// <summary>
/// <c>/alive</c> and <c>/health</c> through the real host. Each test has a portal of its own (it breaks it), with the
/// scheduled sync switched on so that both background workers really run. Where a test breaks one thing, it first
/// sees the portal healthy, and reads the health report to make sure that the one thing is why it is unhealthy now.
/// </summary>
public sealed class HealthEndpointTests
{
    [Fact]
    public async Task AliveAndHealthAnswerHealthyToARequestWithoutCookieOrToken()
    {
        await using var factory = new WorkingPortalFactory();
        using var client = AnonymousClient(factory);

        foreach (var path in new[] { "/alive", "/health" })
        {
            using var response = await client.GetAsync(path);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
            Assert.True(response.Headers.CacheControl?.NoStore, $"{path} may be cached");
        }

        var workers = factory.Services.GetRequiredService<WorkerStatus>().Snapshot();
        Assert.All(workers.Values, state => Assert.Equal(WorkerState.Running, state));
    }

    [Fact]
    public async Task HealthIsHealthyWithTheScheduledSyncSwitchedOffOnThisInstance()
    {
        await using var factory = new PortalWebApplicationFactory();
        using var client = AnonymousClient(factory);

        using var response = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WorkerState.Off, factory.Services.GetRequiredService<WorkerStatus>()[PortalWorker.Sync]);
    }

    [Fact]
    public async Task TheHealthEndpointsAnswerWithoutSignInWhenSignInGoesThroughEntra()
    {
        await using var factory = new EntraWebApplicationFactory();
        using var client = factory.CreateBrowser();

        using var alive = await client.GetAsync("/alive");
        using var health = await client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HealthIsUnhealthyWhenTheDatabaseCannotBeReachedWhileAliveStaysHealthy()
    {
        await using var factory = new WorkingPortalFactory();
        using var client = AnonymousClient(factory);
        await AssertHealthyAsync(client);

        if (TestDatabase.OnPostgres)
        {
            // The server refuses every connection to the database, and those open are ended.
            var name = new NpgsqlConnectionStringBuilder(factory.DatabaseConnectionString).Database;
            await using var server = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(factory.DatabaseConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
            await server.OpenAsync();
            await using var refuse = server.CreateCommand();
            refuse.CommandText = $"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}';";
            await refuse.ExecuteNonQueryAsync();
            NpgsqlConnection.ClearAllPools();
        }
        else
        {
            // The database's folder goes away (an unmounted volume): no connection can open it again. Moved in one
            // step, which open files and a worker's new connection cannot interrupt; the test process's sweep deletes it.
            SqliteConnection.ClearAllPools();
            Directory.Move(factory.DatabaseFolder, factory.DatabaseFolder + "-gone");
        }

        await AssertUnhealthyAsync(client);
        using var alive = await client.GetAsync("/alive");
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        var report = await ReportAsync(factory);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["database"].Status);
        Assert.Equal(nameof(DatabaseState.Unreachable), report.Entries["database"].Description);
        Assert.Equal(HealthStatus.Healthy, report.Entries["workers"].Status);
    }

    [Fact]
    public async Task HealthIsUnhealthyWhileAMigrationOfThisBuildIsNotApplied()
    {
        await using var factory = new WorkingPortalFactory();
        using var client = AnonymousClient(factory);
        await AssertHealthyAsync(client);

        // As a database that an older build migrated looks to this one.
        var forgotten = await ExecuteAsync(factory, """
            DELETE FROM "__EFMigrationsHistory"
            WHERE "MigrationId" = (SELECT MAX("MigrationId") FROM "__EFMigrationsHistory");
            """);
        Assert.Equal(1, forgotten);

        await AssertUnhealthyAsync(client);
        var report = await ReportAsync(factory);
        Assert.Equal(nameof(DatabaseState.MigrationsPending), report.Entries["database"].Description);
        Assert.Equal(HealthStatus.Healthy, report.Entries["workers"].Status);
    }

    [Fact]
    public async Task HealthIsUnhealthyWhenABackgroundWorkerHasStopped()
    {
        await using var factory = new WorkingPortalFactory();
        using var client = AnonymousClient(factory);
        await AssertHealthyAsync(client);

        var worker = factory.Services.GetServices<IHostedService>().OfType<PortalBackgroundService>()
            .Single(w => w.Worker == PortalWorker.Decommission);
        await worker.StopAsync(CancellationToken.None);

        await AssertUnhealthyAsync(client);
        var report = await ReportAsync(factory);
        Assert.Equal(HealthStatus.Unhealthy, report.Entries["workers"].Status);
        Assert.Equal("Decommission: Stopped", report.Entries["workers"].Description);
        Assert.Equal(HealthStatus.Healthy, report.Entries["database"].Status);
    }

    [Fact]
    public async Task ACheckThatThrowsMakesHealthUnhealthyWithoutShowingTheException()
    {
        await using var factory = new WorkingPortalFactory();
        using var client = AnonymousClient(factory);
        await AssertHealthyAsync(client);

        // A migrations history that cannot be read: the database answers, and the query for pending migrations throws.
        await ExecuteAsync(factory, """
            DROP TABLE "__EFMigrationsHistory";
            CREATE TABLE "__EFMigrationsHistory" ("Unexpected" TEXT);
            """);

        var body = await AssertUnhealthyAsync(client);
        var report = await ReportAsync(factory);
        var exception = report.Entries["database"].Exception;
        Assert.IsAssignableFrom<System.Data.Common.DbException>(exception);
        Assert.NotNull(exception);
        Assert.DoesNotContain(exception.Message, body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(exception.GetType().Name, body, StringComparison.Ordinal);
        Assert.DoesNotContain("database", body, StringComparison.OrdinalIgnoreCase);
    }

    private static HttpClient AnonymousClient(PortalWebApplicationFactory factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    private static async Task AssertHealthyAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Asserts that <c>/health</c> answers 503 with the bare word, and returns the body.</summary>
    private static async Task<string> AssertUnhealthyAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", body);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return body;
    }

    /// <summary>Runs SQL on the test database, on a connection of its own that is not pooled.</summary>
    private static async Task<int> ExecuteAsync(PortalWebApplicationFactory factory, string sql)
    {
        await using System.Data.Common.DbConnection connection = TestDatabase.OnPostgres
            ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(factory.DatabaseConnectionString) { Pooling = false }.ConnectionString)
            : new SqliteConnection($"Data Source={factory.DatabaseFile};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteNonQueryAsync();
    }

    private static Task<HealthReport> ReportAsync(PortalWebApplicationFactory factory) =>
        factory.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

    /// <summary>A portal whose scheduled sync runs, as in production; the test database's settings switch it off.</summary>
    private sealed class WorkingPortalFactory : PortalWebApplicationFactory
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
        {
            ["Sync:Enabled"] = "true",
        };
    }
}
