using AutopilotPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Tests.Support;

/// <summary>
/// Makes the database itself refuse one device: a trigger aborts the insert of its Intune row,
/// which is the last of the three rows a registration writes, so a working rollback is the only
/// way nothing of it remains.
/// </summary>
internal static class StorageFailure
{
    public static async Task FailIntuneRowForAsync(PortalDbContext db, string serialKey)
    {
        var sql = "CREATE TRIGGER fail_one_device BEFORE INSERT ON IntuneAutopilotDevices " +
            $"WHEN NEW.SerialKey = '{serialKey.Replace("'", "''", StringComparison.Ordinal)}' " +
            "BEGIN SELECT RAISE(ABORT, 'simulated storage failure'); END;";
        await db.Database.ExecuteSqlRawAsync(sql);
    }
}
