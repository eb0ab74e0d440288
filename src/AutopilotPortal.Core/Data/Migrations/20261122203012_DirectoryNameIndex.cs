using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutopilotPortal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class DirectoryNameIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_DirectoryDevices_TenantId_DisplayName",
                table: "DirectoryDevices",
                columns: new[] { "TenantId", "DisplayName" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DirectoryDevices_TenantId_DisplayName",
                table: "DirectoryDevices");
        }
    }
}
