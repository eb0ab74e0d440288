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

    /// <summary>The triggers the service code relies on; start-up checks that each exists.</summary>
    public static readonly IReadOnlyList<string> Triggers =
    [
        "IntuneAutopilotDevices_SerialSearch_Delete", "IntuneAutopilotDevices_SerialSearch_Update",
        "IntuneAutopilotDevices_Count_Delete", "IntuneAutopilotDevices_Count_Move",
        "DirectoryGroupMembers_Count_Insert", "DirectoryGroupMembers_Count_Delete",
        "AuditEntries_NoUpdate", "AuditEntries_NoDelete",
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
