using AutopilotPortal.Core.Deployment;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AutopilotPortal.Core.Tests.Support;

/// <summary>Makes every save that would write a registration for one serial number fail, as a storage error would.</summary>
internal sealed class FailingSerialInterceptor(string serialNumber) : SaveChangesInterceptor
{
    public int Failures { get; private set; }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData,
        InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        var context = eventData.Context!;
        if (context.ChangeTracker.Entries<DeviceRegistration>().Any(e => e.State == EntityState.Added && e.Entity.SerialNumber == serialNumber))
        {
            Failures++;
            throw new DbUpdateException($"Simulated storage failure for {serialNumber}.");
        }

        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }
}
