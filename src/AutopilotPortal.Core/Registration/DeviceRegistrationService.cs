using System.Runtime.InteropServices;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Intune;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AutopilotPortal.Core.Registration;

/// <summary>
/// Registers devices: validates each request, asks the deployment service to match the hardware
/// against every tenant, issues the ZTDID, creates (or stamps) the disabled Entra object and adds
/// the row to Intune's list. Each device is all-or-nothing.
/// </summary>
public sealed class DeviceRegistrationService(
    IDbContextFactory<PortalDbContext> dbFactory,
    Groups.GroupMembershipService membership,
    TimeProvider clock,
    ILogger<DeviceRegistrationService> logger)
{
    /// <summary>
    /// Validates a request without touching the database: decodes the hash and checks the
    /// fields. Returns the prepared row, or the error that stops it.
    /// </summary>
    public static PreparedRegistration Prepare(RegistrationRequest request)
    {
        if (DeviceValues.FirstError(request) is { } invalid)
        {
            return new PreparedRegistration(request, null, null, new RegistrationError(RegistrationErrorKind.InvalidZtdRequestBody, invalid), null);
        }

        var csvSerial = request.SerialNumber?.Trim() ?? string.Empty;
        if (string.IsNullOrWhiteSpace(request.HardwareHash))
        {
            var error = csvSerial.Length == 0 && string.IsNullOrWhiteSpace(request.ProductKey)
                ? new RegistrationError(RegistrationErrorKind.MissingZtdSerialNumberAndProductKey,
                    "The row has no hardware hash, no serial number and no product key. Collect the hash on the device with Get-WindowsAutopilotInfo and add it to the Hardware Hash column.")
                : new RegistrationError(RegistrationErrorKind.InvalidZtdHardwareHash,
                    "The Hardware Hash column is empty. Registering by serial number or product key alone is for OEM partners; collect the hash on the device with Get-WindowsAutopilotInfo.");
            return new PreparedRegistration(request, null, null, error, null);
        }

        var decoded = HardwareHash.Decode(request.HardwareHash, out var storedHash);
        if (!decoded.IsValid || decoded.Info is null)
        {
            return new PreparedRegistration(request, null, null,
                new RegistrationError(RegistrationErrorKind.InvalidZtdHardwareHash,
                    $"The hardware hash is not valid: {LowerFirst(decoded.Message)} Collect the hash again on the device."), null);
        }

        var info = decoded.Info;
        if ((DeviceValues.HashStringError("serial number", info.SerialNumber, DeviceValues.MaxSerialNumberLength)
            ?? DeviceValues.HashStringError("manufacturer", info.Manufacturer, DeviceValues.MaxManufacturerOrModelLength)
            ?? DeviceValues.HashStringError("model", info.Model, DeviceValues.MaxManufacturerOrModelLength)) is { } hashValue)
        {
            return new PreparedRegistration(request, null, null,
                new RegistrationError(RegistrationErrorKind.InvalidZtdHardwareHash, $"The hardware hash is not valid: {LowerFirst(hashValue)} Collect the hash again on the device."), null);
        }

        string? warning = null;
        if (csvSerial.Length > 0 && !string.Equals(csvSerial, info.SerialNumber.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            warning = $"The CSV's serial number '{csvSerial}' differs from the serial in the hash '{info.SerialNumber.Trim()}'; the hash's serial is used.";
        }

        if (PlaceholderSerials.IsPlaceholder(info.SerialNumber))
        {
            var placeholder = PlaceholderSerials.Warning(info.SerialNumber, info.SmbiosUuid);
            warning = warning is null ? placeholder : $"{warning} {placeholder}";
        }

        // The hash is kept as its compact bytes from here on: a batch waiting to be written then
        // holds a third of the memory, and the writer has nothing left to decode.
        return new PreparedRegistration(request with { HardwareHash = null }, info, HardwareIdentity.From(info), null, warning)
        {
            Hash = storedHash,
        };
    }

    /// <summary>
    /// Decides each prepared row against the deployment service and, unless
    /// <paramref name="dryRun"/>, writes the ones that register. Rows that arrive with an error
    /// are passed through. The batch is written in one transaction; if that fails the rows are
    /// written one by one so that one bad row loses nothing else (and gets 640).
    /// </summary>
    public Task<IReadOnlyList<RegistrationOutcome>> RegisterAsync(
        Guid tenantId,
        IReadOnlyList<PreparedRegistration> rows,
        bool dryRun,
        CancellationToken cancellationToken = default) =>
        RegisterAsync(tenantId, rows, dryRun, RegistrationWrite.Import, cancellationToken);

    /// <summary>
    /// Registers as <see cref="RegisterAsync(Guid, IReadOnlyList{PreparedRegistration}, bool, CancellationToken)"/>
    /// does, writing what <paramref name="write"/> says: an OEM registration lands in the deployment
    /// service and the directory only, and reaches Intune's list with the next sync.
    /// </summary>
    public async Task<IReadOnlyList<RegistrationOutcome>> RegisterAsync(
        Guid tenantId,
        IReadOnlyList<PreparedRegistration> rows,
        bool dryRun,
        RegistrationWrite write,
        CancellationToken cancellationToken = default)
    {
        var decision = await DecideCoreAsync(tenantId, rows, stage: false, write, watch: null, cancellationToken);
        return dryRun ? decision.AsDryRun() : await CommitAsync(decision, cancellationToken);
    }

    /// <summary>
    /// Decides every row against the deployment service (806 / 808 / 813, repeats within the
    /// rows) without writing; <see cref="CommitAsync(RegistrationDecision, CancellationToken)"/>
    /// then writes the rows that register. An import runs the two on different threads, deciding
    /// one batch while it writes the last.
    /// </summary>
    public Task<RegistrationDecision> DecideAsync(Guid tenantId, IReadOnlyList<PreparedRegistration> rows, CancellationToken cancellationToken = default) =>
        DecideCoreAsync(tenantId, rows, stage: false, RegistrationWrite.Import, watch: null, cancellationToken);

    /// <summary>
    /// Decides as <see cref="DecideAsync(Guid, IReadOnlyList{PreparedRegistration}, CancellationToken)"/>
    /// does, and also builds the rows that register (new ids, the registration, the Entra object,
    /// the Intune row) with the values their inserts bind, timestamped now. The commit then only
    /// binds and runs the inserts: an import builds a batch here, on its reading thread, while the
    /// writing thread writes the last. With a <paramref name="watch"/> over that writer, the decision
    /// also finds the Entra objects the new rows will stamp, so that the writer can use it as it is
    /// when nothing has been committed since.
    /// </summary>
    internal Task<RegistrationDecision> DecideAndStageAsync(Guid tenantId, IReadOnlyList<PreparedRegistration> rows, ForeignCommitWatch? watch, CancellationToken cancellationToken) =>
        DecideCoreAsync(tenantId, rows, stage: true, RegistrationWrite.Import, watch, cancellationToken);

    private async Task<RegistrationDecision> DecideCoreAsync(
        Guid tenantId,
        IReadOnlyList<PreparedRegistration> rows,
        bool stage,
        RegistrationWrite write,
        ForeignCommitWatch? watch,
        CancellationToken cancellationToken)
    {
        var outcomes = new RegistrationOutcome?[rows.Count];
        var toWrite = new List<int>(rows.Count);
        var toWriteByUuid = new Dictionary<UuidKey, List<int>>();
        List<StagedRegistration>? staged = null;
        Dictionary<string, DirectoryDevice>? stampable = null;
        var mark = watch?.Mark();

        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var existing = await FindCandidatesAsync(db, rows, cancellationToken);
            for (var i = 0; i < rows.Count; i++)
            {
                var row = rows[i];
                if (row.Error is not null || row.Identity is null)
                {
                    outcomes[i] = Outcome(row, row.Error, null);
                    continue;
                }

                outcomes[i] = Judge(row, existing, tenantId);
                if (outcomes[i] is null)
                {
                    // The same hardware twice in one call (an API batch, say): only the first registers.
                    // Hardware can only match hardware of the same SMBIOS UUID (or none on both sides).
                    var sameUuid = CollectionsMarshal.GetValueRefOrAddDefault(toWriteByUuid, new UuidKey(row.Identity.SmbiosUuid), out _) ??= [];
                    var earlier = sameUuid.FirstOrDefault(k => rows[k].Identity!.Matches(row.Identity.Manufacturer, row.Identity.SmbiosUuid, row.Identity.SerialKey, row.Identity.TpmKeyHash), -1);
                    if (earlier >= 0)
                    {
                        var duplicate = row.AsDuplicateOf(rows[earlier].Request.LineNumber);
                        outcomes[i] = Outcome(duplicate, duplicate.Error, null);
                    }
                    else
                    {
                        toWrite.Add(i);
                        sameUuid.Add(i);
                    }
                }
            }

            // The rows are written in serial number order: the Intune row's sort indexes all end in
            // the serial, so each batch then goes into them in key order, which SQLite does in about
            // two thirds of the time of the file's order (docs/benchmarks.md).
            toWrite.Sort((a, b) => string.CompareOrdinal(rows[a].Identity!.SerialKey, rows[b].Identity!.SerialKey));
            if (watch is not null)
            {
                stampable = await FindStampableAsync(db, tenantId, toWrite.Select(i => rows[i]).ToList(), tracked: false, cancellationToken);
            }

            if (stage)
            {
                var layouts = WriteLayouts.For(db);
                var now = clock.GetUtcNow().UtcDateTime;
                staged = StageAll(tenantId, toWrite.Select(i => rows[i]).ToList(), now, layouts, write.Source);
            }
        }

        return new RegistrationDecision(tenantId, rows, outcomes, toWrite) { Staged = staged, Write = write, Watch = watch, WatchMark = mark, Stampable = stampable };
    }

    /// <summary>
    /// Writes the rows a decision found new. They are written in one transaction; if that fails
    /// they are decided again and written one by one, so that one bad row loses nothing else
    /// (and gets 640).
    /// </summary>
    public Task<IReadOnlyList<RegistrationOutcome>> CommitAsync(RegistrationDecision decision, CancellationToken cancellationToken = default) =>
        CommitAsync(decision, writer: null, alongside: null, cancellationToken);

    /// <summary>
    /// Commits as <see cref="CommitAsync(RegistrationDecision, CancellationToken)"/> does, and has
    /// <paramref name="alongside"/> write more (an import's row results) with every row's outcome in the
    /// same transaction, so both are committed or neither is. When the batch falls back to one
    /// transaction per row, <paramref name="alongside"/> runs once more in a transaction of its own
    /// after them; it may run in a transaction that is then rolled back, so it must only write through
    /// the context it is given. It writes through <paramref name="writer"/> when given: an import writes
    /// every batch through one context holding one open connection, because SQLite drops a connection's
    /// page cache whenever another connection has committed since its last transaction, and would then
    /// read every index page it touches again.
    /// </summary>
    internal async Task<IReadOnlyList<RegistrationOutcome>> CommitAsync(
        RegistrationDecision decision,
        PortalDbContext? writer,
        Func<PortalDbContext, IReadOnlyList<RegistrationOutcome>, CancellationToken, Task>? alongside,
        CancellationToken cancellationToken)
    {
        var (tenantId, rows, outcomes, toWrite) = (decision.TenantId, decision.Rows, decision.Outcomes.ToArray(), decision.ToWrite);
        var staged = decision.Staged;
        var write = decision.Write;
        if (toWrite.Count > 0)
        {
            try
            {
                return await WriteAsync(tenantId, toWrite.Select(i => rows[i]).ToList(), staged, write, writer, (decision.Watch, decision.WatchMark, decision.Stampable), async (db, written, ct) =>
                {
                    var all = (RegistrationOutcome?[])outcomes.Clone();
                    for (var k = 0; k < toWrite.Count; k++)
                    {
                        all[toWrite[k]] = written[k];
                    }

                    if (alongside is not null)
                    {
                        await alongside(db, all!, ct);
                    }

                    return all!;
                }, cancellationToken);
            }
            catch (Exception ex) when (ex is DbUpdateException or WriteConflictException or InvalidOperationException or System.Data.Common.DbException)
            {
                logger.LogWarning(ex, "Batch of {Count} registrations failed; writing them one at a time", toWrite.Count);
                for (var k = 0; k < toWrite.Count; k++)
                {
                    outcomes[toWrite[k]] = await WriteOneAsync(tenantId, rows[toWrite[k]], staged?[k], write, writer, decision.Watch, cancellationToken);
                }
            }
        }

        if (alongside is not null)
        {
            await using var owned = writer is null ? await dbFactory.CreateDbContextAsync(cancellationToken) : null;
            var db = writer ?? owned!;
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
            await alongside(db, outcomes!, cancellationToken);
            await tx.CommitAsync(cancellationToken);
        }

        return outcomes!;
    }

    private async Task<RegistrationOutcome> WriteOneAsync(
        Guid tenantId,
        PreparedRegistration row,
        StagedRegistration? staged,
        RegistrationWrite write,
        PortalDbContext? writer,
        ForeignCommitWatch? watch,
        CancellationToken cancellationToken)
    {
        try
        {
            // Decided again inside the write, whatever the watch says: no decision of this row alone was made.
            return (await WriteAsync(tenantId, [row], staged is null ? null : [staged], write, writer, (watch, null, null),
                (_, written, _) => Task.FromResult<IReadOnlyList<RegistrationOutcome>>(written), cancellationToken))[0];
        }
        catch (Exception ex) when (ex is DbUpdateException or WriteConflictException or InvalidOperationException or System.Data.Common.DbException)
        {
            logger.LogError(ex, "Registration of line {Line} failed", row.Request.LineNumber);
            return Outcome(row, new RegistrationError(RegistrationErrorKind.StorageError,
                "The device could not be saved because of a storage error. Nothing was written for it; import the file again to retry (rows already registered will say 806)."), null);
        }
    }

    /// <summary>
    /// Writes the rows in one transaction. The transaction holds the database's write lock, and
    /// the rows are decided once more inside it: a registration committed since they were first
    /// decided (another import, another instance) makes them 806 / 808 / 813 instead of a
    /// second registration of the same hardware. When <paramref name="decided"/> carries a watch
    /// that saw no other commit since its mark, the first decision (and the objects it found to
    /// stamp) is used as it is instead. <paramref name="staged"/> holds the rows as
    /// built when they were decided, or is null to build them here. The rows are written through
    /// <paramref name="writer"/>, or a context of their own when it is null. <paramref name="complete"/>
    /// runs in the same transaction, before the commit, with the rows' outcomes.
    /// </summary>
    private async Task<IReadOnlyList<RegistrationOutcome>> WriteAsync(
        Guid tenantId,
        IReadOnlyList<PreparedRegistration> rows,
        IReadOnlyList<StagedRegistration>? staged,
        RegistrationWrite write,
        PortalDbContext? writer,
        (ForeignCommitWatch? Watch, int? Mark, IReadOnlyDictionary<string, DirectoryDevice>? Stampable) decided,
        Func<PortalDbContext, RegistrationOutcome[], CancellationToken, Task<IReadOnlyList<RegistrationOutcome>>> complete,
        CancellationToken cancellationToken)
    {
        await using var owned = writer is null ? await dbFactory.CreateDbContextAsync(cancellationToken) : null;
        var db = writer ?? owned!;
        var layouts = WriteLayouts.For(db);
        if (staged is null)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            staged = StageAll(tenantId, rows, now, layouts, write.Source);
        }

        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);

            var outcomes = new RegistrationOutcome[rows.Count];

            // When nothing has been committed since the rows were decided, the decision holds: every
            // row is new, and the objects to stamp are the ones it found (attached here to be updated).
            ILookup<UuidKey, Candidate>? existing = null;
            Dictionary<string, DirectoryDevice> stampByKey;
            if (decided.Watch is { } watch && await watch.NothingCommittedSinceAsync(db, decided.Mark, ct) && decided.Stampable is { } found)
            {
                stampByKey = new Dictionary<string, DirectoryDevice>(found);
                db.DirectoryDevices.AttachRange(stampByKey.Values);
            }
            else
            {
                existing = await FindCandidatesAsync(db, rows, ct);
                stampByKey = await FindStampableAsync(db, tenantId, rows, tracked: true, ct);
            }

            // New rows go through prepared INSERTs of values built beforehand (the change tracker
            // would cost most of an import's time); the rare stamped directory object is an
            // ordinary tracked update.
            using var registrations = RowInserter<DeviceRegistration>.Create(db);
            using var directoryObjects = RowInserter<DirectoryDevice>.Create(db);
            using var devices = write.WriteIntuneRow ? AutopilotDeviceInserter.Create(db) : null;

            var written = new List<DirectoryDevice>(rows.Count);
            var deviceRows = new List<(Guid, object?[])>(rows.Count);
            for (var k = 0; k < rows.Count; k++)
            {
                var row = rows[k];
                if (existing is not null && Judge(row, existing, tenantId) is { } refused)
                {
                    outcomes[k] = refused;
                    continue;
                }

                var stagedRow = staged[k];
                await registrations.InsertAsync(stagedRow.RegistrationValues, ct);
                var deviceValues = stagedRow.DeviceValues;
                if (stampByKey.Remove(row.Identity!.HardwareKey, out var directory))
                {
                    // An object for this hardware exists already (a hybrid-joined device synced
                    // from AD, say): it is stamped with the ZTDID instead of a second one made,
                    // and the Intune row points at it.
                    directory.PhysicalIds = PhysicalIds.Merge(directory.PhysicalIds, stagedRow.Directory.PhysicalIds);
                    directory.Ztdid = stagedRow.Registration.Ztdid;
                    deviceValues = (object?[])deviceValues.Clone();
                    layouts.Devices.Set(deviceValues, nameof(AutopilotDevice.DirectoryObjectId), directory.Id);
                    layouts.Devices.Set(deviceValues, nameof(AutopilotDevice.AzureActiveDirectoryDeviceId), directory.DeviceId);
                    written.Add(directory);
                }
                else
                {
                    await directoryObjects.InsertAsync(stagedRow.DirectoryValues, ct);
                    written.Add(stagedRow.Directory);
                }

                // Without the Intune row (an OEM registration) the device reaches Intune's list
                // with the next sync, as it does in the real service. The Intune rows go in together
                // after the loop, so that they are indexed together.
                if (devices is not null)
                {
                    deviceRows.Add((stagedRow.Device.Id, deviceValues));
                }

                outcomes[k] = Outcome(row, null, devices is null ? null : stagedRow.Device.Id) with { Ztdid = stagedRow.Registration.Ztdid };
            }

            if (devices is not null)
            {
                await devices.InsertManyAsync(deviceRows, ct);
            }

            await db.SaveChangesAsync(ct);

            // The new objects join the dynamic groups whose rules take them, and get the profile
            // those groups carry, in the same transaction as the registration.
            var moved = await membership.EvaluateDevicesAsync(db, written, ct);
            await db.SaveChangesAsync(ct);
            await membership.ResolveProfilesAsync(db, moved, ct);
            var result = await complete(db, outcomes, ct);
            await tx.CommitAsync(ct);
            return result;
        }, cancellationToken);
    }

    /// <summary>
    /// Builds the three rows one new device is written as, and the values their inserts bind.
    /// The rows' own ids are version 7 GUIDs, which grow with time: each primary key (and the
    /// Intune row's unique RegistrationId) is then appended to its index rather than written on a
    /// random page, so a batch dirties a few index pages instead of most of them. The ZTDID and
    /// the Entra device id, which users and other services see, stay random.
    /// </summary>
    private static List<StagedRegistration> StageAll(Guid tenantId, IReadOnlyList<PreparedRegistration> rows, DateTime now, WriteLayouts layouts, RegistrationSource source)
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

    private static StagedRegistration Stage(Guid tenantId, PreparedRegistration row, DateTime now, WriteLayouts layouts, RegistrationSource source, Guid ztdid, Guid deviceId)
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

    /// <summary>
    /// The tenant's Entra objects without a ZTDID that have the rows' hardware (hybrid-joined devices
    /// synced from AD, say): a registration stamps the one for its hardware instead of making another.
    /// </summary>
    private static async Task<Dictionary<string, DirectoryDevice>> FindStampableAsync(
        PortalDbContext db,
        Guid tenantId,
        IReadOnlyList<PreparedRegistration> rows,
        bool tracked,
        CancellationToken cancellationToken)
    {
        var keys = rows.Select(r => r.Identity!.HardwareKey).Distinct().ToList();
        var query = db.DirectoryDevices.Where(d => d.TenantId == tenantId && d.Ztdid == null && d.HardwareKey != null && EF.Parameter(keys).Contains(d.HardwareKey));
        var found = await (tracked ? query : query.AsNoTracking()).ToListAsync(cancellationToken);
        return found.GroupBy(d => d.HardwareKey!).ToDictionary(g => g.Key, g => g.First());
    }

    private static async Task<ILookup<UuidKey, Candidate>> FindCandidatesAsync(PortalDbContext db, IReadOnlyList<PreparedRegistration> rows, CancellationToken cancellationToken)
    {
        var uuids = new HashSet<Guid>();
        var serials = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (row.Identity is null)
            {
                continue;
            }

            if (row.Identity.SmbiosUuid is { } uuid)
            {
                uuids.Add(uuid);
            }
            else
            {
                serials.Add(row.Identity.SerialKey);
            }
        }

        var candidates = new List<Candidate>();
        if (uuids.Count > 0)
        {
            var uuidList = uuids.Select(u => (Guid?)u).ToList();
            candidates.AddRange(await db.Registrations.AsNoTracking()
                .Where(r => EF.Parameter(uuidList).Contains(r.SmbiosUuid))
                .Select(r => new Candidate(r.TenantId, r.Manufacturer, r.SmbiosUuid, r.SerialKey, r.TpmKeyHash))
                .ToListAsync(cancellationToken));
        }

        if (serials.Count > 0)
        {
            var serialList = serials.ToList();
            candidates.AddRange(await db.Registrations.AsNoTracking()
                .Where(r => r.SmbiosUuid == null && EF.Parameter(serialList).Contains(r.SerialKey))
                .Select(r => new Candidate(r.TenantId, r.Manufacturer, r.SmbiosUuid, r.SerialKey, r.TpmKeyHash))
                .ToListAsync(cancellationToken));
        }

        return candidates.ToLookup(c => new UuidKey(c.SmbiosUuid));
    }

    /// <summary>806 / 808 / 813 for hardware the deployment service already holds; null for new hardware.</summary>
    private static RegistrationOutcome? Judge(PreparedRegistration row, ILookup<UuidKey, Candidate> existing, Guid tenantId)
    {
        var identity = row.Identity!;
        var matches = existing[new UuidKey(identity.SmbiosUuid)].Where(c => identity.Matches(c.Manufacturer, c.SmbiosUuid, c.SerialKey, c.TpmKeyHash)).ToList();
        return matches.Count switch
        {
            0 => null,
            1 when matches[0].TenantId == tenantId => Outcome(row, new RegistrationError(RegistrationErrorKind.ZtdDeviceAlreadyAssigned,
                $"Device {Named(row)} is already registered to your organization. Nothing was changed; edit the existing device to change its group tag or user."), null),
            1 => Outcome(row, new RegistrationError(RegistrationErrorKind.ZtdDeviceAssignedToOtherTenant,
                $"Device {Named(row)} is registered to another organization. That organization must deregister it first; if it was sold to you, ask your reseller to release it."), null),
            _ => Outcome(row, new RegistrationError(RegistrationErrorKind.ZtdDeviceIsNotUnique,
                $"The hardware of device {Named(row)} matches {matches.Count} registrations, so the service cannot tell which one it is. Contact support to clean up the duplicate registrations."), null),
        };
    }

    /// <summary>The device as a message names it: its serial, and the SMBIOS UUID when the serial is a firmware placeholder.</summary>
    private static string Named(PreparedRegistration row) => PlaceholderSerials.Describe(row.Hardware!.SerialNumber, row.Hardware.SmbiosUuid);

    private static RegistrationOutcome Outcome(PreparedRegistration row, RegistrationError? error, Guid? deviceId) =>
        new(row.Request.LineNumber, row.Hardware?.SerialNumber.Trim() ?? row.Request.SerialNumber?.Trim(), error, row.Warning, deviceId, row.Hardware);

    private static string LowerFirst(string? text) =>
        string.IsNullOrEmpty(text) || (text.Length > 1 && char.IsUpper(text[1])) ? text ?? string.Empty : char.ToLowerInvariant(text[0]) + text[1..];

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>The layouts of the three rows a registration writes.</summary>
    private sealed record WriteLayouts(RowLayout<DeviceRegistration> Registrations, RowLayout<DirectoryDevice> Directory, RowLayout<AutopilotDevice> Devices)
    {
        public static WriteLayouts For(PortalDbContext db) => new(RowLayout<DeviceRegistration>.For(db), RowLayout<DirectoryDevice>.For(db), RowLayout<AutopilotDevice>.For(db));
    }

    /// <summary>A dictionary key for a UUID that may be absent (matching never pairs a UUID with none).</summary>
    private readonly record struct UuidKey(Guid? Uuid);

    private sealed record Candidate(Guid TenantId, string Manufacturer, Guid? SmbiosUuid, string SerialKey, string? TpmKeyHash);
}

