using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Data;

/// <summary>
/// One database product the portal runs on (<c>Database:Provider</c>). Everything that differs
/// between products sits behind it, in <c>Data/&lt;provider&gt;/</c>: how a context connects,
/// what runs around the migrations at start, and the few constructs features need that each product
/// serves its own way (<see cref="ISerialSearch"/>, <see cref="IDirectoryDeviceScan"/>,
/// <see cref="ICommitWatches"/>, <see cref="IBulkRowWriting"/>). What the service code relies
/// on — device counts kept per tenant, group member counts, an audit log that cannot be changed —
/// each provider guarantees in its schema and checks in <see cref="VerifyAsync"/>.
/// </summary>
public interface IDatabaseProvider
{
    /// <summary>The <c>Database:Provider</c> value that selects this provider.</summary>
    string Name { get; }

    /// <summary>Points a context at the database and adds the provider's interceptors.</summary>
    void Configure(DbContextOptionsBuilder builder, string connectionString);

    /// <summary>The folder local working files (uploads in progress) go to, given the connection string.</summary>
    string LocalFolder(string connectionString);

    /// <summary>Runs before the migrations (creates a database file's folder, say).</summary>
    Task PrepareAsync(PortalDbContext db, CancellationToken cancellationToken);

    /// <summary>
    /// Runs after the migrations: throws when the schema lacks what the service code relies on, and
    /// sets database-wide modes.
    /// </summary>
    Task VerifyAsync(PortalDbContext db, CancellationToken cancellationToken);

    /// <summary>Serial "contains" search, served by an index.</summary>
    ISerialSearch SerialSearch { get; }

    /// <summary>The keyset scan of a tenant's directory device objects.</summary>
    IDirectoryDeviceScan DirectoryDeviceScan { get; }

    /// <summary>Whether another connection has committed since a batch was decided.</summary>
    ICommitWatches CommitWatches { get; }
}
