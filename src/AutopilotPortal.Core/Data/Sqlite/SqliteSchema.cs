using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AutopilotPortal.Core.Data.Sqlite;

/// <summary>
/// What the SQLite schema holds beyond the model's tables and indexes, created by the initial
/// migration: the serial search index, the per-tenant device counts, group member counts and the
/// append-only audit log. The migrations in <c>Data/Sqlite/Migrations</c> are SQLite's own; run on
/// another provider they stop with an error rather than leave these out.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>
    /// A trigram index over the Intune list's serial keys ("serial contains" is an index lookup). The
    /// writers index new rows once per batch (<see cref="IntuneRowIndexes"/>); updates and deletes are
    /// followed by triggers.
    /// </summary>
    private const string SerialSearch = """
        CREATE VIRTUAL TABLE "IntuneAutopilotDeviceSerials" USING fts5(
            "SerialKey", content='IntuneAutopilotDevices', content_rowid='rowid', tokenize='trigram');
        CREATE TRIGGER "IntuneAutopilotDevices_SerialSearch_Delete" AFTER DELETE ON "IntuneAutopilotDevices" BEGIN
            INSERT INTO "IntuneAutopilotDeviceSerials"("IntuneAutopilotDeviceSerials", rowid, "SerialKey") VALUES ('delete', old.rowid, old."SerialKey");
        END;
        CREATE TRIGGER "IntuneAutopilotDevices_SerialSearch_Update" AFTER UPDATE OF "SerialKey" ON "IntuneAutopilotDevices" BEGIN
            INSERT INTO "IntuneAutopilotDeviceSerials"("IntuneAutopilotDeviceSerials", rowid, "SerialKey") VALUES ('delete', old.rowid, old."SerialKey");
            INSERT INTO "IntuneAutopilotDeviceSerials"(rowid, "SerialKey") VALUES (new.rowid, new."SerialKey");
        END;
        """;

    /// <summary>
    /// Each tenant's device count, so that the unfiltered list does not count every row. The writers
    /// count new rows once per batch (<see cref="IntuneRowIndexes"/>); deletes and moves are followed by triggers.
    /// </summary>
    private const string DeviceCounts = """
        CREATE TRIGGER "IntuneAutopilotDevices_Count_Delete" AFTER DELETE ON "IntuneAutopilotDevices" BEGIN
            UPDATE "IntuneDeviceCounts" SET "Count" = "Count" - 1 WHERE "TenantId" = old."TenantId";
        END;
        CREATE TRIGGER "IntuneAutopilotDevices_Count_Move" AFTER UPDATE OF "TenantId" ON "IntuneAutopilotDevices" BEGIN
            UPDATE "IntuneDeviceCounts" SET "Count" = "Count" - 1 WHERE "TenantId" = old."TenantId";
            INSERT INTO "IntuneDeviceCounts" ("TenantId", "Count") VALUES (new."TenantId", 1)
            ON CONFLICT ("TenantId") DO UPDATE SET "Count" = "Count" + 1;
        END;
        """;

    /// <summary>A group's member count follows its member rows, however they come and go.</summary>
    private const string MemberCounts = """
        CREATE TRIGGER "DirectoryGroupMembers_Count_Insert" AFTER INSERT ON "DirectoryGroupMembers"
        BEGIN UPDATE "DirectoryGroups" SET "MemberCount" = "MemberCount" + 1 WHERE "Id" = new."GroupId"; END;
        CREATE TRIGGER "DirectoryGroupMembers_Count_Delete" AFTER DELETE ON "DirectoryGroupMembers"
        BEGIN UPDATE "DirectoryGroups" SET "MemberCount" = "MemberCount" - 1 WHERE "Id" = old."GroupId"; END;
        """;

    /// <summary>The audit log is append-only: the database itself refuses to change or remove an entry.</summary>
    private const string AppendOnlyAudit = """
        CREATE TRIGGER "AuditEntries_NoUpdate" BEFORE UPDATE ON "AuditEntries"
        BEGIN SELECT RAISE(ABORT, 'Audit entries cannot be changed.'); END;
        CREATE TRIGGER "AuditEntries_NoDelete" BEFORE DELETE ON "AuditEntries"
        BEGIN SELECT RAISE(ABORT, 'Audit entries cannot be deleted.'); END;
        """;

    /// <summary>
    /// The overview's counts: devices by profile status and enrollment state, and registrations by
    /// hour (UTC). New rows are counted by the writers once per batch (<see cref="IntuneRowIndexes"/>);
    /// changes and deletes by these triggers, which fire only when a counted column changes.
    /// </summary>
    private const string DashboardCounts = """
        CREATE TRIGGER "IntuneAutopilotDevices_Dashboard_Delete" AFTER DELETE ON "IntuneAutopilotDevices" BEGIN
            UPDATE "IntuneDeviceStatusCounts" SET "Count" = "Count" - 1
                WHERE "TenantId" = old."TenantId" AND "ProfileStatus" = old."ProfileStatus" AND "EnrollmentState" = old."EnrollmentState";
            UPDATE "IntuneRegistrationHours" SET "Count" = "Count" - 1
                WHERE "TenantId" = old."TenantId" AND "Hour" = substr(old."CreatedAt", 1, 13) || ':00:00';
        END;
        CREATE TRIGGER "IntuneAutopilotDevices_Dashboard_Status" AFTER UPDATE OF "TenantId", "ProfileStatus", "EnrollmentState" ON "IntuneAutopilotDevices"
            WHEN old."TenantId" IS NOT new."TenantId" OR old."ProfileStatus" IS NOT new."ProfileStatus" OR old."EnrollmentState" IS NOT new."EnrollmentState"
        BEGIN
            UPDATE "IntuneDeviceStatusCounts" SET "Count" = "Count" - 1
                WHERE "TenantId" = old."TenantId" AND "ProfileStatus" = old."ProfileStatus" AND "EnrollmentState" = old."EnrollmentState";
            INSERT INTO "IntuneDeviceStatusCounts" ("TenantId", "ProfileStatus", "EnrollmentState", "Count")
                VALUES (new."TenantId", new."ProfileStatus", new."EnrollmentState", 1)
                ON CONFLICT ("TenantId", "ProfileStatus", "EnrollmentState") DO UPDATE SET "Count" = "Count" + 1;
        END;
        CREATE TRIGGER "IntuneAutopilotDevices_Dashboard_Registered" AFTER UPDATE OF "TenantId", "CreatedAt" ON "IntuneAutopilotDevices"
            WHEN old."TenantId" IS NOT new."TenantId" OR substr(old."CreatedAt", 1, 13) IS NOT substr(new."CreatedAt", 1, 13)
        BEGIN
            UPDATE "IntuneRegistrationHours" SET "Count" = "Count" - 1
                WHERE "TenantId" = old."TenantId" AND "Hour" = substr(old."CreatedAt", 1, 13) || ':00:00';
            INSERT INTO "IntuneRegistrationHours" ("TenantId", "Hour", "Count")
                VALUES (new."TenantId", substr(new."CreatedAt", 1, 13) || ':00:00', 1)
                ON CONFLICT ("TenantId", "Hour") DO UPDATE SET "Count" = "Count" + 1;
        END;
        """;

    /// <summary>Counts the rows a database already holds when the overview's counts are added to it.</summary>
    private const string DashboardBackfill = """
        INSERT INTO "IntuneDeviceStatusCounts" ("TenantId", "ProfileStatus", "EnrollmentState", "Count")
            SELECT "TenantId", "ProfileStatus", "EnrollmentState", count(*) FROM "IntuneAutopilotDevices" GROUP BY 1, 2, 3;
        INSERT INTO "IntuneRegistrationHours" ("TenantId", "Hour", "Count")
            SELECT "TenantId", substr("CreatedAt", 1, 13) || ':00:00', count(*) FROM "IntuneAutopilotDevices" GROUP BY 1, 2;
        """;

    /// <summary>The triggers the service code relies on; start-up checks that each exists.</summary>
    public static readonly IReadOnlyList<string> Triggers =
    [
        "IntuneAutopilotDevices_SerialSearch_Delete", "IntuneAutopilotDevices_SerialSearch_Update",
        "IntuneAutopilotDevices_Count_Delete", "IntuneAutopilotDevices_Count_Move",
        "DirectoryGroupMembers_Count_Insert", "DirectoryGroupMembers_Count_Delete",
        "AuditEntries_NoUpdate", "AuditEntries_NoDelete",
        "IntuneAutopilotDevices_Dashboard_Delete", "IntuneAutopilotDevices_Dashboard_Status", "IntuneAutopilotDevices_Dashboard_Registered",
    ];

    /// <summary>Creates everything above; called at the end of the initial migration's Up.</summary>
    public static void Create(MigrationBuilder migrationBuilder)
    {
        Demand(migrationBuilder);
        migrationBuilder.Sql(SerialSearch);
        migrationBuilder.Sql(DeviceCounts);
        migrationBuilder.Sql(MemberCounts);
        migrationBuilder.Sql(AppendOnlyAudit);
    }

    /// <summary>Creates the overview's counts' triggers and counts the rows already there; called by the migration that adds their tables.</summary>
    public static void CreateDashboardCounts(MigrationBuilder migrationBuilder)
    {
        Demand(migrationBuilder);
        migrationBuilder.Sql(DashboardCounts);
        migrationBuilder.Sql(DashboardBackfill);
    }

    /// <summary>Drops the triggers <see cref="CreateDashboardCounts"/> made (they belong to the devices' table, which stays).</summary>
    public static void DropDashboardCounts(MigrationBuilder migrationBuilder)
    {
        Demand(migrationBuilder);
        migrationBuilder.Sql("""
            DROP TRIGGER IF EXISTS "IntuneAutopilotDevices_Dashboard_Delete";
            DROP TRIGGER IF EXISTS "IntuneAutopilotDevices_Dashboard_Status";
            DROP TRIGGER IF EXISTS "IntuneAutopilotDevices_Dashboard_Registered";
            """);
    }

    /// <summary>Drops what <see cref="Create"/> made that dropping the tables does not (the search index).</summary>
    public static void Drop(MigrationBuilder migrationBuilder)
    {
        Demand(migrationBuilder);
        migrationBuilder.Sql("""DROP TABLE IF EXISTS "IntuneAutopilotDeviceSerials";""");
    }

    /// <summary>Stops a SQLite migration run on another provider, which would otherwise lack these guarantees.</summary>
    public static void Demand(MigrationBuilder migrationBuilder)
    {
        if (!migrationBuilder.IsSqlite())
        {
            throw new InvalidOperationException(
                $"The migrations in Data/Sqlite/Migrations are SQLite's; this database is {migrationBuilder.ActiveProvider}.");
        }
    }
}
