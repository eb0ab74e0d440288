using System.Data.Common;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Intune;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AutopilotPortal.Core.Registration;

/// <summary>
/// Writes the devices that register: the registration, the Entra object (new, or an existing one
/// stamped with the ZTDID), the Intune row, and the consequences in the directory (dynamic groups,
/// then profiles). It writes inside the caller's transaction, which holds the database's write lock,
/// so that the caller can commit more with it (an import's row results).
/// </summary>
public sealed class RegistrationWriter(Groups.GroupMembershipService membership, ILogger<RegistrationWriter> logger)
{
    /// <summary>
    /// Writes the batch's rows on <paramref name="db"/>, in its current transaction. Unless the batch
    /// says its decision still holds (<see cref="RegistrationBatch.Stampable"/>), the rows are decided
    /// once more first: a registration committed since they were decided (another import, another
    /// instance) makes them 806 / 808 / 813 instead of a second registration of the same hardware.
    /// Returns each row's outcome, in the batch's order.
    /// </summary>
    internal async Task<RegistrationOutcome[]> WriteAsync(PortalDbContext db, RegistrationBatch batch, CancellationToken cancellationToken)
    {
        var rows = batch.Rows;
        var layouts = RegistrationLayouts.For(db);
        var outcomes = new RegistrationOutcome[rows.Count];
        await db.BulkRowWriting().LockRegistrationsAsync(db, cancellationToken);

        // When nothing has been committed since the rows were decided, the decision holds: every
        // row is new, and the objects to stamp are the ones it found (attached here to be updated).
        KnownHardware? existing = null;
        Dictionary<string, DirectoryDevice> stampByKey;
        if (batch.Stampable is { } found)
        {
            stampByKey = new Dictionary<string, DirectoryDevice>(found);
            db.DirectoryDevices.AttachRange(stampByKey.Values);
        }
        else
        {
            existing = await RegistrationDecider.FindKnownHardwareAsync(db, rows, cancellationToken);
            stampByKey = await RegistrationDecider.FindStampableAsync(db, batch.TenantId, rows, tracked: true, cancellationToken);
        }

        // New rows go through prepared INSERTs of values built beforehand (the change tracker
        // would cost most of an import's time); the rare stamped directory object is an
        // ordinary tracked update.
        using var registrations = RowInserter<DeviceRegistration>.Create(db);
        using var directoryObjects = RowInserter<DirectoryDevice>.Create(db);
        using var devices = batch.Write.WriteIntuneRow ? AutopilotDeviceInserter.Create(db) : null;

        var written = new List<DirectoryDevice>(rows.Count);
        var deviceRows = new List<(Guid, object?[])>(rows.Count);
        for (var k = 0; k < rows.Count; k++)
        {
            var row = rows[k];
            if (existing is not null && RegistrationDecider.Judge(row, existing, batch.TenantId) is { } refused)
            {
                outcomes[k] = refused;
                continue;
            }

            var stagedRow = batch.Staged[k];
            await registrations.InsertAsync(stagedRow.RegistrationValues, cancellationToken);
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
                await directoryObjects.InsertAsync(stagedRow.DirectoryValues, cancellationToken);
                written.Add(stagedRow.Directory);
            }

            // Without the Intune row (an OEM registration) the device reaches Intune's list
            // with the next sync, as it does in the real service. The Intune rows go in together
            // after the loop, so that they are indexed together.
            if (devices is not null)
            {
                deviceRows.Add((stagedRow.Device.Id, deviceValues));
            }

            outcomes[k] = RegistrationDecider.Outcome(row, null, devices is null ? null : stagedRow.Device.Id) with { Ztdid = stagedRow.Registration.Ztdid };
        }

        // The rows of a bulk copy go in table by table, each before the rows that refer to it.
        await registrations.FlushAsync(cancellationToken);
        await directoryObjects.FlushAsync(cancellationToken);
        if (devices is not null)
        {
            await devices.InsertManyAsync(deviceRows, cancellationToken);
        }

        // The new (and stamped) objects join the dynamic groups whose rules take them, and get the profile
        // those groups carry, in the same transaction as the registration.
        await membership.ApplyDirectoryChangesAsync(db, written, cancellationToken);
        return outcomes;
    }

    /// <summary>
    /// Writes the batch's rows one at a time, each in a transaction of its own on <paramref name="db"/>
    /// and decided again inside it, so that one bad row loses nothing else: a row that cannot be
    /// written gets 640 (a storage error) and nothing is written for it.
    /// </summary>
    internal async Task<RegistrationOutcome[]> WriteEachAsync(PortalDbContext db, RegistrationBatch batch, CancellationToken cancellationToken)
    {
        var outcomes = new RegistrationOutcome[batch.Rows.Count];
        for (var k = 0; k < batch.Rows.Count; k++)
        {
            var one = batch with { Rows = [batch.Rows[k]], Staged = [batch.Staged[k]], Stampable = null };
            try
            {
                outcomes[k] = (await InTransactionAsync(db, ct => WriteAsync(db, one, ct), cancellationToken))[0];
            }
            catch (Exception ex) when (IsStorageFailure(ex))
            {
                logger.LogError(ex, "Registration of line {Line} failed", one.Rows[0].Request.LineNumber);
                outcomes[k] = RegistrationDecider.Outcome(one.Rows[0], new RegistrationError(RegistrationErrorKind.StorageError,
                    "The device could not be saved because of a storage error. Nothing was written for it; import the file again to retry (rows already registered will say 806)."), null);
            }
        }

        return outcomes;
    }

    /// <summary>Runs <paramref name="work"/> in a new transaction on <paramref name="db"/> (under the provider's execution strategy) and commits it.</summary>
    public static Task<T> InTransactionAsync<T>(PortalDbContext db, Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var result = await work(ct);
            await tx.CommitAsync(ct);
            return result;
        }, cancellationToken);

    /// <summary>True for a failure of the database write (a constraint, the connection), after which the rows are written one by one.</summary>
    public static bool IsStorageFailure(Exception ex) => ex is DbUpdateException or WriteConflictException or InvalidOperationException or DbException;
}

/// <summary>Rows to write, with the records built for them (same order) and what to write.</summary>
/// <param name="TenantId">The tenant the rows register to.</param>
/// <param name="Rows">The rows, decided new.</param>
/// <param name="Staged">Their records, as <see cref="RegistrationStaging.StageAll"/> built them.</param>
/// <param name="Write">What is written for each row.</param>
internal sealed record RegistrationBatch(Guid TenantId, IReadOnlyList<PreparedRegistration> Rows, IReadOnlyList<StagedRegistration> Staged, RegistrationWrite Write)
{
    /// <summary>
    /// When the caller knows that nothing was committed since the rows were decided: the Entra objects
    /// they stamp, by hardware key (not tracked). Null to decide the rows again inside the write.
    /// </summary>
    public IReadOnlyDictionary<string, DirectoryDevice>? Stampable { get; init; }
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

    /// <summary>An upload through the API (<c>importedWindowsAutopilotDeviceIdentities</c>): all three rows.</summary>
    public static RegistrationWrite Api { get; } = new(RegistrationSource.Api, WriteIntuneRow: true);

    /// <summary>An OEM / partner registration: DDS and the directory, not Intune.</summary>
    public static RegistrationWrite Partner { get; } = new(RegistrationSource.Partner, WriteIntuneRow: false);
}
