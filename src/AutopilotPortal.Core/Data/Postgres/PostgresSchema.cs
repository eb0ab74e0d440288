using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AutopilotPortal.Core.Data.Postgres;

/// <summary>
/// What the PostgreSQL schema holds beyond the model's tables and indexes, created by the initial
/// migration: the serial search indexes, the per-tenant device counts, group member counts and the
/// append-only audit log, each kept by PostgreSQL itself. Counts follow statement-level triggers over
/// transition tables, so a bulk insert or delete of a million rows updates each count once, not once a
/// row. The migrations in <c>Data/Postgres/Migrations</c> are PostgreSQL's own; run on another provider
/// they stop with an error rather than leave these out.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>
    /// "Serial contains" through a trigram GIN index (pg_trgm; LIKE '%term%' of three characters or more);
    /// "starts with" through the (TenantId, SerialKey) b-tree the model declares, whose column sorts in
    /// the C collation (<see cref="PostgresModelCustomizer"/>), so a prefix is a range of it.
    /// </summary>
    private const string SerialSearch = """
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
        CREATE INDEX "IX_IntuneAutopilotDevices_SerialKey_Trigram" ON "IntuneAutopilotDevices" USING gin ("SerialKey" gin_trgm_ops);
        """;

    /// <summary>Each tenant's device count, so that the unfiltered list does not count every row.</summary>
    private const string DeviceCounts = """
        CREATE FUNCTION "IntuneAutopilotDevices_Count_Insert"() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO "IntuneDeviceCounts" ("TenantId", "Count")
                SELECT "TenantId", count(*) FROM inserted GROUP BY "TenantId"
                ON CONFLICT ("TenantId") DO UPDATE SET "Count" = "IntuneDeviceCounts"."Count" + excluded."Count";
            RETURN NULL;
        END $$;
        CREATE TRIGGER "IntuneAutopilotDevices_Count_Insert" AFTER INSERT ON "IntuneAutopilotDevices"
            REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "IntuneAutopilotDevices_Count_Insert"();

        CREATE FUNCTION "IntuneAutopilotDevices_Count_Delete"() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE "IntuneDeviceCounts" AS c SET "Count" = c."Count" - d.n
                FROM (SELECT "TenantId", count(*) AS n FROM deleted GROUP BY "TenantId") AS d WHERE c."TenantId" = d."TenantId";
            RETURN NULL;
        END $$;
        CREATE TRIGGER "IntuneAutopilotDevices_Count_Delete" AFTER DELETE ON "IntuneAutopilotDevices"
            REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION "IntuneAutopilotDevices_Count_Delete"();

        CREATE FUNCTION "IntuneAutopilotDevices_Count_Move"() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE "IntuneDeviceCounts" SET "Count" = "Count" - 1 WHERE "TenantId" = OLD."TenantId";
            INSERT INTO "IntuneDeviceCounts" ("TenantId", "Count") VALUES (NEW."TenantId", 1)
                ON CONFLICT ("TenantId") DO UPDATE SET "Count" = "IntuneDeviceCounts"."Count" + 1;
            RETURN NULL;
        END $$;
        CREATE TRIGGER "IntuneAutopilotDevices_Count_Move" AFTER UPDATE OF "TenantId" ON "IntuneAutopilotDevices"
            FOR EACH ROW WHEN (OLD."TenantId" IS DISTINCT FROM NEW."TenantId") EXECUTE FUNCTION "IntuneAutopilotDevices_Count_Move"();
        """;

    /// <summary>A group's member count follows its member rows, however they come and go.</summary>
    private const string MemberCounts = """
        CREATE FUNCTION "DirectoryGroupMembers_Count_Insert"() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE "DirectoryGroups" AS g SET "MemberCount" = g."MemberCount" + i.n
                FROM (SELECT "GroupId", count(*) AS n FROM inserted GROUP BY "GroupId") AS i WHERE g."Id" = i."GroupId";
            RETURN NULL;
        END $$;
        CREATE TRIGGER "DirectoryGroupMembers_Count_Insert" AFTER INSERT ON "DirectoryGroupMembers"
            REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "DirectoryGroupMembers_Count_Insert"();

        CREATE FUNCTION "DirectoryGroupMembers_Count_Delete"() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE "DirectoryGroups" AS g SET "MemberCount" = g."MemberCount" - d.n
                FROM (SELECT "GroupId", count(*) AS n FROM deleted GROUP BY "GroupId") AS d WHERE g."Id" = d."GroupId";
            RETURN NULL;
        END $$;
        CREATE TRIGGER "DirectoryGroupMembers_Count_Delete" AFTER DELETE ON "DirectoryGroupMembers"
            REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION "DirectoryGroupMembers_Count_Delete"();
        """;

    /// <summary>The audit log is append-only: the database itself refuses to change, remove or truncate an entry.</summary>
    private const string AppendOnlyAudit = """
        CREATE FUNCTION "AuditEntries_AppendOnly"() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'Audit entries cannot be %.', CASE TG_OP WHEN 'UPDATE' THEN 'changed' WHEN 'DELETE' THEN 'deleted' ELSE 'truncated' END
                USING ERRCODE = 'integrity_constraint_violation';
        END $$;
        CREATE TRIGGER "AuditEntries_NoUpdate" BEFORE UPDATE ON "AuditEntries" FOR EACH ROW EXECUTE FUNCTION "AuditEntries_AppendOnly"();
        CREATE TRIGGER "AuditEntries_NoDelete" BEFORE DELETE ON "AuditEntries" FOR EACH ROW EXECUTE FUNCTION "AuditEntries_AppendOnly"();
        CREATE TRIGGER "AuditEntries_NoTruncate" BEFORE TRUNCATE ON "AuditEntries" FOR EACH STATEMENT EXECUTE FUNCTION "AuditEntries_AppendOnly"();
        """;

    /// <summary>The triggers the service code relies on; start-up checks that each exists.</summary>
    public static readonly IReadOnlyList<string> Triggers =
    [
        "IntuneAutopilotDevices_Count_Insert", "IntuneAutopilotDevices_Count_Delete", "IntuneAutopilotDevices_Count_Move",
        "DirectoryGroupMembers_Count_Insert", "DirectoryGroupMembers_Count_Delete",
        "AuditEntries_NoUpdate", "AuditEntries_NoDelete", "AuditEntries_NoTruncate",
    ];

    /// <summary>The index "serial contains" relies on; start-up checks that it exists.</summary>
    public const string TrigramIndex = "IX_IntuneAutopilotDevices_SerialKey_Trigram";

    /// <summary>Creates everything above; called at the end of the initial migration's Up.</summary>
    public static void Create(MigrationBuilder migrationBuilder)
    {
        Demand(migrationBuilder);
        migrationBuilder.Sql(SerialSearch);
        migrationBuilder.Sql(DeviceCounts);
        migrationBuilder.Sql(MemberCounts);
        migrationBuilder.Sql(AppendOnlyAudit);
    }

    /// <summary>Drops the functions <see cref="Create"/> made (dropping the tables drops their triggers and indexes).</summary>
    public static void Drop(MigrationBuilder migrationBuilder)
    {
        Demand(migrationBuilder);
        migrationBuilder.Sql("""
            DROP FUNCTION IF EXISTS "IntuneAutopilotDevices_Count_Insert"(), "IntuneAutopilotDevices_Count_Delete"(), "IntuneAutopilotDevices_Count_Move"(),
                "DirectoryGroupMembers_Count_Insert"(), "DirectoryGroupMembers_Count_Delete"(), "AuditEntries_AppendOnly"();
            """);
    }

    /// <summary>Stops a PostgreSQL migration run on another provider, which would otherwise lack these guarantees.</summary>
    public static void Demand(MigrationBuilder migrationBuilder)
    {
        if (!migrationBuilder.IsNpgsql())
        {
            throw new InvalidOperationException(
                $"The migrations in Data/Postgres/Migrations are PostgreSQL's; this database is {migrationBuilder.ActiveProvider}.");
        }
    }
}
