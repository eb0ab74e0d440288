using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Import.Csv;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Telemetry;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Import;

/// <summary>
/// Imports device CSVs: a preview that decides every row without writing, and the import
/// itself, streamed in batches so that a file of any size is never held whole in memory.
/// </summary>
public sealed class ImportService(
    DeviceRegistrationService registration,
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<TenantOptions> tenant,
    IOptions<ImportOptions> options,
    AuditService audit, AccessGuard access,
    ICommitWatches commitWatches,
    ImportBatchWriter batchWriter,
    RunningImports running,
    TimeProvider clock,
    ILogger<ImportService> logger)
{
    /// <summary>The <see cref="PortalTelemetry.Tags.ImportSource"/> of a CSV import.</summary>
    internal const string ImportSourceCsv = "csv";

    private ImportOptions Options => options.Value;

    private Guid TenantId => tenant.Value.Id;

    /// <summary>Reads the file and decides every row against the service without writing anything.</summary>
    /// <exception cref="DeviceCsvHeaderException">The header is not one the portal accepts.</exception>
    /// <exception cref="AccessDeniedException">The caller may not import devices.</exception>
    public async Task<ImportPreview> PreviewAsync(PortalCaller caller, Stream stream, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ImportDevices, "a device import", cancellationToken);
        await using var reader = await DeviceCsvReader.OpenAsync(stream, cancellationToken);
        var rows = new List<ImportPreviewRow>();
        var windows1252Rows = new HashSet<int>();
        await foreach (var batch in ImportBatchReader.ReadAsync(reader, Options, acceptedLostLines: null, windows1252Rows, cancellationToken))
        {
            var outcomes = await registration.RegisterAsync(TenantId, batch, dryRun: true, cancellationToken);
            var sameSerial = await FindSameSerialAsync(batch, outcomes, cancellationToken);
            for (var i = 0; i < batch.Count; i++)
            {
                var row = ImportPreviewRow.From(batch[i], outcomes[i]);
                if (outcomes[i].Error is null && batch[i].Identity is { } identity && sameSerial.TryGetValue(identity.SerialKey, out var existing)
                    && string.Equals(existing.Manufacturer.Trim(), identity.Manufacturer.Trim(), StringComparison.OrdinalIgnoreCase))
                {
                    row = row with { Warning = Join(row.Warning, SameSerialWarning(existing)), SameSerialDeviceId = existing.Id };
                }

                rows.Add(row);
            }

            progress?.Report(rows.Count);
        }

        // Whether the file mixes encodings is known only once all of it has been read.
        if (reader.MixedEncoding)
        {
            for (var i = 0; i < rows.Count; i++)
            {
                if (windows1252Rows.Contains(rows[i].LineNumber))
                {
                    rows[i] = rows[i] with { Warning = Join(rows[i].Warning, MixedEncodingRowWarning(rows[i].LineNumber)) };
                }
            }
        }

        return new ImportPreview(reader.Format, reader.ColumnCount, reader.EncodingName, rows)
        {
            LineCount = reader.LineCount,
            LostLines = reader.LostLines.ToList(),
            EncodingWarning = reader.EncodingWarning,
        };
    }

    /// <summary>
    /// The devices of this tenant that have the serial of a row that will register as new hardware: a device
    /// whose motherboard was replaced comes back with its serial and a new identity, and should be replaced, not
    /// added beside itself. Placeholder serials, which many devices share, are left out.
    /// </summary>
    private async Task<Dictionary<string, SameSerialDevice>> FindSameSerialAsync(
        IReadOnlyList<PreparedRegistration> batch, IReadOnlyList<RegistrationOutcome> outcomes, CancellationToken cancellationToken)
    {
        var keys = batch.Where((row, i) => outcomes[i].Error is null && row.Identity is not null && !Hardware.PlaceholderSerials.IsPlaceholder(row.Hardware?.SerialNumber))
            .Select(row => row.Identity!.SerialKey).Distinct().ToList();
        if (keys.Count == 0)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.AutopilotDevices.AsNoTracking()
            .Where(d => d.TenantId == TenantId && EF.Parameter(keys).Contains(d.SerialKey))
            .Select(d => new SameSerialDevice(d.Id, d.SerialKey, d.SerialNumber, d.Manufacturer, d.Model, d.CreatedAt))
            .ToListAsync(cancellationToken);
        return found.GroupBy(d => d.SerialKey).ToDictionary(g => g.Key, g => g.OrderByDescending(d => d.RegisteredAt).First(), StringComparer.Ordinal);
    }

    private string SameSerialWarning(SameSerialDevice existing)
    {
        var model = string.Join(" ", new[] { existing.Manufacturer, existing.Model }.Where(v => !string.IsNullOrWhiteSpace(v)));
        return $"A device with serial {existing.SerialNumber} ({model}, registered {Ago(existing.RegisteredAt)}) is already registered with other hardware: " +
            "this row would register a second device. If its motherboard was replaced, use Replace motherboard on that device instead.";
    }

    private string Ago(DateTime utc)
    {
        var days = (int)Math.Floor((clock.GetUtcNow().UtcDateTime - utc).TotalDays);
        return days switch
        {
            < 1 => "today",
            1 => "yesterday",
            < 60 => $"{days} days ago",
            _ => $"on {utc:yyyy-MM-dd}",
        };
    }

    private sealed record SameSerialDevice(Guid Id, string SerialKey, string SerialNumber, string Manufacturer, string? Model, DateTime RegisteredAt);

    /// <summary>The warning of a row whose text holds bytes that are not UTF-8, in a file that also holds UTF-8.</summary>
    public static string MixedEncodingRowWarning(int line) =>
        $"Line {line:N0} has bytes that are not UTF-8, in a file that is otherwise UTF-8; they were read as Windows-1252 (ANSI). Check the text of this row.";

    /// <summary>Imports the file, batch by batch, recording every row's outcome on a new import job.</summary>
    /// <exception cref="DeviceCsvHeaderException">The header is not one the portal accepts; nothing is written.</exception>
    /// <exception cref="AccessDeniedException">The caller may not import devices; nothing is read or written.</exception>
    public Task<ImportJob> ImportAsync(
        PortalCaller caller,
        Stream stream,
        string fileName,
        IProgress<ImportProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        ImportAsync(caller, stream, fileName, acceptedLostLines: null, progress, cancellationToken);

    /// <summary>
    /// Imports the file as <see cref="ImportAsync(PortalCaller, Stream, string, IProgress{ImportProgress}?, CancellationToken)"/>
    /// does. Lines that a quote swallowed (<see cref="ImportPreview.LostLines"/>) are lost only when the caller
    /// has seen and accepted exactly them: the import stops at any others, as a failed import that keeps the rows
    /// before them.
    /// </summary>
    /// <param name="caller">Who imports.</param>
    /// <param name="stream">The file.</param>
    /// <param name="fileName">The file's name, as the import history shows it.</param>
    /// <param name="acceptedLostLines">The lost lines the caller accepted, from the preview of the same file.</param>
    /// <param name="progress">Told the counts after every batch.</param>
    /// <param name="cancellationToken">Stops the import after the batch being written.</param>
    public async Task<ImportJob> ImportAsync(
        PortalCaller caller,
        Stream stream,
        string fileName,
        IReadOnlyCollection<LostLines>? acceptedLostLines,
        IProgress<ImportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ImportDevices, BaseName(fileName), cancellationToken);
        await using var reader = await DeviceCsvReader.OpenAsync(stream, cancellationToken);

        // While it runs, a stopping instance waits for it to end after its current batch (RunningImports).
        using var entered = running.Enter();
        using var activity = PortalTelemetry.ActivitySource.StartActivity(PortalTelemetry.Spans.Import);
        var started = clock.GetTimestamp();
        var job = new ImportJob
        {
            Id = Guid.NewGuid(),
            TenantId = TenantId,
            FileName = BaseName(fileName),
            Encoding = reader.EncodingName,
            Format = $"{reader.Format} ({reader.ColumnCount} columns)",
            StartedBy = caller.UserName,
            Status = ImportJobStatus.Running,
            StartedAt = clock.GetUtcNow().UtcDateTime,
        };
        job.AliveUntil = job.StartedAt + ImportJob.Lease;
        activity?.SetTag(PortalTelemetry.Tags.ImportJobId, job.Id);
        activity?.SetTag(PortalTelemetry.Tags.ImportSource, ImportSourceCsv);
        await SaveJobAsync(job, isNew: true, CancellationToken.None);

        // Two stages on two cores: one reads, decodes, validates and decides rows in batches
        // while the other writes the previous batch. The channel holds at most two batches, so memory stays
        // bounded whatever the file's size.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, running.Stopping);
        var windows1252Rows = new HashSet<int>();
        var batches = Channel.CreateBounded<ImportBatch>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });
        ExceptionDispatchInfo? readFailure = null;
        try
        {
            // One context and one open connection write every batch, so that SQLite keeps its
            // page cache from batch to batch.
            await using var writer = await dbFactory.CreateDbContextAsync(cancellationToken);
            await writer.Database.OpenConnectionAsync(cancellationToken);

            // Started before the first decision: a commit by anyone else after it makes the writer decide a batch again.
            var watch = await commitWatches.StartAsync(writer, cancellationToken);
            var producer = Task.Run(async () =>
            {
                try
                {
                    await foreach (var batch in ImportBatchReader.ReadAsync(reader, Options, acceptedLostLines ?? [], windows1252Rows, stop.Token))
                    {
                        // Rows repeated within the file were marked while reading, so a batch's
                        // decision does not depend on the batches still being written.
                        await batches.Writer.WriteAsync(await batchWriter.DecideAsync(TenantId, batch, watch, stop.Token), stop.Token);
                    }
                }
                catch (Exception ex)
                {
                    readFailure = ExceptionDispatchInfo.Capture(ex);
                }
                finally
                {
                    batches.Writer.TryComplete();
                }
            }, CancellationToken.None);

            try
            {
                await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
                {
                    // A batch is written whole even when the instance starts stopping meanwhile; the next is not.
                    (await batchWriter.WriteAsync(writer, batch, watch, job, cancellationToken)).AddTo(job);
                    progress?.Report(new ImportProgress(job.TotalRows, job.Registered, job.Failed, job.Warnings) { AlreadyRegistered = job.AlreadyRegistered });
                    running.Stopping.ThrowIfCancellationRequested();
                }
            }
            finally
            {
                await stop.CancelAsync();
                await producer;
            }

            readFailure?.Throw();
            job.Status = ImportJobStatus.Completed;
        }
        catch (OperationCanceledException) when (running.Stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The instance is stopping: the import ends here, saying so, rather than being cut off with the process.
            logger.LogWarning("Import {JobId} of {FileName} stopped with its instance after {Rows} rows", job.Id, job.FileName, job.TotalRows);
            job.Status = ImportJobStatus.Failed;
            job.FailureMessage = InterruptedImports.Message(job.TotalRows);
        }
        catch (OperationCanceledException)
        {
            job.Status = ImportJobStatus.Cancelled;
            job.FailureMessage = $"Cancelled after {job.TotalRows:N0} rows; the rows before were registered.";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Import {JobId} of {FileName} failed", job.Id, job.FileName);
            job.Status = ImportJobStatus.Failed;
            job.FailureMessage = $"The import stopped after {job.TotalRows:N0} rows: {ex.Message}";
        }

        // What the whole file showed: its lines, the lines lost to quotes, and an encoding that only its end may reveal as mixed.
        if (reader.MixedEncoding && windows1252Rows.Count > 0)
        {
            try
            {
                job.Warnings += await WarnMixedEncodingRowsAsync(job, windows1252Rows);
            }
            catch (Exception ex) when (ex is DbUpdateException or WriteConflictException or InvalidOperationException or System.Data.Common.DbException)
            {
                // The rows are registered; only their warnings are missing, and the file's note still says why.
                logger.LogError(ex, "Import {JobId}: the mixed-encoding warnings could not be added to its rows", job.Id);
            }
        }

        job.LineCount = reader.LineCount;
        job.Encoding = reader.EncodingName;
        job.FileNotes = Truncate(FileNotes(reader), 2000);
        job.CompletedAt = clock.GetUtcNow().UtcDateTime;
        await SaveJobAsync(job, isNew: false, CancellationToken.None, caller);
        PortalTelemetry.RecordImport(activity, ImportSourceCsv, job.Registered, job.Failed, job.AlreadyRegistered, clock.GetElapsedTime(started));
        if (job.Status != ImportJobStatus.Completed)
        {
            PortalTelemetry.Fail(activity, job.Status.ToString());
        }

        return job;
    }

    /// <summary>
    /// Adds the mixed-encoding warning to the results of the rows that hold Windows-1252 bytes, once the end of
    /// the file has shown that it mixes encodings; returns how many rows gained their first warning.
    /// </summary>
    private async Task<int> WarnMixedEncodingRowsAsync(ImportJob job, HashSet<int> lines)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var added = 0;
        foreach (var chunk in lines.Order().Chunk(500))
        {
            var results = await db.ImportRowResults.Where(r => r.ImportJobId == job.Id && chunk.Contains(r.LineNumber)).ToListAsync();
            foreach (var result in results)
            {
                added += result.Warning is null ? 1 : 0;
                result.Warning = Truncate(Join(result.Warning, MixedEncodingRowWarning(result.LineNumber)), 1000);
            }

            // A chunk at a time, so that a file of many such rows never holds them all.
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }

        return added;
    }

    /// <summary>Saves the job; when it has ended, writes the import's audit entry with it.</summary>
    private async Task SaveJobAsync(ImportJob job, bool isNew, CancellationToken cancellationToken, PortalCaller? endedBy = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (isNew)
        {
            db.ImportJobs.Add(job);
        }
        else
        {
            db.ImportJobs.Attach(job).State = EntityState.Modified;
        }

        if (endedBy is not null)
        {
            var outcome = job.Status == ImportJobStatus.Completed ? AuditOutcome.Succeeded : AuditOutcome.Failed;
            var details = $"{job.Status}: {job.LineCount:N0} lines, {job.TotalRows:N0} rows, {job.Registered:N0} registered, {job.AlreadyRegistered:N0} already registered, {job.Failed:N0} failed, {job.Warnings:N0} with warnings"
                + (job.FailureMessage is null ? "." : $". {job.FailureMessage}");
            audit.Add(db, endedBy, AuditActions.DevicesImported, "Import", job.FileName, job.Id.ToString(), details: details, outcome: outcome);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The file's name without any folder, whichever separator the client's system uses.</summary>
    /// <summary>The most of a file's name an import keeps (the column's length, Windows' path limit).</summary>
    public const int MaxFileNameLength = 260;

    /// <summary>The file's own name, without folders; a longer one is cut to fit, keeping its extension.</summary>
    private static string BaseName(string fileName)
    {
        var name = fileName.Split('/', '\\')[^1] is { Length: > 0 } baseName ? baseName : "devices.csv";
        if (name.Length <= MaxFileNameLength)
        {
            return name;
        }

        var extension = Path.GetExtension(name);
        extension = extension.Length is > 0 and <= 16 ? extension : string.Empty;
        return name[..(MaxFileNameLength - extension.Length)] + extension;
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];

    private static string? Join(string? first, string second) => first is null ? second : $"{first} {second}";

    /// <summary>The file-wide findings for the job: the lines lost to quotes, and a mix of encodings.</summary>
    private static string? FileNotes(DeviceCsvReader reader)
    {
        var notes = reader.LostLines.Select(l => l.Reason).ToList();
        if (reader.EncodingWarning is { } encoding)
        {
            notes.Add(encoding);
        }

        return notes.Count == 0 ? null : string.Join(" ", notes);
    }
}
