using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutopilotPortal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ImportFileAccounting : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AlreadyRegistered",
                table: "IntuneImportJobs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "FileNotes",
                table: "IntuneImportJobs",
                type: "TEXT",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "LineCount",
                table: "IntuneImportJobs",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Earlier imports counted 806 rows as failed; their rows now read as already registered.
            migrationBuilder.Sql("""
                UPDATE "IntuneImportJobs" SET "AlreadyRegistered" =
                    (SELECT count(*) FROM "IntuneImportRowResults" AS r WHERE r."ImportJobId" = "IntuneImportJobs"."Id" AND r."ErrorCode" = 806);
                """);
            migrationBuilder.Sql("""UPDATE "IntuneImportJobs" SET "Failed" = "Failed" - "AlreadyRegistered";""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AlreadyRegistered",
                table: "IntuneImportJobs");

            migrationBuilder.DropColumn(
                name: "FileNotes",
                table: "IntuneImportJobs");

            migrationBuilder.DropColumn(
                name: "LineCount",
                table: "IntuneImportJobs");
        }
    }
}
