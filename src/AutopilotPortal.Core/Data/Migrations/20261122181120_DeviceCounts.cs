using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutopilotPortal.Core.Data.Migrations
{
    /// <summary>
    /// Each tenant's device count, kept by triggers on the Autopilot list (SQLite), so that the
    /// unfiltered list does not count every row to show its first page.
    /// </summary>
    public partial class DeviceCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IntuneDeviceCounts",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntuneDeviceCounts", x => x.TenantId);
                });

            if (migrationBuilder.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite")
            {
                return;
            }

            migrationBuilder.Sql("""
                INSERT INTO "IntuneDeviceCounts" ("TenantId", "Count")
                SELECT "TenantId", count(*) FROM "IntuneAutopilotDevices" GROUP BY "TenantId";
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "IntuneAutopilotDevices_Count_Insert" AFTER INSERT ON "IntuneAutopilotDevices" BEGIN
                    INSERT INTO "IntuneDeviceCounts" ("TenantId", "Count") VALUES (new."TenantId", 1)
                    ON CONFLICT ("TenantId") DO UPDATE SET "Count" = "Count" + 1;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "IntuneAutopilotDevices_Count_Delete" AFTER DELETE ON "IntuneAutopilotDevices" BEGIN
                    UPDATE "IntuneDeviceCounts" SET "Count" = "Count" - 1 WHERE "TenantId" = old."TenantId";
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "IntuneAutopilotDevices_Count_Move" AFTER UPDATE OF "TenantId" ON "IntuneAutopilotDevices" BEGIN
                    UPDATE "IntuneDeviceCounts" SET "Count" = "Count" - 1 WHERE "TenantId" = old."TenantId";
                    INSERT INTO "IntuneDeviceCounts" ("TenantId", "Count") VALUES (new."TenantId", 1)
                    ON CONFLICT ("TenantId") DO UPDATE SET "Count" = "Count" + 1;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "IntuneAutopilotDevices_Count_Move";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "IntuneAutopilotDevices_Count_Delete";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "IntuneAutopilotDevices_Count_Insert";""");
            migrationBuilder.DropTable(
                name: "IntuneDeviceCounts");
        }
    }
}