/// <summary>What <see cref="DeviceRegistrationService.DecideAsync"/> found: an outcome for each refused row, and the rows to write.</summary>
public sealed record RegistrationDecision(
    Guid TenantId,
    IReadOnlyList<PreparedRegistration> Rows,
    IReadOnlyList<RegistrationOutcome?> Outcomes,
    IReadOnlyList<int> ToWrite)
{
    /// <summary>The rows to write, built ahead of the write, in the order of <see cref="ToWrite"/>; null when not built.</summary>
    internal IReadOnlyList<StagedRegistration>? Staged { get; init; }

    /// <summary>What the commit writes for each row that registers.</summary>
    public RegistrationWrite Write { get; init; } = RegistrationWrite.Import;

    /// <summary>The watch over the writer this decision was made for, if any.</summary>
    internal ForeignCommitWatch? Watch { get; init; }

    /// <summary>The watch's mark, taken before the decision read the database; null to decide again in any case.</summary>
    internal int? WatchMark { get; init; }

    /// <summary>The Entra objects the rows to write stamp, by hardware key, as found with the decision (not tracked); null when not looked for.</summary>
    internal IReadOnlyDictionary<string, DirectoryDevice>? Stampable { get; init; }

    /// <summary>The outcomes as a preview gives them: the rows to write are shown as registering.</summary>
    public IReadOnlyList<RegistrationOutcome> AsDryRun() =>
        Outcomes.Select((o, i) => o ?? new RegistrationOutcome(Rows[i].Request.LineNumber, Rows[i].Hardware?.SerialNumber.Trim(), null, Rows[i].Warning, null, Rows[i].Hardware)).ToList();
}

