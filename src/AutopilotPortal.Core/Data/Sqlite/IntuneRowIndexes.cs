namespace AutopilotPortal.Core.Data.Sqlite;

/// <summary>
/// What SQLite keeps beside Intune's Autopilot rows: the trigram index of their serial numbers
/// (<c>IntuneAutopilotDeviceSerials</c>, for "serial contains") and each tenant's row count
/// (<c>IntuneDeviceCounts</c>, the unfiltered list's total), and the overview's counts by status and
/// by hour of registration (<c>IntuneDeviceStatusCounts</c>, <c>IntuneRegistrationHours</c>). Triggers keep both on update and
/// delete. On insert the writers keep them, once per batch, with <see cref="IndexRowsSql"/>:
/// with a trigger on insert, every INSERT statement wrote two tables, so SQLite opened a
/// statement journal for it (a copy of every index page it touched) and the trigram index
/// flushed its pending terms at each one; that tripled the cost of an import's Intune rows
/// (docs/benchmarks.md).
/// </summary>
public static class IntuneRowIndexes
{
    /// <summary>
    /// Indexes the serial numbers of the rows whose ids are in <c>$ids</c> (a JSON array of the ids
    /// as stored, upper-case text) and adds them to their tenants' counts (the hour is the stored time's
    /// first 13 characters, "yyyy-MM-dd HH", as EF stores the hour's start). Run in the transaction
    /// that inserted them, so that rows and entries commit together.
    /// </summary>
    public const string IndexRowsSql = """
        INSERT INTO "IntuneAutopilotDeviceSerials"(rowid, "SerialKey")
            SELECT rowid, "SerialKey" FROM "IntuneAutopilotDevices" WHERE "Id" IN (SELECT value FROM json_each($ids));
        INSERT INTO "IntuneDeviceCounts" ("TenantId", "Count")
            SELECT "TenantId", count(*) FROM "IntuneAutopilotDevices" WHERE "Id" IN (SELECT value FROM json_each($ids)) GROUP BY "TenantId"
            ON CONFLICT ("TenantId") DO UPDATE SET "Count" = "Count" + excluded."Count";
        INSERT INTO "IntuneDeviceStatusCounts" ("TenantId", "ProfileStatus", "EnrollmentState", "Count")
            SELECT "TenantId", "ProfileStatus", "EnrollmentState", count(*) FROM "IntuneAutopilotDevices"
            WHERE "Id" IN (SELECT value FROM json_each($ids)) GROUP BY 1, 2, 3
            ON CONFLICT ("TenantId", "ProfileStatus", "EnrollmentState") DO UPDATE SET "Count" = "Count" + excluded."Count";
        INSERT INTO "IntuneRegistrationHours" ("TenantId", "Hour", "Count")
            SELECT "TenantId", substr("CreatedAt", 1, 13) || ':00:00', count(*) FROM "IntuneAutopilotDevices"
            WHERE "Id" IN (SELECT value FROM json_each($ids)) GROUP BY 1, 2
            ON CONFLICT ("TenantId", "Hour") DO UPDATE SET "Count" = "Count" + excluded."Count";
        """;
}
