using AutopilotPortal.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AutopilotPortal.Core.Registration;

/// <summary>
/// Registers devices: rows validated by <see cref="RegistrationValidator"/> are decided by the
/// deployment service (<see cref="RegistrationDecider"/>: new, 806, 808, 813), and the new ones
/// written (<see cref="RegistrationWriter"/>): the ZTDID, the disabled Entra object, the row in
/// Intune's list, and the groups and profile that follow. Each device is all-or-nothing.
/// </summary>
public sealed class DeviceRegistrationService(
    IDbContextFactory<PortalDbContext> dbFactory,
    RegistrationWriter writer,
    TimeProvider clock,
    ILogger<DeviceRegistrationService> logger)
{
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
        var decision = await DecideAsync(tenantId, rows, cancellationToken);
        return dryRun ? decision.AsDryRun() : await CommitAsync(decision, write, cancellationToken);
    }

    /// <summary>
    /// Decides every row against the deployment service (806 / 808 / 813, repeats within the
    /// rows) without writing; <see cref="CommitAsync(RegistrationDecision, RegistrationWrite, CancellationToken)"/> then writes the rows that register.
    /// </summary>
    public async Task<RegistrationDecision> DecideAsync(Guid tenantId, IReadOnlyList<PreparedRegistration> rows, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await RegistrationDecider.DecideAsync(db, tenantId, rows, cancellationToken);
    }

    /// <summary>
    /// Writes the rows a decision found new, decided once more inside the write (whatever was
    /// committed since the decision counts). They are written in one transaction; if that fails they
    /// are written one by one, so that one bad row loses nothing else (and gets 640).
    /// </summary>
    public Task<IReadOnlyList<RegistrationOutcome>> CommitAsync(RegistrationDecision decision, RegistrationWrite write, CancellationToken cancellationToken = default) =>
        CommitAsync(decision, write, alongside: null, cancellationToken);

    /// <summary>
    /// Writes as <see cref="CommitAsync(RegistrationDecision, RegistrationWrite, CancellationToken)"/> does, and
    /// runs <paramref name="alongside"/> with every row's outcome on the same context, in the same
    /// transaction, so that what records the outcomes (an API upload's records) commits with the
    /// registrations or not at all. When the rows are written one by one, it runs in a transaction of
    /// its own after them.
    /// </summary>
    public async Task<IReadOnlyList<RegistrationOutcome>> CommitAsync(
        RegistrationDecision decision,
        RegistrationWrite write,
        Func<PortalDbContext, IReadOnlyList<RegistrationOutcome>, CancellationToken, Task>? alongside,
        CancellationToken cancellationToken = default)
    {
        if (decision.ToWrite.Count == 0 && alongside is null)
        {
            return decision.With([]);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = decision.RowsToWrite();
        var batch = new RegistrationBatch(decision.TenantId, rows,
            RegistrationStaging.StageAll(decision.TenantId, rows, clock.GetUtcNow().UtcDateTime, RegistrationLayouts.For(db), write.Source), write);
        try
        {
            return await RegistrationWriter.InTransactionAsync(db, async ct =>
            {
                var outcomes = decision.With(rows.Count == 0 ? [] : await writer.WriteAsync(db, batch, ct));
                if (alongside is not null)
                {
                    await alongside(db, outcomes, ct);
                }

                return outcomes;
            }, cancellationToken);
        }
        catch (Exception ex) when (rows.Count > 0 && RegistrationWriter.IsStorageFailure(ex))
        {
            logger.LogWarning(ex, "Batch of {Count} registrations failed; writing them one at a time", rows.Count);
            var outcomes = decision.With(await writer.WriteEachAsync(db, batch, cancellationToken));
            if (alongside is not null)
            {
                await RegistrationWriter.InTransactionAsync(db, async ct =>
                {
                    await alongside(db, outcomes, ct);
                    return true;
                }, CancellationToken.None);
            }

            return outcomes;
        }
    }
}
