using AutopilotPortal.Core.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Tests.Support;

/// <summary>
/// Checks what the database keeps beside Intune's rows: on SQLite the trigram index of their serial
/// numbers holds exactly the rows of the table (FTS5's own integrity check against its content table;
/// PostgreSQL's GIN index is the table's own); each tenant's count is its number of rows; and the
/// overview's counts by status and by hour of registration are what grouping the rows gives.
/// </summary>
internal static class IntuneIndexAssert
{
    public static async Task ConsistentAsync(PortalTestDatabase database)
    {
        await using var db = await database.CreateDbContextAsync();
        if (!AutopilotPortal.Tests.Shared.TestDatabase.OnPostgres)
        {
            await SerialIndexConsistentAsync(db);
        }

        var rows = await db.AutopilotDevices.GroupBy(d => d.TenantId).Select(g => new { g.Key, Count = g.LongCount() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        var counts = await db.DeviceCounts.Where(c => c.Count != 0).ToDictionaryAsync(c => c.TenantId, c => c.Count);
        Assert.Equal(rows.OrderBy(r => r.Key).ToList(), counts.OrderBy(c => c.Key).ToList());

        var byStatus = (await db.AutopilotDevices
                .GroupBy(d => new { d.TenantId, d.ProfileStatus, d.EnrollmentState })
                .Select(g => new { g.Key.TenantId, g.Key.ProfileStatus, g.Key.EnrollmentState, Count = g.LongCount() })
                .ToListAsync())
            .Select(g => $"{g.TenantId} {g.ProfileStatus} {g.EnrollmentState} {g.Count}").Order(StringComparer.Ordinal).ToList();
        var statusCounts = (await db.DeviceStatusCounts.Where(c => c.Count != 0).ToListAsync())
            .Select(c => $"{c.TenantId} {c.ProfileStatus} {c.EnrollmentState} {c.Count}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(byStatus, statusCounts);

        var byHour = (await db.AutopilotDevices.Select(d => new { d.TenantId, d.CreatedAt }).ToListAsync())
            .GroupBy(d => $"{d.TenantId} {d.CreatedAt.ToUniversalTime():yyyy-MM-dd HH}")
            .Select(g => $"{g.Key} {g.LongCount()}").Order(StringComparer.Ordinal).ToList();
        var hourCounts = (await db.RegistrationHours.Where(c => c.Count != 0).ToListAsync())
            .Select(c => $"{c.TenantId} {c.Hour.ToUniversalTime():yyyy-MM-dd HH} {c.Count}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(byHour, hourCounts);
    }

    private static async Task SerialIndexConsistentAsync(PortalDbContext db)
    {
        try
        {
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"IntuneAutopilotDeviceSerials\"(\"IntuneAutopilotDeviceSerials\", rank) VALUES ('integrity-check', 1);");
        }
        catch (SqliteException ex)
        {
            Assert.Fail($"The serial search index does not match Intune's rows: {ex.Message}");
        }
    }
}
