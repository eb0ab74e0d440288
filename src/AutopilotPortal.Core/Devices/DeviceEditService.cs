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
        return await EditAsync(caller, deviceIds, [Edit(DeviceProperty.GroupTag, groupTag)], cancellationToken);
    }

    /// <summary>Sets or clears the assigned user (a UPN).</summary>
    public async Task UpdateAssignedUserAsync(PortalCaller caller, Guid deviceId, string? userPrincipalName, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.EditDevices, $"assigned user of {deviceId}", cancellationToken);
        await EditAsync(caller, [deviceId], [Edit(DeviceProperty.UserPrincipalName, userPrincipalName)], cancellationToken);
    }

    /// <summary>Sets or clears the device name given at deployment (15 characters, letters, digits and hyphens, not only digits).</summary>
    public async Task UpdateDisplayNameAsync(PortalCaller caller, Guid deviceId, string? displayName, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.EditDevices, $"device name of {deviceId}", cancellationToken);
        await EditAsync(caller, [deviceId], [Edit(DeviceProperty.DisplayName, displayName)], cancellationToken);
    }

    /// <summary>
    /// Sets several properties of one device in one transaction (Graph's <c>updateDeviceProperties</c>):
    /// every value is checked before any is written, so a refused value leaves the device as it was.
    /// A property absent from <paramref name="changes"/> is left alone; a null or empty value clears it.
    /// With no changes it still checks the caller's right and that the device exists.
    /// </summary>
    public async Task UpdatePropertiesAsync(PortalCaller caller, Guid deviceId, IReadOnlyDictionary<DeviceProperty, string?> changes, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.EditDevices, $"properties of {deviceId}", cancellationToken);
        var edits = changes.OrderBy(c => c.Key).Select(c => Edit(c.Key, c.Value)).ToList();
        await EditAsync(caller, [deviceId], edits, cancellationToken);
    }

    /// <summary>
    /// Lets the device's next userless enrollment proceed (Graph's <c>allowNextEnrollment</c>): a device
    /// pre-provisioned before may run pre-provisioning, self-deploying or user-driven Autopilot once more
    /// while its Intune record stays. Audited when the status changes.
    /// </summary>
    public async Task AllowNextEnrollmentAsync(PortalCaller caller, Guid deviceId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.EditDevices, $"next enrollment of {deviceId}", cancellationToken);
        await EditAsync(caller, [deviceId],
            [new FieldEdit(AuditActions.NextEnrollmentAllowed, d => d.UserlessEnrollmentStatus.ToString(), nameof(UserlessEnrollmentStatus.Allowed), TouchesDirectory: false,
                (device, _, _) => device.UserlessEnrollmentStatus = UserlessEnrollmentStatus.Allowed)],
            cancellationToken);
    }

    /// <summary>Checks <paramref name="value"/> for <paramref name="property"/> and returns the edit that writes it; throws <see cref="DeviceValidationException"/> naming the field.</summary>
    private static FieldEdit Edit(DeviceProperty property, string? value)
    {
        switch (property)
        {
            case DeviceProperty.GroupTag:
                var tag = ValidateGroupTag(value);
                return new FieldEdit(AuditActions.GroupTagChanged, d => d.GroupTag, tag, TouchesDirectory: true, (device, registration, directory) =>
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
                });
            case DeviceProperty.UserPrincipalName:
                var upn = Checked("AssignedUser", DeviceValues.AssignedUserError(value), value);
                return new FieldEdit(AuditActions.AssignedUserChanged, d => d.UserPrincipalName, upn, TouchesDirectory: false, (device, registration, _) =>
                {
                    device.UserPrincipalName = upn;
                    if (registration is not null)
                    {
                        registration.AssignedUserPrincipalName = upn;
                    }
                });
            case DeviceProperty.DisplayName:
                var name = Checked("DisplayName", DeviceValues.DeviceNameError(value), value);
                return new FieldEdit(AuditActions.DeviceNameChanged, d => d.DisplayName, name, TouchesDirectory: false, (device, _, _) => device.DisplayName = name);
            case DeviceProperty.AddressableUserName:
                var addressable = Checked("AddressableUserName", DeviceValues.AddressableUserNameError(value), value);
                return new FieldEdit(AuditActions.AddressableUserNameChanged, d => d.AddressableUserName, addressable, TouchesDirectory: false,
                    (device, _, _) => device.AddressableUserName = addressable);
            default:
                throw new ArgumentOutOfRangeException(nameof(property), property, null);
        }
    }

    private static string? Checked(string field, string? error, string? value) =>
        error is null ? DeviceValues.Normalize(value) : throw new DeviceValidationException(field, error);

    /// <summary>Checks a group tag and returns it trimmed, or null to clear.</summary>
    public static string? ValidateGroupTag(string? groupTag)
    {
        if (DeviceValues.GroupTagError(groupTag) is { } error)
        {
            throw new DeviceValidationException("GroupTag", error);
        }

        return DeviceValues.Normalize(groupTag);
    }

    private async Task<int> EditAsync(PortalCaller caller, IReadOnlyCollection<Guid> deviceIds, IReadOnlyList<FieldEdit> edits, CancellationToken cancellationToken)
    {
        var touchesDirectory = edits.Any(e => e.TouchesDirectory);
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
                var registration = registrations.GetValueOrDefault(device.RegistrationId);
                var directory = device.DirectoryObjectId is { } oid ? directories.GetValueOrDefault(oid) : null;
                var changed = false;
                var directoryChanged = false;
                foreach (var edit in edits)
                {
                    var oldValue = edit.Current(device);
                    if (string.Equals(oldValue, edit.Value, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    edit.Apply(device, registration, directory);
                    audit.Add(db, caller, edit.Action, DeviceTarget, device.SerialNumber, device.Id.ToString(), oldValue, edit.Value);
                    changed = true;
                    directoryChanged |= edit.TouchesDirectory;
                }

                if (changed && registration is not null)
                {
                    registration.UpdatedAt = now;
                }

                if (directoryChanged && directory is not null)
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

/// <summary>The properties of a device that <see cref="DeviceEditService.UpdatePropertiesAsync"/> sets.</summary>
public enum DeviceProperty
{
    GroupTag,
    DisplayName,
    UserPrincipalName,
    AddressableUserName,
}

/// <summary>One property's part of an edit: its audit action, how to read it, the new value and how to write it.</summary>
internal sealed record FieldEdit(
    string Action,
    Func<AutopilotDevice, string?> Current,
    string? Value,
    bool TouchesDirectory,
    Action<AutopilotDevice, Registration.DeviceRegistration?, DirectoryDevice?> Apply);

/// <summary>An edit was refused because a value is not valid; <see cref="Field"/> names which.</summary>
public sealed class DeviceValidationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>The device (or some of a selection) no longer exists.</summary>
public sealed class DeviceNotFoundException(string message) : Exception(message);
