using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutopilotPortal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class DeploymentSimulator : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "AutopilotDeviceId",
                table: "IntuneManagedDevices",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "DeploymentMode",
                table: "IntuneManagedDevices",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EnrollmentProfileName",
                table: "IntuneManagedDevices",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EnrollmentType",
                table: "IntuneManagedDevices",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "JoinType",
                table: "IntuneManagedDevices",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Manufacturer",
                table: "IntuneManagedDevices",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Model",
                table: "IntuneManagedDevices",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OwnerType",
                table: "IntuneManagedDevices",
                type: "TEXT",
                maxLength: 32,
                nullable: false,
                defaultValue: "company");

            migrationBuilder.AddColumn<bool>(
                name: "PreProvisioned",
                table: "IntuneManagedDevices",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "IntuneDeploymentEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AutopilotDeviceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SerialNumber = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ProfileId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ProfileName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Mode = table.Column<int>(type: "INTEGER", nullable: true),
                    JoinType = table.Column<int>(type: "INTEGER", nullable: true),
                    Result = table.Column<int>(type: "INTEGER", nullable: false),
                    FailureCode = table.Column<int>(type: "INTEGER", nullable: true),
                    FailureReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Steps = table.Column<string>(type: "TEXT", nullable: false),
                    DeviceName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ManagedDeviceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntuneDeploymentEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IntuneDeploymentEvents_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneManagedDevices_AutopilotDeviceId",
                table: "IntuneManagedDevices",
                column: "AutopilotDeviceId");

            migrationBuilder.CreateIndex(
                name: "IX_IntuneDeploymentEvents_AutopilotDeviceId_StartedAt",
                table: "IntuneDeploymentEvents",
                columns: new[] { "AutopilotDeviceId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneDeploymentEvents_TenantId_Result_StartedAt",
                table: "IntuneDeploymentEvents",
                columns: new[] { "TenantId", "Result", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneDeploymentEvents_TenantId_SerialNumber",
                table: "IntuneDeploymentEvents",
                columns: new[] { "TenantId", "SerialNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneDeploymentEvents_TenantId_StartedAt",
                table: "IntuneDeploymentEvents",
                columns: new[] { "TenantId", "StartedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IntuneDeploymentEvents");

            migrationBuilder.DropIndex(
                name: "IX_IntuneManagedDevices_AutopilotDeviceId",
                table: "IntuneManagedDevices");

            migrationBuilder.DropColumn(
                name: "AutopilotDeviceId",
                table: "IntuneManagedDevices");

            migrationBuilder.DropColumn(
                name: "DeploymentMode",
                table: "IntuneManagedDevices");

            migrationBuilder.DropColumn(
                name: "EnrollmentProfileName",
                table: "IntuneManagedDevices");

            migrationBuilder.DropColumn(
                name: "EnrollmentType",
                table: "IntuneManagedDevices");

            migrationBuilder.DropColumn(
                name: "JoinType",
                table: "IntuneManagedDevices");

            migrationBuilder.DropColumn(
                name: "Manufacturer",
                table: "IntuneManagedDevices");

            migrationBuilder.DropColumn(
                name: "Model",
                table: "IntuneManagedDevices");

            migrationBuilder.DropColumn(
                name: "OwnerType",
                table: "IntuneManagedDevices");

            migrationBuilder.DropColumn(
                name: "PreProvisioned",
                table: "IntuneManagedDevices");
        }
    }
}
