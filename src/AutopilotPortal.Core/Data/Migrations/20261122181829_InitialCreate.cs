using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutopilotPortal.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IntuneDeviceCounts",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntuneDeviceCounts", x => x.TenantId);
                });

            migrationBuilder.CreateTable(
                name: "Tenants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Domain = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tenants", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DdsRegistrations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Ztdid = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SerialNumber = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    SerialKey = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Manufacturer = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    SmbiosUuid = table.Column<Guid>(type: "TEXT", nullable: true),
                    TpmKeyHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    HardwareKey = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ProductKeyId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    HardwareHash = table.Column<byte[]>(type: "BLOB", nullable: true),
                    HardwareHashLength = table.Column<int>(type: "INTEGER", nullable: false),
                    GroupTag = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    PurchaseOrderId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    AssignedUserPrincipalName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Source = table.Column<int>(type: "INTEGER", nullable: false),
                    RegisteredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DdsRegistrations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DdsRegistrations_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DirectoryDevices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeviceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AccountEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    TrustType = table.Column<int>(type: "INTEGER", nullable: false),
                    OperatingSystem = table.Column<string>(type: "TEXT", nullable: true),
                    Manufacturer = table.Column<string>(type: "TEXT", nullable: true),
                    Model = table.Column<string>(type: "TEXT", nullable: true),
                    PhysicalIds = table.Column<string>(type: "TEXT", nullable: false),
                    HardwareKey = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Ztdid = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectoryDevices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DirectoryDevices_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IntuneImportJobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    Encoding = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Format = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    StartedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    TotalRows = table.Column<int>(type: "INTEGER", nullable: false),
                    Registered = table.Column<int>(type: "INTEGER", nullable: false),
                    Failed = table.Column<int>(type: "INTEGER", nullable: false),
                    Warnings = table.Column<int>(type: "INTEGER", nullable: false),
                    FailureMessage = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntuneImportJobs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IntuneImportJobs_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IntuneManagedDevices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DeviceName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    SerialNumber = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    AzureActiveDirectoryDeviceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    UserPrincipalName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    EnrolledDateTime = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntuneManagedDevices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IntuneManagedDevices_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IntuneAutopilotDevices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RegistrationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Ztdid = table.Column<Guid>(type: "TEXT", nullable: false),
                    SerialNumber = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    SerialKey = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Manufacturer = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ProductKey = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    SkuNumber = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    SystemFamily = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    GroupTag = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    PurchaseOrderIdentifier = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    UserPrincipalName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    DirectoryObjectId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AzureActiveDirectoryDeviceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ManagedDeviceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    EnrollmentState = table.Column<int>(type: "INTEGER", nullable: false),
                    ProfileStatus = table.Column<int>(type: "INTEGER", nullable: false),
                    DeploymentProfileName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ProfileAssignedDateTime = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastContactedDateTime = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntuneAutopilotDevices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IntuneAutopilotDevices_DdsRegistrations_RegistrationId",
                        column: x => x.RegistrationId,
                        principalTable: "DdsRegistrations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_IntuneAutopilotDevices_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IntuneImportRowResults",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ImportJobId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LineNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    SerialNumber = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Succeeded = table.Column<bool>(type: "INTEGER", nullable: false),
                    ErrorCode = table.Column<int>(type: "INTEGER", nullable: true),
                    ErrorName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Message = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Warning = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    AutopilotDeviceId = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntuneImportRowResults", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IntuneImportRowResults_IntuneImportJobs_ImportJobId",
                        column: x => x.ImportJobId,
                        principalTable: "IntuneImportJobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DdsRegistrations_SerialKey",
                table: "DdsRegistrations",
                column: "SerialKey",
                filter: "\"SmbiosUuid\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_DdsRegistrations_SmbiosUuid",
                table: "DdsRegistrations",
                column: "SmbiosUuid");

            migrationBuilder.CreateIndex(
                name: "IX_DdsRegistrations_TenantId",
                table: "DdsRegistrations",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_DdsRegistrations_Ztdid",
                table: "DdsRegistrations",
                column: "Ztdid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryDevices_DeviceId",
                table: "DirectoryDevices",
                column: "DeviceId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryDevices_TenantId_HardwareKey",
                table: "DirectoryDevices",
                columns: new[] { "TenantId", "HardwareKey" },
                filter: "\"Ztdid\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryDevices_Ztdid",
                table: "DirectoryDevices",
                column: "Ztdid");

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_RegistrationId",
                table: "IntuneAutopilotDevices",
                column: "RegistrationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_GroupTag",
                table: "IntuneAutopilotDevices",
                columns: new[] { "TenantId", "GroupTag" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_LastContactedDateTime",
                table: "IntuneAutopilotDevices",
                columns: new[] { "TenantId", "LastContactedDateTime" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_SerialKey",
                table: "IntuneAutopilotDevices",
                columns: new[] { "TenantId", "SerialKey" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneImportJobs_TenantId_StartedAt",
                table: "IntuneImportJobs",
                columns: new[] { "TenantId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneImportRowResults_ImportJobId_LineNumber",
                table: "IntuneImportRowResults",
                columns: new[] { "ImportJobId", "LineNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneManagedDevices_TenantId_SerialNumber",
                table: "IntuneManagedDevices",
                columns: new[] { "TenantId", "SerialNumber" });

            // SQLite only: a trigram index over the list's serial numbers, so that "serial contains"
            // is an index lookup, and each tenant's device count, so that the unfiltered list does
            // not count every row; both kept by triggers.
            if (migrationBuilder.ActiveProvider != "Microsoft.EntityFrameworkCore.Sqlite")
            {
                return;
            }

            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "IntuneAutopilotDeviceSerials" USING fts5(
                    "SerialKey", content='IntuneAutopilotDevices', content_rowid='rowid', tokenize='trigram');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "IntuneAutopilotDevices_SerialSearch_Insert" AFTER INSERT ON "IntuneAutopilotDevices" BEGIN
                    INSERT INTO "IntuneAutopilotDeviceSerials"(rowid, "SerialKey") VALUES (new.rowid, new."SerialKey");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "IntuneAutopilotDevices_SerialSearch_Delete" AFTER DELETE ON "IntuneAutopilotDevices" BEGIN
                    INSERT INTO "IntuneAutopilotDeviceSerials"("IntuneAutopilotDeviceSerials", rowid, "SerialKey") VALUES ('delete', old.rowid, old."SerialKey");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "IntuneAutopilotDevices_SerialSearch_Update" AFTER UPDATE OF "SerialKey" ON "IntuneAutopilotDevices" BEGIN
                    INSERT INTO "IntuneAutopilotDeviceSerials"("IntuneAutopilotDeviceSerials", rowid, "SerialKey") VALUES ('delete', old.rowid, old."SerialKey");
                    INSERT INTO "IntuneAutopilotDeviceSerials"(rowid, "SerialKey") VALUES (new.rowid, new."SerialKey");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "IntuneAutopilotDevices_Count_Insert" AFTER INSERT ON "IntuneAutopilotDevices" BEGIN
                    INSERT INTO "IntuneDeviceCounts" ("TenantId", "Count") VALUES (new."TenantId", 1)
                    ON CONFLICT ("TenantId") DO UPDATE SET "Count" = "Count" + 1;
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "IntuneAutopilotDevices_Count_Delete" AFTER DELETE ON "IntuneAutopilotDevices" BEGIN
                    UPDATE "IntuneDeviceCounts" SET "Count" = "Count" - 1 WHERE "TenantId" = old."TenantId";
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "IntuneAutopilotDevices_Count_Move" AFTER UPDATE OF "TenantId" ON "IntuneAutopilotDevices" BEGIN
                    UPDATE "IntuneDeviceCounts" SET "Count" = "Count" - 1 WHERE "TenantId" = old."TenantId";
                    INSERT INTO "IntuneDeviceCounts" ("TenantId", "Count") VALUES (new."TenantId", 1)
                    ON CONFLICT ("TenantId") DO UPDATE SET "Count" = "Count" + 1;
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            if (migrationBuilder.ActiveProvider == "Microsoft.EntityFrameworkCore.Sqlite")
            {
                migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "IntuneAutopilotDevices_Count_Move";""");
                migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "IntuneAutopilotDevices_Count_Delete";""");
                migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "IntuneAutopilotDevices_Count_Insert";""");
                migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "IntuneAutopilotDevices_SerialSearch_Update";""");
                migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "IntuneAutopilotDevices_SerialSearch_Delete";""");
                migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "IntuneAutopilotDevices_SerialSearch_Insert";""");
                migrationBuilder.Sql("""DROP TABLE IF EXISTS "IntuneAutopilotDeviceSerials";""");
            }

            migrationBuilder.DropTable(
                name: "DirectoryDevices");

            migrationBuilder.DropTable(
                name: "IntuneAutopilotDevices");

            migrationBuilder.DropTable(
                name: "IntuneDeviceCounts");

            migrationBuilder.DropTable(
                name: "IntuneImportRowResults");

            migrationBuilder.DropTable(
                name: "IntuneManagedDevices");

            migrationBuilder.DropTable(
                name: "DdsRegistrations");

            migrationBuilder.DropTable(
                name: "IntuneImportJobs");

            migrationBuilder.DropTable(
                name: "Tenants");
        }
    }
}
