using AutopilotPortal.Core.Intune;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Data.Sqlite;

/// <summary>
/// The <see cref="ISerialSearch"/> on SQLite: the FTS5 trigram table <c>IntuneAutopilotDeviceSerials</c>
/// (see <see cref="SqliteSchema"/>), whose rowids are the Autopilot rows' rowids. CROSS JOIN makes
/// SQLite start from the matches rather than walk the serial index and test every device. The table
/// holds every tenant's serials, so the tenant is filtered before the cap: another tenant's devices
/// neither crowd out this one's matches nor show in the count.
/// </summary>
internal sealed class SqliteSerialSearch : ISerialSearch
{
    /// <summary>A trigram index matches terms of three characters or more.</summary>
    public int MinimumTermLength => 3;

    public IQueryable<AutopilotDevice> Containing(PortalDbContext db, Guid tenantId, string term, int cap)
    {
        var phrase = Phrase(term);
        return db.AutopilotDevices
            .FromSql($"SELECT d.* FROM (SELECT t.rowid AS rowid FROM \"IntuneAutopilotDeviceSerials\" CROSS JOIN \"IntuneAutopilotDevices\" AS t ON t.rowid = \"IntuneAutopilotDeviceSerials\".rowid WHERE \"IntuneAutopilotDeviceSerials\" MATCH {phrase} AND t.\"TenantId\" = {tenantId} LIMIT {cap}) AS m CROSS JOIN \"IntuneAutopilotDevices\" AS d ON d.rowid = m.rowid")
            .AsNoTracking()
            .Where(d => d.TenantId == tenantId);
    }

    public Task<int> CountContainingAsync(PortalDbContext db, Guid tenantId, string term, int cap, CancellationToken cancellationToken)
    {
        var phrase = Phrase(term);
        return db.Database.SqlQuery<int>($"SELECT count(*) AS \"Value\" FROM (SELECT t.rowid FROM \"IntuneAutopilotDeviceSerials\" CROSS JOIN \"IntuneAutopilotDevices\" AS t ON t.rowid = \"IntuneAutopilotDeviceSerials\".rowid WHERE \"IntuneAutopilotDeviceSerials\" MATCH {phrase} AND t.\"TenantId\" = {tenantId} LIMIT {cap})")
            .SingleAsync(cancellationToken);
    }

    /// <summary>An FTS5 phrase: any serial containing the term matches it.</summary>
    private static string Phrase(string term) => "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
