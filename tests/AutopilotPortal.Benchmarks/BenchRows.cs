using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Registration;

namespace AutopilotPortal.Benchmarks;

/// <summary>
/// Staged registrations (<see cref="RegistrationStaging"/>) written with the portal's own bulk writer, in the context's
/// transaction: on PostgreSQL one binary COPY per table, table by table so that each row's references exist.
/// </summary>
internal static class BenchRows
{
    /// <summary>The three rows of each device: its registration, its Entra object and its Intune row.</summary>
    public static async Task CopyAsync(PortalDbContext db, IReadOnlyList<StagedRegistration> staged)
    {
        using var registrations = RowInserter<DeviceRegistration>.Create(db);
        using var directory = RowInserter<DirectoryDevice>.Create(db);
        using var devices = AutopilotDeviceInserter.Create(db);
        foreach (var row in staged)
        {
            await registrations.InsertAsync(row.RegistrationValues, CancellationToken.None);
            await directory.InsertAsync(row.DirectoryValues, CancellationToken.None);
        }

        await registrations.FlushAsync(CancellationToken.None);
        await directory.FlushAsync(CancellationToken.None);
        await devices.InsertManyAsync(staged.Select(r => (r.Device.Id, r.DeviceValues)).ToList(), CancellationToken.None);
    }

    /// <summary>The registrations alone, as an OEM's registration leaves them in the deployment service until a sync.</summary>
    public static async Task CopyRegistrationsAsync(PortalDbContext db, IReadOnlyList<StagedRegistration> staged)
    {
        using var registrations = RowInserter<DeviceRegistration>.Create(db);
        foreach (var row in staged)
        {
            await registrations.InsertAsync(row.RegistrationValues, CancellationToken.None);
        }

        await registrations.FlushAsync(CancellationToken.None);
    }
}
