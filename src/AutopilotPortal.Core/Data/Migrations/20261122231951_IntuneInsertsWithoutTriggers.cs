using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutopilotPortal.Core.Data.Migrations
{
    /// <summary>
    /// SQLite only: Intune rows are no longer indexed (serial trigram index) and counted per
    /// tenant by insert triggers; the writers do it once per batch (<c>IntuneRowIndexes</c>).
    /// The update and delete triggers stay. Rows already in the table are already indexed and
    /// counted, so nothing else changes.
    /// </summary>
    public partial class IntuneInsertsWithoutTriggers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            if (migrationBuilder.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite")
            {
                return;
            }

            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "IntuneAutopilotDevices_SerialSearch_Insert";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "IntuneAutopilotDevices_Count_Insert";""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            if (migrationBuilder.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite")
            {
                return;
            }

            migrationBuilder.Sql("""
                CREATE TRIGGER "IntuneAutopilotDevices_SerialSearch_Insert" AFTER INSERT ON "IntuneAutopilotDevices" BEGIN
                    INSERT INTO "IntuneAutopilotDeviceSerials"(rowid, "SerialKey") VALUES (new.rowid, new."SerialKey");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "IntuneAutopilotDevices_Count_Insert" AFTER INSERT ON "IntuneAutopilotDevices" BEGIN
                    INSERT INTO "IntuneDeviceCounts" ("TenantId", "Count") VALUES (new."TenantId", 1)
                    ON CONFLICT ("TenantId") DO UPDATE SET "Count" = "Count" + 1;
                END;
                """);
        }
    }
}
