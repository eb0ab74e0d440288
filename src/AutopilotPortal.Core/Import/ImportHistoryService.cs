using AutopilotPortal.Core.Csv;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Import;

/// <summary>Past imports, their row results and their error reports. Reading them needs <see cref="PortalPermission.ReadImports"/>.</summary>
public sealed class ImportHistoryService(IDbContextFactory<PortalDbContext> dbFactory, IOptions<TenantOptions> options, AccessGuard access)
{
    private Guid TenantId => options.Value.Id;

    public async Task<PagedResult<ImportJob>> ListJobsAsync(PortalCaller caller, int skip, int take, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadImports, "imports", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var jobs = db.ImportJobs.AsNoTracking().Where(j => j.TenantId == TenantId);
        var total = await jobs.CountAsync(cancellationToken);
        var items = await jobs.OrderByDescending(j => j.StartedAt).ThenBy(j => j.Id).Skip(skip).Take(Math.Clamp(take, 1, 500)).ToListAsync(cancellationToken);
        return new PagedResult<ImportJob>(items, total);
    }

    public async Task<ImportJob?> GetJobAsync(PortalCaller caller, Guid id, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadImports, id.ToString(), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ImportJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id && j.TenantId == TenantId, cancellationToken);
    }

    public async Task<PagedResult<ImportRowResult>> ListResultsAsync(PortalCaller caller, Guid jobId, bool problemsOnly, int skip, int take, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadImports, jobId.ToString(), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = Results(db, jobId, problemsOnly);
        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderBy(r => r.LineNumber).Skip(skip).Take(Math.Clamp(take, 1, 500)).ToListAsync(cancellationToken);
        return new PagedResult<ImportRowResult>(items, total);
    }

    /// <summary>
    /// Writes the job's failed rows and warnings as CSV (UTF-8 with BOM so Excel reads it),
    /// streamed from the database, with cells neutralised against formula injection.
    /// </summary>
    public async Task WriteErrorReportAsync(PortalCaller caller, Guid jobId, Stream output, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ReadImports, jobId.ToString(), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var csv = CsvExport.Create(output);
        await csv.WriteRecordAsync(["Line", "Serial number", "Result", "Code", "Error", "Message", "Warning"], cancellationToken);
        await foreach (var row in Results(db, jobId, problemsOnly: true).OrderBy(r => r.LineNumber).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            csv.WriteField(row.LineNumber);
            csv.WriteField(row.SerialNumber);
            csv.WriteField(row.Outcome switch { ImportRowOutcome.Registered => "Registered", ImportRowOutcome.AlreadyRegistered => "Already registered", _ => "Failed" });
            csv.WriteField(row.ErrorCode);
            csv.WriteField(row.ErrorName);
            csv.WriteField(row.Message);
            csv.WriteField(row.Warning);
            await csv.EndRecordAsync(cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    private IQueryable<ImportRowResult> Results(PortalDbContext db, Guid jobId, bool problemsOnly)
    {
        var rows = db.ImportRowResults.AsNoTracking().Where(r => r.ImportJobId == jobId && db.ImportJobs.Any(j => j.Id == jobId && j.TenantId == TenantId));
        return problemsOnly ? rows.Where(r => !r.Succeeded || r.Warning != null) : rows;
    }
}
