using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutopilotPortal.Core.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DirectoryOrderId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "OrderId",
                table: "DirectoryDevices",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            // Objects written before the column existed: their [OrderId] entry, read from the JSON list.
            migrationBuilder.Sql("""
                UPDATE "DirectoryDevices" SET "OrderId" = (
                    SELECT substr(j.value, 11) FROM json_each("DirectoryDevices"."PhysicalIds") AS j
                    WHERE lower(substr(j.value, 1, 10)) = '[orderid]:' LIMIT 1)
                WHERE "PhysicalIds" LIKE '%[OrderId]:%';
                """);

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryDevices_TenantId_OrderId_Id",
                table: "DirectoryDevices",
                columns: new[] { "TenantId", "OrderId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_DirectoryDevices_TenantId_OrderId_Id",
                table: "DirectoryDevices");

            migrationBuilder.DropColumn(
                name: "OrderId",
                table: "DirectoryDevices");
        }
    }
}