/// <summary>What a registration writes: the source recorded on the DDS row, and whether Intune's row is written too.</summary>
/// <param name="Source">How the registration reached the deployment service.</param>
/// <param name="WriteIntuneRow">
/// True to add the device to Intune's list at once (an import); false to write only the DDS
/// registration and the Entra object (an OEM registration, which reaches Intune with the next sync).
/// </param>
public sealed record RegistrationWrite(RegistrationSource Source, bool WriteIntuneRow)
{
    /// <summary>A CSV import: all three rows.</summary>
    public static RegistrationWrite Import { get; } = new(RegistrationSource.CsvImport, WriteIntuneRow: true);

    /// <summary>An OEM / partner registration: DDS and the directory, not Intune.</summary>
    public static RegistrationWrite Partner { get; } = new(RegistrationSource.Partner, WriteIntuneRow: false);
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

/// <summary>A request after validation: decoded hardware and identity, or the error that stops it.</summary>
public sealed record PreparedRegistration(
    RegistrationRequest Request,
    HardwareHashInfo? Hardware,
    HardwareIdentity? Identity,
    RegistrationError? Error,
    string? Warning)
{
    /// <summary>The decoded hash without its zero padding, as the deployment service stores it.</summary>
    public (byte[] Bytes, int Length)? Hash { get; init; }

    /// <summary>Marks this row as a repeat of hardware seen earlier in the same file.</summary>
    public PreparedRegistration AsDuplicateOf(int firstLine) => this with
    {
        Error = new RegistrationError(RegistrationErrorKind.ZtdDeviceDuplicated,
            $"This hardware ({PlaceholderSerials.Describe(Hardware?.SerialNumber, Hardware?.SmbiosUuid)}) already appears on line {firstLine} of the file; only the first row is processed. Remove the repeated row."),
    };
}
