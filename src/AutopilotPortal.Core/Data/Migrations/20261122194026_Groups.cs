using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutopilotPortal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Groups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DirectoryGroups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    MembershipType = table.Column<int>(type: "INTEGER", nullable: false),
                    MembershipRule = table.Column<string>(type: "TEXT", maxLength: 3072, nullable: true),
                    MemberCount = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectoryGroups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DirectoryGroups_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DirectoryGroupMembers",
                columns: table => new
                {
                    GroupId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeviceObjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AddedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectoryGroupMembers", x => new { x.GroupId, x.DeviceObjectId });
                    table.ForeignKey(
                        name: "FK_DirectoryGroupMembers_DirectoryDevices_DeviceObjectId",
                        column: x => x.DeviceObjectId,
                        principalTable: "DirectoryDevices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DirectoryGroupMembers_DirectoryGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "DirectoryGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryGroupMembers_DeviceObjectId",
                table: "DirectoryGroupMembers",
                column: "DeviceObjectId");

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryGroups_TenantId_DisplayName",
                table: "DirectoryGroups",
                columns: new[] { "TenantId", "DisplayName" });

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryGroups_TenantId_MembershipType",
                table: "DirectoryGroups",
                columns: new[] { "TenantId", "MembershipType" });

            // A group's member count follows its member rows, however they come and go (an edit,
            // a rebuild, a device object deleted with its memberships).
            if (migrationBuilder.IsSqlite())
            {
                migrationBuilder.Sql("""
                    CREATE TRIGGER "DirectoryGroupMembers_Count_Insert" AFTER INSERT ON "DirectoryGroupMembers"
                    BEGIN UPDATE "DirectoryGroups" SET "MemberCount" = "MemberCount" + 1 WHERE "Id" = new."GroupId"; END;
                    """);
                migrationBuilder.Sql("""
                    CREATE TRIGGER "DirectoryGroupMembers_Count_Delete" AFTER DELETE ON "DirectoryGroupMembers"
                    BEGIN UPDATE "DirectoryGroups" SET "MemberCount" = "MemberCount" - 1 WHERE "Id" = old."GroupId"; END;
                    """);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            if (migrationBuilder.IsSqlite())
            {
                migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"DirectoryGroupMembers_Count_Insert\";");
                migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"DirectoryGroupMembers_Count_Delete\";");
            }

            migrationBuilder.DropTable(
                name: "DirectoryGroupMembers");

            migrationBuilder.DropTable(
                name: "DirectoryGroups");
        }
    }
}
