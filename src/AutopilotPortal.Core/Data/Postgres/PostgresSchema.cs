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

    /// <summary>
    /// The overview's counts: devices by profile status and enrollment state, and registrations by hour
    /// (UTC), each statement's rows counted once. An update counts only the rows whose counted columns
    /// changed; PostgreSQL allows no column list on a trigger with transition tables, so every update
    /// of the table runs it, and it compares old and new rows by id.
    /// </summary>
    private const string DashboardCounts = """
        CREATE FUNCTION "IntuneAutopilotDevices_Dashboard_Insert"() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO "IntuneDeviceStatusCounts" ("TenantId", "ProfileStatus", "EnrollmentState", "Count")
                SELECT "TenantId", "ProfileStatus", "EnrollmentState", count(*) FROM inserted GROUP BY 1, 2, 3
                ON CONFLICT ("TenantId", "ProfileStatus", "EnrollmentState") DO UPDATE SET "Count" = "IntuneDeviceStatusCounts"."Count" + excluded."Count";
            INSERT INTO "IntuneRegistrationHours" ("TenantId", "Hour", "Count")
                SELECT "TenantId", date_trunc('hour', "CreatedAt", 'UTC'), count(*) FROM inserted GROUP BY 1, 2
                ON CONFLICT ("TenantId", "Hour") DO UPDATE SET "Count" = "IntuneRegistrationHours"."Count" + excluded."Count";
            RETURN NULL;
        END $$;
        CREATE TRIGGER "IntuneAutopilotDevices_Dashboard_Insert" AFTER INSERT ON "IntuneAutopilotDevices"
            REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "IntuneAutopilotDevices_Dashboard_Insert"();

        CREATE FUNCTION "IntuneAutopilotDevices_Dashboard_Delete"() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE "IntuneDeviceStatusCounts" AS c SET "Count" = c."Count" - d.n
                FROM (SELECT "TenantId", "ProfileStatus", "EnrollmentState", count(*) AS n FROM deleted GROUP BY 1, 2, 3) AS d
                WHERE c."TenantId" = d."TenantId" AND c."ProfileStatus" = d."ProfileStatus" AND c."EnrollmentState" = d."EnrollmentState";
            UPDATE "IntuneRegistrationHours" AS c SET "Count" = c."Count" - d.n
                FROM (SELECT "TenantId", date_trunc('hour', "CreatedAt", 'UTC') AS "Hour", count(*) AS n FROM deleted GROUP BY 1, 2) AS d
                WHERE c."TenantId" = d."TenantId" AND c."Hour" = d."Hour";
            RETURN NULL;
        END $$;
        CREATE TRIGGER "IntuneAutopilotDevices_Dashboard_Delete" AFTER DELETE ON "IntuneAutopilotDevices"
            REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION "IntuneAutopilotDevices_Dashboard_Delete"();

        CREATE FUNCTION "IntuneAutopilotDevices_Dashboard_Update"() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            WITH changed AS MATERIALIZED (
                SELECT o."TenantId" AS ot, o."ProfileStatus" AS os, o."EnrollmentState" AS oe, date_trunc('hour', o."CreatedAt", 'UTC') AS oh,
                       n."TenantId" AS nt, n."ProfileStatus" AS ns, n."EnrollmentState" AS ne, date_trunc('hour', n."CreatedAt", 'UTC') AS nh
                FROM old_rows AS o JOIN new_rows AS n ON n."Id" = o."Id"
                WHERE (o."TenantId", o."ProfileStatus", o."EnrollmentState", date_trunc('hour', o."CreatedAt", 'UTC'))
                    IS DISTINCT FROM (n."TenantId", n."ProfileStatus", n."EnrollmentState", date_trunc('hour', n."CreatedAt", 'UTC'))
            ), statuses AS (
                INSERT INTO "IntuneDeviceStatusCounts" ("TenantId", "ProfileStatus", "EnrollmentState", "Count")
                    SELECT t, s, e, sum(d) FROM (
                        SELECT nt AS t, ns AS s, ne AS e, 1 AS d FROM changed
                        UNION ALL SELECT ot, os, oe, -1 FROM changed) AS x
                    GROUP BY 1, 2, 3 HAVING sum(d) <> 0
                    ON CONFLICT ("TenantId", "ProfileStatus", "EnrollmentState") DO UPDATE SET "Count" = "IntuneDeviceStatusCounts"."Count" + excluded."Count"
                    RETURNING 1
            )
            INSERT INTO "IntuneRegistrationHours" ("TenantId", "Hour", "Count")
                SELECT t, h, sum(d) FROM (
                    SELECT nt AS t, nh AS h, 1 AS d FROM changed
                    UNION ALL SELECT ot, oh, -1 FROM changed) AS x
                GROUP BY 1, 2 HAVING sum(d) <> 0
                ON CONFLICT ("TenantId", "Hour") DO UPDATE SET "Count" = "IntuneRegistrationHours"."Count" + excluded."Count";
            RETURN NULL;
        END $$;
        CREATE TRIGGER "IntuneAutopilotDevices_Dashboard_Update" AFTER UPDATE ON "IntuneAutopilotDevices"
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "IntuneAutopilotDevices_Dashboard_Update"();
        """;

    /// <summary>Counts the rows a database already holds when the overview's counts are added to it.</summary>
    private const string DashboardBackfill = """
        INSERT INTO "IntuneDeviceStatusCounts" ("TenantId", "ProfileStatus", "EnrollmentState", "Count")
            SELECT "TenantId", "ProfileStatus", "EnrollmentState", count(*) FROM "IntuneAutopilotDevices" GROUP BY 1, 2, 3;
        INSERT INTO "IntuneRegistrationHours" ("TenantId", "Hour", "Count")
            SELECT "TenantId", date_trunc('hour', "CreatedAt", 'UTC'), count(*) FROM "IntuneAutopilotDevices" GROUP BY 1, 2;
        """;

    /// <summary>The triggers the service code relies on; start-up checks that each exists.</summary>
    public static readonly IReadOnlyList<string> Triggers =
    [
        "IntuneAutopilotDevices_Count_Insert", "IntuneAutopilotDevices_Count_Delete", "IntuneAutopilotDevices_Count_Move",
        "DirectoryGroupMembers_Count_Insert", "DirectoryGroupMembers_Count_Delete",
        "AuditEntries_NoUpdate", "AuditEntries_NoDelete", "AuditEntries_NoTruncate",
        "IntuneAutopilotDevices_Dashboard_Insert", "IntuneAutopilotDevices_Dashboard_Delete", "IntuneAutopilotDevices_Dashboard_Update",
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

    /// <summary>Creates the overview's counts' triggers and counts the rows already there; called by the migration that adds their tables.</summary>
    public static void CreateDashboardCounts(MigrationBuilder migrationBuilder)
    {
        Demand(migrationBuilder);
        migrationBuilder.Sql(DashboardCounts);
        migrationBuilder.Sql(DashboardBackfill);
    }

    /// <summary>Drops the functions <see cref="CreateDashboardCounts"/> made (dropping the tables drops their triggers).</summary>
    public static void DropDashboardCounts(MigrationBuilder migrationBuilder)
    {
        Demand(migrationBuilder);
        migrationBuilder.Sql("""
            DROP TRIGGER IF EXISTS "IntuneAutopilotDevices_Dashboard_Insert" ON "IntuneAutopilotDevices";
            DROP TRIGGER IF EXISTS "IntuneAutopilotDevices_Dashboard_Delete" ON "IntuneAutopilotDevices";
            DROP TRIGGER IF EXISTS "IntuneAutopilotDevices_Dashboard_Update" ON "IntuneAutopilotDevices";
            DROP FUNCTION IF EXISTS "IntuneAutopilotDevices_Dashboard_Insert"(), "IntuneAutopilotDevices_Dashboard_Delete"(), "IntuneAutopilotDevices_Dashboard_Update"();
            """);
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
