using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Registration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Partner;

/// <summary>
/// Fills an empty OEM catalog with synthetic devices (hashes made by <see cref="HardwareHashBuilder"/>),
/// the same devices on every machine: device n comes from a <see cref="Random"/> seeded with a fixed
/// number plus n. About a third were built before <see cref="OemCatalog.CutoffDate"/>.
/// </summary>
public sealed class OemCatalogSeeder(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<PartnerOptions> options,
    ILogger<OemCatalogSeeder> logger)
{
    private static readonly DateOnly FirstBuildDate = new(2017, 1, 1);

    /// <summary>Seeds the catalog with <c>Partner:OemCatalogSize</c> devices unless it holds some already.</summary>
    public Task SeedAsync(CancellationToken cancellationToken = default) => SeedAsync(options.Value.OemCatalogSize, cancellationToken);

    /// <summary>Seeds the catalog with <paramref name="count"/> devices unless it holds some already. Returns how many were added.</summary>
    public async Task<int> SeedAsync(int count, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (count <= 0 || await db.OemCatalogDevices.AnyAsync(cancellationToken))
        {
            return 0;
        }

        var tuples = new HashSet<(string, string, string)>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var added = 0;
        for (var n = 0; added < count; n++)
        {
            var device = Synthetic(n);
            if (tuples.Add((device.Manufacturer, device.Model, device.SerialNumber)) && keys.Add(device.ProductKeyId))
            {
                db.OemCatalogDevices.Add(device);
                added++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Seeded the OEM catalog with {Count} synthetic devices", added);
        return added;
    }

    /// <summary>Catalog device <paramref name="n"/>: the same on every call.</summary>
    public static OemCatalogDevice Synthetic(int n)
    {
        var random = new Random(OemCatalog.FirstSeed + n);
        var builder = HardwareHashBuilder.Synthetic(random);
        var builtOn = FirstBuildDate.AddDays(random.Next(0, 9 * 365));
        var (bytes, length) = StoredHash.Compact(builder.BuildBytes());
        return new OemCatalogDevice
        {
            Id = Guid.CreateVersion7(),
            Manufacturer = builder.Manufacturer!,
            Model = builder.Model!,
            SerialNumber = builder.SerialNumber!,
            ProductKeyId = builder.ProductKeyId!,
            ManufacturedOn = builtOn,
            HardwareHash = bytes,
            HardwareHashLength = length,
        };
    }
}
