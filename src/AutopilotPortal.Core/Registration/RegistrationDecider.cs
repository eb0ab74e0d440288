using System.Runtime.InteropServices;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Hardware;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Registration;

/// <summary>
/// The deployment service's decision, which only it makes: whether each validated row's hardware is
/// new (it registers), already this tenant's (806), another tenant's (808), ambiguous (813), or a
/// repeat of an earlier row (the same hardware twice in one call).
/// </summary>
internal static class RegistrationDecider
{
    /// <summary>Decides every row on <paramref name="db"/>, without writing; rows that arrive with an error are passed through.</summary>
    public static async Task<RegistrationDecision> DecideAsync(PortalDbContext db, Guid tenantId, IReadOnlyList<PreparedRegistration> rows, CancellationToken cancellationToken)
    {
        var outcomes = new RegistrationOutcome?[rows.Count];
        var toWrite = new List<int>(rows.Count);
        var toWriteByUuid = new Dictionary<UuidKey, List<int>>();
        var existing = await FindKnownHardwareAsync(db, rows, cancellationToken);
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
        return new RegistrationDecision(tenantId, rows, outcomes, toWrite);
    }

    /// <summary>What the deployment service holds of the rows' hardware, across every tenant.</summary>
    public static async Task<KnownHardware> FindKnownHardwareAsync(PortalDbContext db, IReadOnlyList<PreparedRegistration> rows, CancellationToken cancellationToken)
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

        return new KnownHardware(candidates.ToLookup(c => new UuidKey(c.SmbiosUuid)));
    }

    /// <summary>806 / 808 / 813 for hardware the deployment service already holds; null for new hardware.</summary>
    public static RegistrationOutcome? Judge(PreparedRegistration row, KnownHardware existing, Guid tenantId)
    {
        var identity = row.Identity!;
        var matches = existing.WithUuid(identity.SmbiosUuid).Where(c => identity.Matches(c.Manufacturer, c.SmbiosUuid, c.SerialKey, c.TpmKeyHash)).ToList();
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

    /// <summary>
    /// The tenant's Entra objects without a ZTDID that have the rows' hardware (hybrid-joined devices
    /// synced from AD, say): a registration stamps the one for its hardware instead of making another.
    /// </summary>
    public static async Task<Dictionary<string, DirectoryDevice>> FindStampableAsync(
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

    /// <summary>The device as a message names it: its serial, and the SMBIOS UUID when the serial is a firmware placeholder.</summary>
    private static string Named(PreparedRegistration row) => PlaceholderSerials.Describe(row.Hardware!.SerialNumber, row.Hardware.SmbiosUuid);

    /// <summary>The row's outcome: registered (with the Intune row's id, if written) when <paramref name="error"/> is null.</summary>
    public static RegistrationOutcome Outcome(PreparedRegistration row, RegistrationError? error, Guid? deviceId) =>
        new(row.Request.LineNumber, row.Hardware?.SerialNumber.Trim() ?? row.Request.SerialNumber?.Trim(), error, row.Warning, deviceId, row.Hardware);

    /// <summary>A dictionary key for a UUID that may be absent (matching never pairs a UUID with none).</summary>
    internal readonly record struct UuidKey(Guid? Uuid);

    internal sealed record Candidate(Guid TenantId, string Manufacturer, Guid? SmbiosUuid, string SerialKey, string? TpmKeyHash);
}

/// <summary>Registrations the deployment service holds, found for a set of rows and grouped by SMBIOS UUID.</summary>
internal sealed class KnownHardware(ILookup<RegistrationDecider.UuidKey, RegistrationDecider.Candidate> byUuid)
{
    /// <summary>The registrations of this SMBIOS UUID (or, for none, of no UUID).</summary>
    public IEnumerable<RegistrationDecider.Candidate> WithUuid(Guid? uuid) => byUuid[new RegistrationDecider.UuidKey(uuid)];
}

/// <summary>What <see cref="RegistrationDecider.DecideAsync"/> found: an outcome for each refused row, and the rows to write (in serial order).</summary>
public sealed record RegistrationDecision(
    Guid TenantId,
    IReadOnlyList<PreparedRegistration> Rows,
    IReadOnlyList<RegistrationOutcome?> Outcomes,
    IReadOnlyList<int> ToWrite)
{
    /// <summary>The rows to write, in the order of <see cref="ToWrite"/>.</summary>
    public IReadOnlyList<PreparedRegistration> RowsToWrite() => ToWrite.Select(i => Rows[i]).ToList();

    /// <summary>Every row's outcome: the refused rows' from the decision, the others' from <paramref name="written"/> (in the order of <see cref="ToWrite"/>).</summary>
    public IReadOnlyList<RegistrationOutcome> With(IReadOnlyList<RegistrationOutcome> written)
    {
        var all = Outcomes.ToArray();
        for (var k = 0; k < ToWrite.Count; k++)
        {
            all[ToWrite[k]] = written[k];
        }

        return all!;
    }

    /// <summary>The outcomes as a preview gives them: the rows to write are shown as registering.</summary>
    public IReadOnlyList<RegistrationOutcome> AsDryRun() =>
        Outcomes.Select((o, i) => o ?? new RegistrationOutcome(Rows[i].Request.LineNumber, Rows[i].Hardware?.SerialNumber.Trim(), null, Rows[i].Warning, null, Rows[i].Hardware)).ToList();
}

