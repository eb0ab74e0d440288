using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutopilotPortal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class OemCatalog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "OemCatalogDevices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Manufacturer = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    SerialNumber = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ProductKeyId = table.Column<string>(type: "TEXT", maxLength: 13, nullable: false),
                    ManufacturedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    HardwareHash = table.Column<byte[]>(type: "BLOB", nullable: false),
                    HardwareHashLength = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OemCatalogDevices", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OemCatalogDevices_ProductKeyId",
                table: "OemCatalogDevices",
                column: "ProductKeyId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OemCatalogDevices_SerialNumber_Manufacturer_Model",
                table: "OemCatalogDevices",
                columns: new[] { "SerialNumber", "Manufacturer", "Model" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "OemCatalogDevices");
        }
    }
}
