using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutopilotPortal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Decommission : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Decommissions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BatchId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    AutopilotDeviceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RegistrationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Ztdid = table.Column<Guid>(type: "TEXT", nullable: false),
                    SerialNumber = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ManagedDeviceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DirectoryObjectId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AzureActiveDirectoryDeviceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FailureReason = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LeaseExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReplacementHash = table.Column<string>(type: "TEXT", maxLength: 16384, nullable: true),
                    ReplacementGroupTag = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ReplacementDeviceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ReplacementZtdid = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Decommissions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Decommissions_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DecommissionSteps",
                columns: table => new
                {
                    DecommissionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DecommissionSteps", x => new { x.DecommissionId, x.Order });
                    table.ForeignKey(
                        name: "FK_DecommissionSteps_Decommissions_DecommissionId",
                        column: x => x.DecommissionId,
                        principalTable: "Decommissions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Decommissions_AutopilotDeviceId",
                table: "Decommissions",
                column: "AutopilotDeviceId");

            migrationBuilder.CreateIndex(
                name: "IX_Decommissions_BatchId",
                table: "Decommissions",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_Decommissions_State_RequestedAt",
                table: "Decommissions",
                columns: new[] { "State", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Decommissions_TenantId_RequestedAt",
                table: "Decommissions",
                columns: new[] { "TenantId", "RequestedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DecommissionSteps");

            migrationBuilder.DropTable(
                name: "Decommissions");
        }
    }
}
