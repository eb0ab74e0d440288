using AutopilotPortal.Core.Entra;

namespace AutopilotPortal.Core.Data;

/// <summary>
/// Reads every device object of a tenant in chunks, in a stable key order, with the columns a
/// membership rule reads, untracked, in the context's current transaction. Reading a million objects
/// is most of a full group re-evaluation's time, so each provider reads them its fastest way.
/// </summary>
public interface IDirectoryDeviceScan
{
    /// <summary>The tenant's device objects, <paramref name="chunkSize"/> at a time; each chunk is a new list.</summary>
    IAsyncEnumerable<List<DirectoryDevice>> ScanAsync(PortalDbContext db, Guid tenantId, int chunkSize, CancellationToken cancellationToken);
}
