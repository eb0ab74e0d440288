using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutopilotPortal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class SessionsAndAuditTenant : Migration
    {
        /// <summary>The audit log's append-only triggers, as the AccountsAndAudit migration made them.</summary>
        private const string AppendOnlyTriggers = """
            CREATE TRIGGER IF NOT EXISTS "AuditEntries_NoUpdate" BEFORE UPDATE ON "AuditEntries"
            BEGIN SELECT RAISE(ABORT, 'Audit entries cannot be changed.'); END;
            CREATE TRIGGER IF NOT EXISTS "AuditEntries_NoDelete" BEFORE DELETE ON "AuditEntries"
            BEGIN SELECT RAISE(ABORT, 'Audit entries cannot be deleted.'); END;
            """;

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_Action_OccurredAt",
                table: "AuditEntries");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_Actor_OccurredAt",
                table: "AuditEntries");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_OccurredAt",
                table: "AuditEntries");

            migrationBuilder.AddColumn<Guid>(
                name: "TenantId",
                table: "AuditEntries",
                type: "TEXT",
                nullable: true);

            if (migrationBuilder.IsSqlite())
            {
                // Entries written before they carried a tenant go to the portal's tenant when the
                // database holds only one (besides the built-in "another organization"). With several,
                // nobody can tell whose they were: they stay without one, and no tenant lists them.
                const string other = "'0B7E2C4E-5D0A-4A8F-9C1E-6F3A2B1D0E99'";
                migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"AuditEntries_NoUpdate\";");
                migrationBuilder.Sql($"""
                    UPDATE "AuditEntries" SET "TenantId" = CASE
                        WHEN (SELECT COUNT(*) FROM "Tenants") = 1 THEN (SELECT "Id" FROM "Tenants")
                        WHEN (SELECT COUNT(*) FROM "Tenants" WHERE upper("Id") <> {other}) = 1 THEN (SELECT "Id" FROM "Tenants" WHERE upper("Id") <> {other})
                    END
                    WHERE "TenantId" IS NULL;
                    """);
                migrationBuilder.Sql(AppendOnlyTriggers);
            }

            migrationBuilder.CreateTable(
                name: "UserSessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RenewedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EndedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RemoteAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UserSessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UserSessions_PortalUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "PortalUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_TenantId_Action_OccurredAt",
                table: "AuditEntries",
                columns: new[] { "TenantId", "Action", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_TenantId_Actor_OccurredAt",
                table: "AuditEntries",
                columns: new[] { "TenantId", "Actor", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_TenantId_OccurredAt",
                table: "AuditEntries",
                columns: new[] { "TenantId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_UserSessions_RenewedAt",
                table: "UserSessions",
                column: "RenewedAt");

            migrationBuilder.CreateIndex(
                name: "IX_UserSessions_UserId_EndedAt",
                table: "UserSessions",
                columns: new[] { "UserId", "EndedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "UserSessions");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_TenantId_Action_OccurredAt",
                table: "AuditEntries");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_TenantId_Actor_OccurredAt",
                table: "AuditEntries");

            migrationBuilder.DropIndex(
                name: "IX_AuditEntries_TenantId_OccurredAt",
                table: "AuditEntries");

            migrationBuilder.DropColumn(
                name: "TenantId",
                table: "AuditEntries");

            // Dropping a column rebuilds the table in SQLite, and its triggers go with the old one.
            if (migrationBuilder.IsSqlite())
            {
                migrationBuilder.Sql(AppendOnlyTriggers);
            }

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Action_OccurredAt",
                table: "AuditEntries",
                columns: new[] { "Action", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Actor_OccurredAt",
                table: "AuditEntries",
                columns: new[] { "Actor", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_OccurredAt",
                table: "AuditEntries",
                column: "OccurredAt");
        }
    }
}
