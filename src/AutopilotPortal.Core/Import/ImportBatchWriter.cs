using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Registration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AutopilotPortal.Core.Import;

/// <summary>
/// An import's two stages over the registration path, on two threads: <see cref="DecideAsync"/> decides
/// a batch and builds its records on the reading thread, while <see cref="WriteAsync"/> writes the one
/// before with its row results, through one context holding one open connection — SQLite drops a
/// connection's page cache whenever another connection has committed since its last transaction,
/// and would then read every index page it touches again.
/// </summary>
public sealed class ImportBatchWriter(
    IDbContextFactory<PortalDbContext> dbFactory,
    RegistrationWriter registrations,
    TimeProvider clock,
    ILogger<ImportBatchWriter> logger)
{
    /// <summary>
    /// Decides the rows and builds the records of those that register (new ids, timestamped now).
    /// With a <paramref name="watch"/> over the writer, it also finds the Entra objects the new rows
    /// will stamp, so that the writer can use the decision as it is when nothing has been committed since.
    /// </summary>
    internal async Task<ImportBatch> DecideAsync(Guid tenantId, IReadOnlyList<PreparedRegistration> rows, ICommitWatch? watch, CancellationToken cancellationToken)
    {
        var mark = watch?.Mark();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var decision = await RegistrationDecider.DecideAsync(db, tenantId, rows, cancellationToken);
        var toWrite = decision.RowsToWrite();
        var stampable = watch is null ? null : await RegistrationDecider.FindStampableAsync(db, tenantId, toWrite, tracked: false, cancellationToken);
        var staged = RegistrationStaging.StageAll(tenantId, toWrite, clock.GetUtcNow().UtcDateTime, RegistrationLayouts.For(db), RegistrationSource.CsvImport);
        return new ImportBatch(decision, new RegistrationBatch(tenantId, toWrite, staged, RegistrationWrite.Import), mark, stampable);
    }

    /// <summary>
    /// Writes the batch's new devices and every row's result, and adds them to the job's counts, in
    /// one transaction on <paramref name="writer"/>: a batch is registered with its results, or not at
    /// all. When the <paramref name="watch"/> saw no other commit since the batch was decided, the
    /// decision is used as it is; otherwise the rows are decided again inside the write. If the batch
    /// fails, its rows are written one by one (a bad row gets 640) and the results after them.
    /// </summary>
    internal async Task<ImportCounts> WriteAsync(PortalDbContext writer, ImportBatch batch, ICommitWatch? watch, ImportJob job, CancellationToken cancellationToken)
    {
        var decision = batch.Decision;
        IReadOnlyList<RegistrationOutcome> outcomes;
        if (batch.Write.Rows.Count == 0)
        {
            outcomes = decision.With([]);
        }
        else
        {
            try
            {
                return await RegistrationWriter.InTransactionAsync(writer, async ct =>
                {
                    var holds = watch is not null && batch.Stampable is not null && await watch.NothingCommittedSinceAsync(writer, batch.WatchMark, ct);
                    var write = holds ? batch.Write with { Stampable = batch.Stampable } : batch.Write;
                    var written = await registrations.WriteAsync(writer, write, ct);
                    return await SaveResultsAsync(writer, job, decision.With(written), AliveUntil(), ct);
                }, cancellationToken);
            }
            catch (Exception ex) when (RegistrationWriter.IsStorageFailure(ex))
            {
                logger.LogWarning(ex, "Batch of {Count} registrations failed; writing them one at a time", batch.Write.Rows.Count);
                outcomes = decision.With(await registrations.WriteEachAsync(writer, batch.Write, cancellationToken));
            }
        }

        return await RegistrationWriter.InTransactionAsync(writer, ct => SaveResultsAsync(writer, job, outcomes, AliveUntil(), ct), cancellationToken);
    }

    private DateTime AliveUntil() => clock.GetUtcNow().UtcDateTime + ImportJob.Lease;

    /// <summary>
    /// Inserts the batch's row results, sets the job's counts to include them and renews its
    /// <see cref="ImportJob.AliveUntil"/>, in the caller's transaction. The job in memory is left as it is
    /// until that transaction commits.
    /// </summary>
    private static async Task<ImportCounts> SaveResultsAsync(PortalDbContext db, ImportJob job, IReadOnlyList<RegistrationOutcome> outcomes, DateTime aliveUntil, CancellationToken cancellationToken)
    {
        var counts = default(ImportCounts);
        using (var results = RowInserter<ImportRowResult>.Create(db))
        {
            foreach (var outcome in outcomes)
            {
                counts = counts.Add(outcome);
                await results.InsertAsync(new ImportRowResult
                {
                    ImportJobId = job.Id,
                    LineNumber = outcome.LineNumber,
                    SerialNumber = Truncate(outcome.SerialNumber, 256),
                    Succeeded = outcome.Succeeded,
                    ErrorCode = outcome.Error?.Code,
                    ErrorName = outcome.Error?.Name,
                    Message = Truncate(outcome.Error?.Message, 1000),
                    Warning = Truncate(outcome.Warning, 1000),
                    AutopilotDeviceId = outcome.AutopilotDeviceId,
                }, cancellationToken);
            }

            await results.FlushAsync(cancellationToken);
        }

        var (total, registered, failed, warnings) = (job.TotalRows + counts.Rows, job.Registered + counts.Registered, job.Failed + counts.Failed, job.Warnings + counts.Warnings);
        var already = job.AlreadyRegistered + counts.AlreadyRegistered;
        await db.ImportJobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(
            set => set.SetProperty(j => j.TotalRows, total).SetProperty(j => j.Registered, registered)
                .SetProperty(j => j.Failed, failed).SetProperty(j => j.Warnings, warnings).SetProperty(j => j.AlreadyRegistered, already)
                .SetProperty(j => j.AliveUntil, aliveUntil),
            cancellationToken);
        return counts;
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}

/// <summary>One batch of an import, decided and built on the reading thread for the writing thread.</summary>
/// <param name="Decision">The deployment service's decision of every row.</param>
/// <param name="Write">The rows that register, with their records.</param>
/// <param name="WatchMark">The commit watch's mark, taken before the decision read the database; null without a watch.</param>
/// <param name="Stampable">The Entra objects the new rows stamp, as the decision found them (not tracked); null without a watch.</param>
internal sealed record ImportBatch(
    RegistrationDecision Decision,
    RegistrationBatch Write,
    int? WatchMark,
    IReadOnlyDictionary<string, DirectoryDevice>? Stampable);
