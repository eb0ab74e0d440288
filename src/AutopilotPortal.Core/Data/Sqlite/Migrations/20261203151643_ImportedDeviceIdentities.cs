using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutopilotPortal.Core.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ImportedDeviceIdentities : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IntuneImportedDeviceIdentities",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ImportId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SerialNumber = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ProductKey = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    GroupTag = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    AssignedUserPrincipalName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    HardwareIdentifier = table.Column<string>(type: "TEXT", maxLength: 16384, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    DeviceRegistrationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ErrorCode = table.Column<int>(type: "INTEGER", nullable: false),
                    ErrorName = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ErrorMessage = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntuneImportedDeviceIdentities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IntuneImportedDeviceIdentities_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneImportedDeviceIdentities_TenantId_Id",
                table: "IntuneImportedDeviceIdentities",
                columns: new[] { "TenantId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IntuneImportedDeviceIdentities");
        }
    }
}
