using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutopilotPortal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Sync : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "AssignedProfileId",
                table: "IntuneAutopilotDevices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AssignedProfileName",
                table: "IntuneAutopilotDevices",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "IntuneAutopilotSettings",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LastSyncDateTime = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastManualSyncTriggerDateTime = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SyncStatus = table.Column<int>(type: "INTEGER", nullable: false),
                    LastSyncSummary = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LeaseExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntuneAutopilotSettings", x => x.TenantId);
                    table.ForeignKey(
                        name: "FK_IntuneAutopilotSettings_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IntuneAutopilotSettings");

            migrationBuilder.DropColumn(
                name: "AssignedProfileId",
                table: "IntuneAutopilotDevices");

            migrationBuilder.DropColumn(
                name: "AssignedProfileName",
                table: "IntuneAutopilotDevices");
        }
    }
}
