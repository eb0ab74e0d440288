using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutopilotPortal.Core.Data.Migrations
{
    /// <summary>
    /// A trigram index over the device list's serial numbers, so that "serial contains" is an
    /// index lookup instead of a scan of every device. SQLite only (FTS5 with the trigram
    /// tokenizer); kept in step with the list by triggers.
    /// </summary>
    public partial class SerialSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            if (migrationBuilder.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite")
            {
                return;
            }

            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "IntuneAutopilotDeviceSerials" USING fts5(
                    "SerialKey", content='IntuneAutopilotDevices', content_rowid='rowid', tokenize='trigram');
                """);
            migrationBuilder.Sql("""INSERT INTO "IntuneAutopilotDeviceSerials"("IntuneAutopilotDeviceSerials") VALUES ('rebuild');""");
            migrationBuilder.Sql("""
                CREATE TRIGGER "IntuneAutopilotDevices_SerialSearch_Insert" AFTER INSERT ON "IntuneAutopilotDevices" BEGIN
                    INSERT INTO "IntuneAutopilotDeviceSerials"(rowid, "SerialKey") VALUES (new.rowid, new."SerialKey");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "IntuneAutopilotDevices_SerialSearch_Delete" AFTER DELETE ON "IntuneAutopilotDevices" BEGIN
                    INSERT INTO "IntuneAutopilotDeviceSerials"("IntuneAutopilotDeviceSerials", rowid, "SerialKey") VALUES ('delete', old.rowid, old."SerialKey");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "IntuneAutopilotDevices_SerialSearch_Update" AFTER UPDATE OF "SerialKey" ON "IntuneAutopilotDevices" BEGIN
                    INSERT INTO "IntuneAutopilotDeviceSerials"("IntuneAutopilotDeviceSerials", rowid, "SerialKey") VALUES ('delete', old.rowid, old."SerialKey");
                    INSERT INTO "IntuneAutopilotDeviceSerials"(rowid, "SerialKey") VALUES (new.rowid, new."SerialKey");
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            if (migrationBuilder.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite")
            {
                return;
            }

            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "IntuneAutopilotDevices_SerialSearch_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "IntuneAutopilotDevices_SerialSearch_Delete";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "IntuneAutopilotDevices_SerialSearch_Insert";""");
            migrationBuilder.Sql("""DROP TABLE IF EXISTS "IntuneAutopilotDeviceSerials";""");
        }
    }
}
