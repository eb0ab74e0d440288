using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutopilotPortal.Core.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class DashboardCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IntuneDeviceStatusCounts",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProfileStatus = table.Column<int>(type: "integer", nullable: false),
                    EnrollmentState = table.Column<int>(type: "integer", nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntuneDeviceStatusCounts", x => new { x.TenantId, x.ProfileStatus, x.EnrollmentState });
                });

            migrationBuilder.CreateTable(
                name: "IntuneRegistrationHours",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Hour = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntuneRegistrationHours", x => new { x.TenantId, x.Hour });
                });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneImportRowResults_ImportJobId_ErrorName",
                table: "IntuneImportRowResults",
                columns: new[] { "ImportJobId", "ErrorName" },
                filter: "\"ErrorName\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_CreatedAt_SerialKey",
                table: "IntuneAutopilotDevices",
                columns: new[] { "TenantId", "CreatedAt", "SerialKey" });

            PostgresSchema.CreateDashboardCounts(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            PostgresSchema.DropDashboardCounts(migrationBuilder);

            migrationBuilder.DropTable(
                name: "IntuneDeviceStatusCounts");

            migrationBuilder.DropTable(
                name: "IntuneRegistrationHours");

            migrationBuilder.DropIndex(
                name: "IX_IntuneImportRowResults_ImportJobId_ErrorName",
                table: "IntuneImportRowResults");

            migrationBuilder.DropIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_CreatedAt_SerialKey",
                table: "IntuneAutopilotDevices");
        }
    }
}
