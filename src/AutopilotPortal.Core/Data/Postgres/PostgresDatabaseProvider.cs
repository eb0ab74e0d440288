using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AutopilotPortal.Core.Data.Postgres;

/// <summary>
/// The scale-out database (<c>Database:Provider</c> = <c>Postgres</c>), for several portal instances on one
/// database. Its schema guarantees (triggers and the trigram index, see <see cref="PostgresSchema"/>) are
/// checked at start by <see cref="PostgresGuarantees"/>; its model sorts text in the C collation and keeps
/// times as UTC <c>timestamptz</c> (<see cref="PostgresModelCustomizer"/>).
/// </summary>
public sealed class PostgresDatabaseProvider : IDatabaseProvider
{
    /// <summary>The <c>Database:Provider</c> value.</summary>
    public const string ProviderName = "Postgres";

    private static readonly PostgresBulkRowWriting BulkRowWriting = new();
    private static readonly PostgresStorageErrors StorageErrors = new();
    private static readonly PostgresTextMatching TextMatching = new();

    public string Name => ProviderName;

    public ISerialSearch SerialSearch { get; } = new PostgresSerialSearch();

    public IDirectoryDeviceScan DirectoryDeviceScan { get; } = new PostgresDirectoryDeviceScan();

    /// <summary>None: an import's writer decides each batch again inside its transaction.</summary>
    public ICommitWatches CommitWatches { get; } = new NoCommitWatches();

    public void Configure(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(typeof(PortalDbContext).Assembly.GetName().Name))
            .ReplaceService<IMigrationsAssembly, PostgresMigrationsAssembly>()
            .ReplaceService<IModelCustomizer, PostgresModelCustomizer>()
            .AddInterceptors(BulkRowWriting, StorageErrors, TextMatching);

    /// <summary>The working folder's <c>data</c> folder: the database is elsewhere, uploads in progress are this instance's own.</summary>
    public string LocalFolder(string connectionString) => Path.Combine(Environment.CurrentDirectory, "data");

    public Task PrepareAsync(PortalDbContext db, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task VerifyAsync(PortalDbContext db, CancellationToken cancellationToken) => PostgresGuarantees.VerifyAsync(db, cancellationToken);

    private sealed class NoCommitWatches : ICommitWatches
    {
        public Task<ICommitWatch?> StartAsync(PortalDbContext writer, CancellationToken cancellationToken) => Task.FromResult<ICommitWatch?>(null);
    }
}
