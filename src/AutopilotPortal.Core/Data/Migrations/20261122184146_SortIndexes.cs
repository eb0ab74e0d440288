using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutopilotPortal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class SortIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_GroupTag",
                table: "IntuneAutopilotDevices");

            migrationBuilder.DropIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_LastContactedDateTime",
                table: "IntuneAutopilotDevices");

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_EnrollmentState_SerialKey",
                table: "IntuneAutopilotDevices",
                columns: new[] { "TenantId", "EnrollmentState", "SerialKey" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_GroupTag_SerialKey",
                table: "IntuneAutopilotDevices",
                columns: new[] { "TenantId", "GroupTag", "SerialKey" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_LastContactedDateTime_SerialKey",
                table: "IntuneAutopilotDevices",
                columns: new[] { "TenantId", "LastContactedDateTime", "SerialKey" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_Manufacturer_SerialKey",
                table: "IntuneAutopilotDevices",
                columns: new[] { "TenantId", "Manufacturer", "SerialKey" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_Model_SerialKey",
                table: "IntuneAutopilotDevices",
                columns: new[] { "TenantId", "Model", "SerialKey" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_ProfileStatus_SerialKey",
                table: "IntuneAutopilotDevices",
                columns: new[] { "TenantId", "ProfileStatus", "SerialKey" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_PurchaseOrderIdentifier_SerialKey",
                table: "IntuneAutopilotDevices",
                columns: new[] { "TenantId", "PurchaseOrderIdentifier", "SerialKey" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_UserPrincipalName_SerialKey",
                table: "IntuneAutopilotDevices",
                columns: new[] { "TenantId", "UserPrincipalName", "SerialKey" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_EnrollmentState_SerialKey",
                table: "IntuneAutopilotDevices");

            migrationBuilder.DropIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_GroupTag_SerialKey",
                table: "IntuneAutopilotDevices");

            migrationBuilder.DropIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_LastContactedDateTime_SerialKey",
                table: "IntuneAutopilotDevices");

            migrationBuilder.DropIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_Manufacturer_SerialKey",
                table: "IntuneAutopilotDevices");

            migrationBuilder.DropIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_Model_SerialKey",
                table: "IntuneAutopilotDevices");

            migrationBuilder.DropIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_ProfileStatus_SerialKey",
                table: "IntuneAutopilotDevices");

            migrationBuilder.DropIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_PurchaseOrderIdentifier_SerialKey",
                table: "IntuneAutopilotDevices");

            migrationBuilder.DropIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_UserPrincipalName_SerialKey",
                table: "IntuneAutopilotDevices");

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_GroupTag",
                table: "IntuneAutopilotDevices",
                columns: new[] { "TenantId", "GroupTag" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_LastContactedDateTime",
                table: "IntuneAutopilotDevices",
                columns: new[] { "TenantId", "LastContactedDateTime" });
        }
    }
}
