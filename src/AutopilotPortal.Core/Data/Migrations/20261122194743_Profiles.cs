using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutopilotPortal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Profiles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "DeploymentProfileId",
                table: "IntuneAutopilotDevices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "IntuneDeploymentProfiles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1500, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    JoinType = table.Column<int>(type: "INTEGER", nullable: false),
                    DeploymentMode = table.Column<int>(type: "INTEGER", nullable: false),
                    AllowPreProvisioning = table.Column<bool>(type: "INTEGER", nullable: false),
                    HidePrivacySettings = table.Column<bool>(type: "INTEGER", nullable: false),
                    HideEula = table.Column<bool>(type: "INTEGER", nullable: false),
                    UserType = table.Column<int>(type: "INTEGER", nullable: false),
                    SkipKeyboardSelectionPage = table.Column<bool>(type: "INTEGER", nullable: false),
                    HideEscapeLink = table.Column<bool>(type: "INTEGER", nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DeviceNameTemplate = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ConvertAllTargetedDevices = table.Column<bool>(type: "INTEGER", nullable: false),
                    SkipConnectivityCheck = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntuneDeploymentProfiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IntuneDeploymentProfiles_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IntuneProfileAssignments",
                columns: table => new
                {
                    ProfileId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GroupId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntuneProfileAssignments", x => new { x.ProfileId, x.GroupId });
                    table.ForeignKey(
                        name: "FK_IntuneProfileAssignments_DirectoryGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "DirectoryGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_IntuneProfileAssignments_IntuneDeploymentProfiles_ProfileId",
                        column: x => x.ProfileId,
                        principalTable: "IntuneDeploymentProfiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_DirectoryObjectId",
                table: "IntuneAutopilotDevices",
                column: "DirectoryObjectId");

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_DeploymentProfileId_SerialKey",
                table: "IntuneAutopilotDevices",
                columns: new[] { "TenantId", "DeploymentProfileId", "SerialKey" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneDeploymentProfiles_TenantId_CreatedAt",
                table: "IntuneDeploymentProfiles",
                columns: new[] { "TenantId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneProfileAssignments_GroupId",
                table: "IntuneProfileAssignments",
                column: "GroupId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IntuneProfileAssignments");

            migrationBuilder.DropTable(
                name: "IntuneDeploymentProfiles");

            migrationBuilder.DropIndex(
                name: "IX_IntuneAutopilotDevices_DirectoryObjectId",
                table: "IntuneAutopilotDevices");

            migrationBuilder.DropIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_DeploymentProfileId_SerialKey",
                table: "IntuneAutopilotDevices");

            migrationBuilder.DropColumn(
                name: "DeploymentProfileId",
                table: "IntuneAutopilotDevices");
        }
    }
}
