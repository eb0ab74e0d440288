using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutopilotPortal.Core.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DeviceAddressableUserAndUserlessStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AddressableUserName",
                table: "IntuneAutopilotDevices",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "UserlessEnrollmentStatus",
                table: "IntuneAutopilotDevices",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Devices pre-provisioned before the status was kept have their next enrollment blocked.
            migrationBuilder.Sql("""
                UPDATE "IntuneAutopilotDevices" SET "UserlessEnrollmentStatus" = 2
                WHERE "Id" IN (SELECT "AutopilotDeviceId" FROM "IntuneManagedDevices" WHERE "PreProvisioned" = 1 AND "AutopilotDeviceId" IS NOT NULL)
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AddressableUserName",
                table: "IntuneAutopilotDevices");

            migrationBuilder.DropColumn(
                name: "UserlessEnrollmentStatus",
                table: "IntuneAutopilotDevices");
        }
    }
}
