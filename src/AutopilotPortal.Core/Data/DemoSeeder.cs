using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Data;

/// <summary>
/// Registers synthetic devices (hashes made by <see cref="HardwareHashBuilder"/>) through the
/// real registration path, for a demo or a load test. Idempotent: it tops the tenant up to N.
/// </summary>
public sealed class DemoSeeder(
    DeviceRegistrationService registration,
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<TenantOptions> options,
    ILogger<DemoSeeder> logger)
{
    private static readonly string[] GroupTags = ["Sales", "Finance", "Engineering", "Kiosk", "HR", string.Empty];

    /// <summary>Makes sure the portal's tenant has at least <paramref name="count"/> devices.</summary>
    public async Task SeedAsync(int count, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var tenantId = options.Value.Id;
        int existing;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            existing = await db.AutopilotDevices.CountAsync(d => d.TenantId == tenantId, cancellationToken);
        }

        if (existing >= count)
        {
            return;
        }

        logger.LogInformation("Seeding {Count} synthetic devices", count - existing);
        const int batchSize = 1000;
        for (var start = existing; start < count; start += batchSize)
        {
            var rows = new List<PreparedRegistration>(batchSize);
            for (var i = start; i < Math.Min(count, start + batchSize); i++)
            {
                var builder = HardwareHashBuilder.Synthetic(new Random(i + 1));
                var request = new RegistrationRequest(i + 1, null, null, builder.Build(), GroupTags[i % GroupTags.Length]);
                rows.Add(RegistrationValidator.Prepare(request));
            }

            await registration.RegisterAsync(tenantId, rows, dryRun: false, cancellationToken);
            progress?.Report(Math.Min(count, start + batchSize));
        }
    }
}
