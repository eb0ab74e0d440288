using System.Text.RegularExpressions;

namespace AutopilotPortal.Core.Tests.Data;

/// <summary>
/// Provider-specific constructs live under <c>Data/&lt;provider&gt;/</c> only (<c>Data/Sqlite/</c>,
/// <c>Data/Postgres/</c>): features reach them through the interfaces of <c>Data/</c>.
/// </summary>
public partial class ProviderSeamTests
{
    [Fact]
    public void NoProviderConstructOutsideTheProviderFolders()
    {
        var core = Path.Combine(RepositoryRoot(), "src", "AutopilotPortal.Core");
        var found = Directory.EnumerateFiles(core, "*.cs", SearchOption.AllDirectories)
            .Where(f => !InProviderFolder(Path.GetRelativePath(core, f)))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(core, f), Line: i + 1, Text: line)))
            .Where(l => SqliteConstruct().IsMatch(l.Text) || PostgresConstruct().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(found.Count == 0, "Provider-specific code outside Data/Sqlite/ and Data/Postgres/:\n" + string.Join('\n', found));
    }

    [Theory]
    [InlineData("Devices/DeviceService.cs", false)]
    [InlineData("Data/RowInserter.cs", false)]
    [InlineData("Data/Sqlite/SqliteSerialSearch.cs", true)]
    [InlineData("Data/Sqlite/Migrations/20260101000000_InitialCreate.cs", true)]
    [InlineData("Data/Postgres/PostgresSerialSearch.cs", true)]
    [InlineData("Data/PostgresLike.cs", false)]
    public void ProviderFoldersAreRecognised(string path, bool expected) =>
        Assert.Equal(expected, InProviderFolder(path));

    [Theory]
    [InlineData("if (db.Database.IsSqlite())")]
    [InlineData("using Microsoft.Data.Sqlite;")]
    [InlineData("await db.Database.ExecuteSqlRawAsync(\"PRAGMA journal_mode=WAL;\");")]
    [InlineData("db.AutopilotDevices.FromSql($\"SELECT rowid FROM t\")")]
    [InlineData("db.UseSqlite(connectionString)")]
    public void TheCheckSeesSqliteConstructs(string line) => Assert.Matches(SqliteConstruct(), line);

    [Theory]
    [InlineData("if (db.Database.IsNpgsql())")]
    [InlineData("using Npgsql;")]
    [InlineData("builder.UseNpgsql(connectionString)")]
    [InlineData("exception is PostgresException { SqlState: \"23505\" }")]
    [InlineData("EF.Functions.ILike(d.SerialKey, pattern)")]
    public void TheCheckSeesPostgresConstructs(string line) => Assert.Matches(PostgresConstruct(), line);

    private static bool InProviderFolder(string relative) =>
        relative.Replace('\\', '/') is var path && (path.StartsWith("Data/Sqlite/", StringComparison.Ordinal) || path.StartsWith("Data/Postgres/", StringComparison.Ordinal));

    [GeneratedRegex(@"IsNpgsql\(|UseNpgsql\(|\bNpgsql\b|PostgresException|ILike\(|\bpg_[a-z]+")]
    private static partial Regex PostgresConstruct();

    [GeneratedRegex(@"IsSqlite\(|UseSqlite\(|Microsoft\.Data\.Sqlite|SQLitePCL|PRAGMA|\browid\b|FromSql|SqlQuery|ExecuteSql|json_each|\bMATCH\b")]
    private static partial Regex SqliteConstruct();

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AutopilotPortal.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"No AutopilotPortal.sln above {AppContext.BaseDirectory}.");
    }
}
