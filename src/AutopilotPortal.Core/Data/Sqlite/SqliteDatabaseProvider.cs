using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AutopilotPortal.Core.Data.Sqlite;

/// <summary>
/// The embedded default: one SQLite file (<c>Database:Provider</c> = <c>Sqlite</c>). Its schema
/// guarantees (triggers, see <see cref="SqliteSchema"/>) are checked at start by
/// <see cref="SqliteGuarantees"/>; its connections get <see cref="SqlitePragmaInterceptor"/>'s settings.
/// </summary>
public sealed class SqliteDatabaseProvider : IDatabaseProvider
{
    /// <summary>The <c>Database:Provider</c> value.</summary>
    public const string ProviderName = "Sqlite";

    private static readonly SqliteBulkRowWriting BulkRowWriting = new();
    private static readonly SqlitePragmaInterceptor Pragmas = new();
    private static readonly SqliteStorageErrors StorageErrors = new();
    private static readonly SqliteTextMatching TextMatching = new();

    public string Name => ProviderName;

    public ISerialSearch SerialSearch { get; } = new SqliteSerialSearch();

    public IDirectoryDeviceScan DirectoryDeviceScan { get; } = new SqliteDirectoryDeviceScan();

    public ICommitWatches CommitWatches { get; } = new SqliteCommitWatches();

    public void Configure(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(typeof(PortalDbContext).Assembly.GetName().Name))
            .ReplaceService<IMigrationsAssembly, SqliteMigrationsAssembly>()
            .AddInterceptors(Pragmas, BulkRowWriting, StorageErrors, TextMatching);

    /// <summary>The folder of the SQLite file (the working folder for an in-memory database).</summary>
    public string LocalFolder(string connectionString)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        return string.IsNullOrEmpty(source) || source == ":memory:"
            ? Environment.CurrentDirectory
            : Path.GetDirectoryName(Path.GetFullPath(source)) ?? Environment.CurrentDirectory;
    }

    /// <summary>Creates the database file's folder.</summary>
    public Task PrepareAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var source = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        if (!string.IsNullOrEmpty(source) && source != ":memory:")
        {
            System.IO.Directory.CreateDirectory(LocalFolder(db.Database.GetConnectionString()!));
        }

        return Task.CompletedTask;
    }

    /// <summary>Checks the triggers, then turns on WAL, which lets readers (the device list) run while an import writes.</summary>
    public async Task VerifyAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        await SqliteGuarantees.VerifyAsync(db, cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
    }
}
