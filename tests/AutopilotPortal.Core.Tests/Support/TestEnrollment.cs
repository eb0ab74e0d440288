using AutopilotPortal.Core.Intune;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Tests.Support;

/// <summary>
/// Makes a registered device enrolled, as a deployment would: Intune gets a managed-device record,
/// the Autopilot row points at it and the Entra object is enabled. One isolated helper, so that it
/// can be swapped for the deployment simulator once that exists.
/// </summary>
internal static class TestEnrollment
{
    public static async Task<Guid> EnrollAsync(PortalTestDatabase database, Guid autopilotDeviceId)
    {
        await using var db = await database.CreateDbContextAsync();
        var device = await db.AutopilotDevices.SingleAsync(d => d.Id == autopilotDeviceId);
        var managed = new ManagedDevice
        {
            Id = Guid.NewGuid(),
            TenantId = device.TenantId,
            DeviceName = "DESKTOP-" + device.SerialNumber[..Math.Min(7, device.SerialNumber.Length)].ToUpperInvariant(),
            SerialNumber = device.SerialNumber,
            AzureActiveDirectoryDeviceId = device.AzureActiveDirectoryDeviceId,
            EnrolledDateTime = database.Clock.GetUtcNow().UtcDateTime,
        };
        db.ManagedDevices.Add(managed);
        device.ManagedDeviceId = managed.Id;
        device.EnrollmentState = EnrollmentState.Enrolled;
        if (device.DirectoryObjectId is { } objectId)
        {
            await db.DirectoryDevices.Where(o => o.Id == objectId).ExecuteUpdateAsync(s => s.SetProperty(o => o.AccountEnabled, true));
        }

        await db.SaveChangesAsync();
        return managed.Id;
    }
}
