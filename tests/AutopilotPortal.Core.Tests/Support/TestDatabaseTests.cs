using AutopilotPortal.Core.Data;
using AutopilotPortal.Tests.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Tests.Support;

/// <summary>Every test's database is a copy of one template; a copy must be as good as a database migrated for the test.</summary>
public sealed class TestDatabaseTests
{
    [SqliteFact]
    public async Task ACopyIsFullyMigratedInWalModeAndHoldsTheTestTenantAndTheOtherTenant()
    {
        using var database = await TestDatabase.CreateAsync();
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();

        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
        Assert.Equal("ok", await ScalarAsync(connection, "PRAGMA integrity_check;"));
        Assert.Equal(
            [DatabaseInitializer.OtherTenantId.ToString().ToUpperInvariant(), TestTenant.Id.ToString().ToUpperInvariant()],
            (await ColumnAsync(connection, "SELECT Id FROM Tenants")).Select(id => id.ToUpperInvariant()).Order(StringComparer.Ordinal));
        var options = new DbContextOptionsBuilder<PortalDbContext>();
        new Core.Data.Sqlite.SqliteDatabaseProvider().Configure(options, database.ConnectionString);
        await using var db = new PortalDbContext(options.Options);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }

    [SqliteFact]
    public async Task TestsThatStartTogetherEachGetTheirOwnFile()
    {
        var databases = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(TestDatabase.CreateAsync)));
        try
        {
            Assert.Equal(8, databases.Select(d => d.FilePath).Distinct().Count());
            Assert.All(databases, d => Assert.True(new FileInfo(d.FilePath).Length > 0));
        }
        finally
        {
            foreach (var database in databases)
            {
                database.Dispose();
            }
        }
    }

    [SqliteFact]
    public async Task DisposeDeletesTheFileWithItsWalAndShm()
    {
        var database = await TestDatabase.CreateAsync();
        await using (var connection = new SqliteConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await ScalarAsync(connection, "INSERT INTO Tenants (Id, DisplayName, Domain, CreatedAt) VALUES ('6f7a0c8e-0000-4000-8000-000000000001', 'Wal', 'wal.example', '2026-03-02 09:30:00') RETURNING Id;");
            Assert.True(File.Exists(database.FilePath + "-wal"));
            Assert.True(File.Exists(database.FilePath + "-shm"));
        }

        database.Dispose();

        Assert.False(Directory.Exists(database.Folder));
    }

    private static async Task<string> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    private static async Task<List<string>> ColumnAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
