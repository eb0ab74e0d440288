using System.Runtime.CompilerServices;
using AutopilotPortal.Core.Entra;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Data.Postgres;

/// <summary>
/// The <see cref="IDirectoryDeviceScan"/> on PostgreSQL: keyset chunks in primary-key order, untracked,
/// with only the columns a membership rule reads.
/// </summary>
internal sealed class PostgresDirectoryDeviceScan : IDirectoryDeviceScan
{
    public async IAsyncEnumerable<List<DirectoryDevice>> ScanAsync(
        PortalDbContext db, Guid tenantId, int chunkSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Guid? after = null;
        while (true)
        {
            var devices = db.DirectoryDevices.AsNoTracking().Where(d => d.TenantId == tenantId);
            if (after is { } last)
            {
                devices = devices.Where(d => d.Id.CompareTo(last) > 0);
            }

            var chunk = await devices.OrderBy(d => d.Id).Take(chunkSize).Select(d => new DirectoryDevice
            {
                Id = d.Id,
                DeviceId = d.DeviceId,
                TenantId = d.TenantId,
                DisplayName = d.DisplayName,
                AccountEnabled = d.AccountEnabled,
                TrustType = d.TrustType,
                OperatingSystem = d.OperatingSystem,
                Manufacturer = d.Manufacturer,
                Model = d.Model,
                PhysicalIds = d.PhysicalIds,
                EnrollmentProfileName = d.EnrollmentProfileName,
            }).ToListAsync(cancellationToken);
            if (chunk.Count == 0)
            {
                yield break;
            }

            after = chunk[^1].Id;
            yield return chunk;
        }
    }
}
