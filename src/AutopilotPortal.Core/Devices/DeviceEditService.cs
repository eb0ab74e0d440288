using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Devices;

/// <summary>
/// Edits of Autopilot devices' properties: the group tag (of one or many devices, in the deployment
/// service, Intune's list and the Entra object's <c>[OrderId]</c>), the assigned user and the device
/// name. Every call checks the caller's rights; every edit writes its audit entries in the same
/// transaction, and a changed Entra object moves its dynamic groups and profile with it.
/// </summary>
public sealed class DeviceEditService(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<TenantOptions> options,
    AuditService audit, AccessGuard access,
    Groups.GroupMembershipService membership,
    TimeProvider clock)
{
    private const string DeviceTarget = "Device";

    /// <summary>The most devices one bulk edit takes.</summary>
    public const int MaxBulkEdit = 10_000;

    private Guid TenantId => options.Value.Id;

    /// <summary>
    /// Sets the group tag of one or many devices, in the deployment service, in Intune's list and
    /// as the Entra object's <c>[OrderId]</c> physical id. All or nothing.
    /// </summary>
    public async Task<int> UpdateGroupTagAsync(PortalCaller caller, IReadOnlyCollection<Guid> deviceIds, string? groupTag, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.EditDevices, $"group tag of {deviceIds.Count} device(s)", cancellationToken);
        var tag = ValidateGroupTag(groupTag);
        return await EditAsync(caller, deviceIds, AuditActions.GroupTagChanged, d => d.GroupTag, tag, touchesDirectory: true, (device, registration, directory) =>
        {
            device.GroupTag = tag;
            if (registration is not null)
            {
                registration.GroupTag = tag;
            }

            if (directory is not null)
            {
                directory.PhysicalIds = PhysicalIds.WithGroupTag(directory.PhysicalIds, tag);
            }
        }, cancellationToken);
    }

    /// <summary>Sets or clears the assigned user (a UPN).</summary>
    public async Task UpdateAssignedUserAsync(PortalCaller caller, Guid deviceId, string? userPrincipalName, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.EditDevices, $"assigned user of {deviceId}", cancellationToken);
        if (DeviceValues.AssignedUserError(userPrincipalName) is { } error)
        {
            throw new DeviceValidationException("AssignedUser", error);
        }

        var upn = DeviceValues.Normalize(userPrincipalName);

        await EditAsync(caller, [deviceId], AuditActions.AssignedUserChanged, d => d.UserPrincipalName, upn, touchesDirectory: false, (device, registration, _) =>
        {
            device.UserPrincipalName = upn;
            if (registration is not null)
            {
                registration.AssignedUserPrincipalName = upn;
            }
        }, cancellationToken);
    }

    /// <summary>Sets or clears the device name given at deployment (15 characters, letters, digits and hyphens, not only digits).</summary>
    public async Task UpdateDisplayNameAsync(PortalCaller caller, Guid deviceId, string? displayName, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.EditDevices, $"device name of {deviceId}", cancellationToken);
        if (DeviceValues.DeviceNameError(displayName) is { } error)
        {
            throw new DeviceValidationException("DisplayName", error);
        }

        var name = DeviceValues.Normalize(displayName);

        await EditAsync(caller, [deviceId], AuditActions.DeviceNameChanged, d => d.DisplayName, name, touchesDirectory: false, (device, _, _) => device.DisplayName = name, cancellationToken);
    }

    /// <summary>Checks a group tag and returns it trimmed, or null to clear.</summary>
    public static string? ValidateGroupTag(string? groupTag)
    {
        if (DeviceValues.GroupTagError(groupTag) is { } error)
        {
            throw new DeviceValidationException("GroupTag", error);
        }

        return DeviceValues.Normalize(groupTag);
    }

    private async Task<int> EditAsync(
        PortalCaller caller,
        IReadOnlyCollection<Guid> deviceIds,
        string action,
        Func<AutopilotDevice, string?> currentValue,
        string? newValue,
        bool touchesDirectory,
        Action<AutopilotDevice, Registration.DeviceRegistration?, DirectoryDevice?> edit,
        CancellationToken cancellationToken)
    {
        if (deviceIds.Count == 0)
        {
            return 0;
        }

        if (deviceIds.Count > MaxBulkEdit)
        {
            throw new DeviceValidationException("Selection", $"{deviceIds.Count:N0} devices are selected; one edit takes at most {MaxBulkEdit:N0}.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var devices = new List<AutopilotDevice>(deviceIds.Count);
            foreach (var chunk in deviceIds.Distinct().Chunk(500))
            {
                devices.AddRange(await db.AutopilotDevices.Where(d => d.TenantId == TenantId && chunk.Contains(d.Id)).ToListAsync(ct));
            }

            var missing = deviceIds.Distinct().Count() - devices.Count;
            if (missing > 0)
            {
                throw new DeviceNotFoundException(missing == 1
                    ? "The device no longer exists; it may have been deleted. Refresh the list."
                    : $"{missing} of the selected devices no longer exist; they may have been deleted. Refresh the list and try again.");
            }

            var registrations = new Dictionary<Guid, Registration.DeviceRegistration>();
            var directories = new Dictionary<Guid, DirectoryDevice>();
            foreach (var chunk in devices.Chunk(500))
            {
                var regIds = chunk.Select(d => d.RegistrationId).ToList();
                foreach (var r in await db.Registrations.Where(r => regIds.Contains(r.Id)).ToListAsync(ct))
                {
                    registrations[r.Id] = r;
                }

                if (!touchesDirectory)
                {
                    continue;
                }

                var dirIds = chunk.Where(d => d.DirectoryObjectId != null).Select(d => d.DirectoryObjectId!.Value).ToList();
                foreach (var o in await db.DirectoryDevices.Where(o => dirIds.Contains(o.Id)).ToListAsync(ct))
                {
                    directories[o.Id] = o;
                }
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var changedObjects = new List<DirectoryDevice>();
            foreach (var device in devices)
            {
                var oldValue = currentValue(device);
                if (string.Equals(oldValue, newValue, StringComparison.Ordinal))
                {
                    continue;
                }

                var registration = registrations.GetValueOrDefault(device.RegistrationId);
                var directory = device.DirectoryObjectId is { } oid ? directories.GetValueOrDefault(oid) : null;
                edit(device, registration, directory);
                audit.Add(db, caller, action, DeviceTarget, device.SerialNumber, device.Id.ToString(), oldValue, newValue);
                if (registration is not null)
                {
                    registration.UpdatedAt = now;
                }

                if (directory is not null)
                {
                    // A list held in a column: tell EF it changed even when the instance is reused.
                    db.Entry(directory).Property(d => d.PhysicalIds).IsModified = true;
                    changedObjects.Add(directory);
                }
            }

            // A new tag changes [OrderId]: dynamic groups on it follow, in the same transaction.
            await membership.ApplyDirectoryChangesAsync(db, changedObjects, ct);
            await tx.CommitAsync(ct);
            return devices.Count;
        }, cancellationToken);
    }
}

/// <summary>An edit was refused because a value is not valid; <see cref="Field"/> names which.</summary>
public sealed class DeviceValidationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>The device (or some of a selection) no longer exists.</summary>
public sealed class DeviceNotFoundException(string message) : Exception(message);
