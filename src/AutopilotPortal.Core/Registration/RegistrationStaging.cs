using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Intune;

namespace AutopilotPortal.Core.Registration;

/// <summary>
/// Builds the rows a device that registers is written as — its registration, its Entra object, its
/// Intune row — and the values their inserts bind, ahead of the write (an import builds one batch on
/// its reading thread while its writing thread writes the last).
/// </summary>
internal static class RegistrationStaging
{
    /// <summary>
    /// Builds the three rows one new device is written as, and the values their inserts bind.
    /// The rows' own ids are version 7 GUIDs, which grow with time: each primary key (and the
    /// Intune row's unique RegistrationId) is then appended to its index rather than written on a
    /// random page, so a batch dirties a few index pages instead of most of them. The ZTDID and
    /// the Entra device id, which users and other services see, stay random.
    /// </summary>
    public static List<StagedRegistration> StageAll(Guid tenantId, IReadOnlyList<PreparedRegistration> rows, DateTime now, RegistrationLayouts layouts, RegistrationSource source)
    {
        // The random ZTDIDs and Entra device ids are handed out in increasing order along the rows
        // (which are in serial order): they stay random, and their unique indexes take each batch in key order.
        var ztdids = NewSortedRandomIds(rows.Count);
        var deviceIds = NewSortedRandomIds(rows.Count);
        var staged = new List<StagedRegistration>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            staged.Add(Stage(tenantId, rows[i], now, layouts, source, ztdids[i], deviceIds[i]));
        }

        return staged;
    }

    /// <summary>Random GUIDs, in increasing order (<see cref="Guid.CompareTo(Guid)"/> orders them as their stored text sorts).</summary>
    private static Guid[] NewSortedRandomIds(int count)
    {
        var ids = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = Ids.NewRandom();
        }

        Array.Sort(ids);
        return ids;
    }

    private static StagedRegistration Stage(Guid tenantId, PreparedRegistration row, DateTime now, RegistrationLayouts layouts, RegistrationSource source, Guid ztdid, Guid deviceId)
    {
        var info = row.Hardware!;
        var identity = row.Identity!;
        var hardwareKey = identity.HardwareKey;
        var serial = info.SerialNumber.Trim();
        var groupTag = Blank(row.Request.GroupTag);
        var purchaseOrder = Blank(row.Request.PurchaseOrderId);
        var storedHash = row.Hash;

        var registration = new DeviceRegistration
        {
            Id = Ids.NewTimeOrdered(now),
            Ztdid = ztdid,
            TenantId = tenantId,
            SerialNumber = serial,
            SerialKey = identity.SerialKey,
            Manufacturer = identity.Manufacturer,
            Model = info.Model,
            SmbiosUuid = info.SmbiosUuid,
            TpmKeyHash = identity.TpmKeyHash,
            HardwareKey = hardwareKey,
            ProductKeyId = Blank(row.Request.ProductKey) ?? info.ProductKeyId,
            HardwareHash = storedHash?.Bytes,
            HardwareHashLength = storedHash?.Length ?? 0,
            GroupTag = groupTag,
            PurchaseOrderId = purchaseOrder,
            AssignedUserPrincipalName = Blank(row.Request.AssignedUser),
            Source = source,
            RegisteredAt = now,
            UpdatedAt = now,
        };

        var directory = RegisteredDeviceRecords.DirectoryObject(registration, now, deviceId);
        var device = RegisteredDeviceRecords.IntuneDevice(registration, directory, now, info.Sku, info.Family);

        return new StagedRegistration(registration, directory, device,
            layouts.Registrations.ValuesOf(registration), layouts.Directory.ValuesOf(directory), layouts.Devices.ValuesOf(device));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>The layouts of the three rows a registration writes.</summary>
internal sealed record RegistrationLayouts(RowLayout<DeviceRegistration> Registrations, RowLayout<DirectoryDevice> Directory, RowLayout<AutopilotDevice> Devices)
{
    public static RegistrationLayouts For(PortalDbContext db) => new(RowLayout<DeviceRegistration>.For(db), RowLayout<DirectoryDevice>.For(db), RowLayout<AutopilotDevice>.For(db));
}

/// <summary>
/// One device that registers, built ahead of its write: its registration, Entra object and Intune
/// row, and the values their inserts bind.
/// </summary>
internal sealed record StagedRegistration(
    DeviceRegistration Registration,
    DirectoryDevice Directory,
    AutopilotDevice Device,
    object?[] RegistrationValues,
    object?[] DirectoryValues,
    object?[] DeviceValues);
