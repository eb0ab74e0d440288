using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Groups;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Registration;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Sync;

/// <summary>
/// One sync's work, run by <see cref="SyncService"/> while it holds the lease: (a) every registration
/// of the tenant gets its Intune row, and (c) existing rows take the registration's changes; (b) rows
/// whose registration is gone are deleted; then the intended profiles are delivered. Each chunk of
/// <see cref="SyncService.ChunkSize"/> rows is its own transaction, which renews the lease first
/// (<paramref name="renewLease"/>), so that a chunk commits only while its instance holds it.
/// </summary>
/// <param name="dbFactory">The portal's database.</param>
/// <param name="membership">Dynamic groups, which new and changed objects join or leave.</param>
/// <param name="resolver">Resolves the intended profile of new rows and of rows whose groups moved.</param>
/// <param name="clock">The portal's clock.</param>
/// <param name="tenantId">The tenant whose list is synced.</param>
/// <param name="renewLease">Extends the lease inside a chunk's transaction; throws when it was lost.</param>
internal sealed class SyncReconciliation(
    IDbContextFactory<PortalDbContext> dbFactory,
    GroupMembershipService membership,
    ProfileResolver resolver,
    TimeProvider clock,
    Guid tenantId,
    Func<PortalDbContext, CancellationToken, Task> renewLease)
{
    private Guid TenantId => tenantId;

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Runs (a), (b) and (c), then delivers the intended profiles.</summary>
    public async Task<SyncSummary> RunAsync(CancellationToken cancellationToken)
    {
        var (added, updated) = await CopyRegistrationsAsync(cancellationToken);
        var removed = await RemoveOrphansAsync(cancellationToken);
        var (delivered, cleared) = await DeliverProfilesAsync(cancellationToken);
        return new SyncSummary(added, removed, updated, delivered, cleared);
    }

    /// <summary>(a) and (c): every registration of the tenant, a chunk at a time, gets its Intune row created or brought up to date.</summary>
    private async Task<(int Added, int Updated)> CopyRegistrationsAsync(CancellationToken cancellationToken)
    {
        int added = 0, updated = 0;
        Guid? after = null;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            await renewLease(db, cancellationToken);

            // Keyset over the primary key alone: with the tenant in the WHERE clause SQLite reads the
            // tenant's index and sorts every registration of the tenant for each chunk. DDS is
            // multi-tenant, so other tenants' rows are read and skipped here.
            var registrations = db.Registrations.AsNoTracking();
            if (after is { } last)
            {
                registrations = registrations.Where(r => r.Id.CompareTo(last) > 0);
            }

            var read = await registrations.OrderBy(r => r.Id)
                .Select(r => new DeviceRegistration
                {
                    Id = r.Id, Ztdid = r.Ztdid, TenantId = r.TenantId, SerialNumber = r.SerialNumber, SerialKey = r.SerialKey,
                    Manufacturer = r.Manufacturer, Model = r.Model, HardwareKey = r.HardwareKey, ProductKeyId = r.ProductKeyId,
                    GroupTag = r.GroupTag, PurchaseOrderId = r.PurchaseOrderId, AssignedUserPrincipalName = r.AssignedUserPrincipalName,
                })
                .Take(SyncService.ChunkSize).ToListAsync(cancellationToken);
            if (read.Count == 0)
            {
                return (added, updated);
            }

            after = read[^1].Id;
            var chunk = read.Where(r => r.TenantId == TenantId).ToList();
            var ids = chunk.Select(r => r.Id).ToList();
            var devices = await db.AutopilotDevices.AsNoTracking().Where(d => ids.Contains(d.RegistrationId)).ToDictionaryAsync(d => d.RegistrationId, cancellationToken);
            var missing = chunk.Where(r => !devices.ContainsKey(r.Id)).ToList();
            var changed = chunk.Where(r => devices.TryGetValue(r.Id, out var d) && Differs(r, d)).ToList();
            if (missing.Count == 0 && changed.Count == 0)
            {
                await tx.CommitAsync(cancellationToken);
                continue;
            }

            var evaluate = new List<DirectoryDevice>();
            var resolve = new List<Guid>();
            if (missing.Count > 0)
            {
                added += await AddDevicesAsync(db, missing, evaluate, resolve, cancellationToken);
            }

            if (changed.Count > 0)
            {
                updated += await UpdateDevicesAsync(db, changed, devices, evaluate, cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);

            // New and changed objects join (or leave) the dynamic groups whose rules take them;
            // new rows and those whose memberships moved get their intended profile.
            var moved = await membership.EvaluateDevicesAsync(db, evaluate, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            resolve.AddRange(moved);
            if (resolve.Count > 0)
            {
                await resolver.RecomputeForDevicesAsync(db, resolve, cancellationToken);
            }

            await tx.CommitAsync(cancellationToken);
        }
    }

    /// <summary>Creates the Intune rows (and, when the registration has none, the disabled Entra object) as registration does.</summary>
    private async Task<int> AddDevicesAsync(PortalDbContext db, List<DeviceRegistration> missing, List<DirectoryDevice> evaluate, List<Guid> resolve, CancellationToken cancellationToken)
    {
        var now = Now;
        var ztdids = missing.Select(r => (Guid?)r.Ztdid).ToList();
        var existing = await db.DirectoryDevices.AsNoTracking()
            .Where(d => d.TenantId == TenantId && ztdids.Contains(d.Ztdid))
            .ToListAsync(cancellationToken);
        var byZtdid = existing.GroupBy(d => d.Ztdid!.Value).ToDictionary(g => g.Key, g => g.First());

        using var directoryObjects = RowInserter<DirectoryDevice>.Create(db);
        using var devices = AutopilotDeviceInserter.Create(db);
        var newDevices = new List<AutopilotDevice>(missing.Count);
        foreach (var registration in missing)
        {
            if (!byZtdid.TryGetValue(registration.Ztdid, out var directory))
            {
                directory = RegisteredDeviceRecords.DirectoryObject(registration, now);
                await directoryObjects.InsertAsync(directory, cancellationToken);
            }

            newDevices.Add(RegisteredDeviceRecords.IntuneDevice(registration, directory, now));
            evaluate.Add(directory);
            resolve.Add(directory.Id);
        }

        // Together, so that they are indexed together; after the objects they refer to.
        await directoryObjects.FlushAsync(cancellationToken);
        await devices.InsertManyAsync(newDevices, cancellationToken);
        return missing.Count;
    }

    /// <summary>Copies the registrations' properties onto their Intune rows (attached here, to be saved), and tag and order onto their Entra objects.</summary>
    private static async Task<int> UpdateDevicesAsync(PortalDbContext db, List<DeviceRegistration> changed, Dictionary<Guid, AutopilotDevice> devices, List<DirectoryDevice> evaluate, CancellationToken cancellationToken)
    {
        var retagged = new List<(DeviceRegistration Registration, Guid ObjectId)>();
        foreach (var registration in changed)
        {
            var device = devices[registration.Id];
            db.AutopilotDevices.Attach(device);
            if ((device.GroupTag != registration.GroupTag || device.PurchaseOrderIdentifier != registration.PurchaseOrderId) && device.DirectoryObjectId is { } objectId)
            {
                retagged.Add((registration, objectId));
            }

            device.Ztdid = registration.Ztdid;
            device.SerialNumber = registration.SerialNumber;
            device.SerialKey = registration.SerialKey;
            device.Manufacturer = registration.Manufacturer;
            device.Model = registration.Model;
            device.ProductKey = registration.ProductKeyId;
            device.GroupTag = registration.GroupTag;
            device.PurchaseOrderIdentifier = registration.PurchaseOrderId;
            device.UserPrincipalName = registration.AssignedUserPrincipalName;
        }

        if (retagged.Count > 0)
        {
            var objectIds = retagged.Select(r => r.ObjectId).ToList();
            var objects = await db.DirectoryDevices.Where(d => objectIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);
            foreach (var (registration, objectId) in retagged)
            {
                if (!objects.TryGetValue(objectId, out var directory))
                {
                    continue;
                }

                directory.PhysicalIds = PhysicalIds.WithPurchaseOrder(PhysicalIds.WithGroupTag(directory.PhysicalIds, registration.GroupTag), registration.PurchaseOrderId);
                evaluate.Add(directory);
            }
        }

        return changed.Count;
    }

    private static bool Differs(DeviceRegistration r, AutopilotDevice d) =>
        d.Ztdid != r.Ztdid
        || d.SerialNumber != r.SerialNumber
        || d.SerialKey != r.SerialKey
        || d.Manufacturer != r.Manufacturer
        || d.Model != r.Model
        || d.ProductKey != r.ProductKeyId
        || d.GroupTag != r.GroupTag
        || d.PurchaseOrderIdentifier != r.PurchaseOrderId
        || d.UserPrincipalName != r.AssignedUserPrincipalName;

    /// <summary>(b): Intune rows of the tenant whose registration is gone (or belongs to another tenant now) are deleted.</summary>
    private async Task<int> RemoveOrphansAsync(CancellationToken cancellationToken)
    {
        var removed = 0;
        Guid? after = null;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            await renewLease(db, cancellationToken);

            // Keyset over the primary key; the tenant is checked on the chunk, so that the scan
            // follows the key's index rather than sorting the tenant's rows.
            var devices = db.AutopilotDevices.AsNoTracking();
            if (after is { } last)
            {
                devices = devices.Where(d => d.Id.CompareTo(last) > 0);
            }

            var chunk = await devices.OrderBy(d => d.Id)
                .Select(d => new { d.Id, d.TenantId, Orphan = !db.Registrations.Any(r => r.Id == d.RegistrationId && r.TenantId == d.TenantId) })
                .Take(SyncService.ChunkSize).ToListAsync(cancellationToken);
            if (chunk.Count == 0)
            {
                return removed;
            }

            after = chunk[^1].Id;
            var orphans = chunk.Where(d => d.Orphan && d.TenantId == TenantId).Select(d => d.Id).ToList();
            if (orphans.Count > 0)
            {
                removed += await db.AutopilotDevices.Where(d => orphans.Contains(d.Id)).ExecuteDeleteAsync(cancellationToken);
            }

            await tx.CommitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// (d): pending devices receive their intended profile (assigned = intended, assigned in sync);
    /// devices no profile targets lose the one they had. Each step takes the first chunk still to
    /// do until none is left, so no keyset is needed: a handled row leaves the set.
    /// </summary>
    private async Task<(int Delivered, int Cleared)> DeliverProfilesAsync(CancellationToken cancellationToken)
    {
        var delivered = await InChunksAsync(
            d => d.TenantId == TenantId && d.ProfileStatus == ProfileAssignmentStatus.Pending,
            (devices, ct) => devices.ExecuteUpdateAsync(set => set
                .SetProperty(d => d.AssignedProfileId, d => d.DeploymentProfileId)
                .SetProperty(d => d.AssignedProfileName, d => d.DeploymentProfileName)
                .SetProperty(d => d.ProfileStatus, ProfileAssignmentStatus.AssignedInSync), ct),
            cancellationToken);
        var cleared = await InChunksAsync(
            d => d.TenantId == TenantId && d.ProfileStatus == ProfileAssignmentStatus.NotAssigned && d.AssignedProfileId != null,
            (devices, ct) => devices.ExecuteUpdateAsync(set => set
                .SetProperty(d => d.AssignedProfileId, (Guid?)null)
                .SetProperty(d => d.AssignedProfileName, (string?)null), ct),
            cancellationToken);
        return (delivered, cleared);
    }

    private async Task<int> InChunksAsync(
        System.Linq.Expressions.Expression<Func<AutopilotDevice, bool>> todo,
        Func<IQueryable<AutopilotDevice>, CancellationToken, Task<int>> update,
        CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            await renewLease(db, cancellationToken);
            // In serial order, which the (TenantId, ProfileStatus, SerialKey) index gives without a sort;
            // any order would do, but a row limit without one draws EF's warning.
            var ids = await db.AutopilotDevices.Where(todo).OrderBy(d => d.SerialKey).Select(d => d.Id).Take(SyncService.ChunkSize).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return total;
            }

            var done = await update(db.AutopilotDevices.Where(d => ids.Contains(d.Id)), cancellationToken);
            await tx.CommitAsync(cancellationToken);
            total += done;
            if (done == 0)
            {
                return total;
            }
        }
    }
}
