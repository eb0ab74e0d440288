using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace AutopilotPortal.Core.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ApiSigningKeys",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Purpose = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PrivateKey = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiSigningKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OccurredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: true),
                    Actor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    Action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Outcome = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    TargetType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    Target = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true, collation: "C"),
                    TargetId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    OldValue = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true, collation: "C"),
                    NewValue = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true, collation: "C"),
                    Details = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true, collation: "C"),
                    RemoteAddress = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Xml = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IntuneDeviceCounts",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntuneDeviceCounts", x => x.TenantId);
                });

            migrationBuilder.CreateTable(
                name: "OemCatalogDevices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Manufacturer = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    Model = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    SerialNumber = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    ProductKeyId = table.Column<string>(type: "character varying(13)", maxLength: 13, nullable: false, collation: "C"),
                    ManufacturedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    HardwareHash = table.Column<byte[]>(type: "bytea", nullable: false),
                    HardwareHashLength = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OemCatalogDevices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PortalUsers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    IsDisabled = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    NormalizedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    EmailConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    PhoneNumber = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    PhoneNumberConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PortalUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Tenants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    Domain = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tenants", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ClaimType = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ClaimValue = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_PortalUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "PortalUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ProviderKey = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ProviderDisplayName = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    UserId = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_PortalUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "PortalUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    LoginProvider = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Value = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_PortalUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "PortalUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UserSessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RenewedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    EndedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RemoteAddress = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C")
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

            migrationBuilder.CreateTable(
                name: "ApiClients",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClientId = table.Column<Guid>(type: "uuid", nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    Role = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SecretHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    SecretExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    RevokedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiClients", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApiClients_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DdsRegistrations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Ztdid = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    SerialNumber = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    SerialKey = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    Manufacturer = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    Model = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    SmbiosUuid = table.Column<Guid>(type: "uuid", nullable: true),
                    TpmKeyHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    HardwareKey = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    ProductKeyId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    HardwareHash = table.Column<byte[]>(type: "bytea", nullable: true),
                    HardwareHashLength = table.Column<int>(type: "integer", nullable: false),
                    GroupTag = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    PurchaseOrderId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    AssignedUserPrincipalName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    Source = table.Column<int>(type: "integer", nullable: false),
                    RegisteredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                name: "Decommissions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    BatchId = table.Column<Guid>(type: "uuid", nullable: true),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    AutopilotDeviceId = table.Column<Guid>(type: "uuid", nullable: false),
                    RegistrationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Ztdid = table.Column<Guid>(type: "uuid", nullable: false),
                    SerialNumber = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    ManagedDeviceId = table.Column<Guid>(type: "uuid", nullable: true),
                    DirectoryObjectId = table.Column<Guid>(type: "uuid", nullable: true),
                    AzureActiveDirectoryDeviceId = table.Column<Guid>(type: "uuid", nullable: true),
                    RequestedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    RequestedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FailureReason = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true, collation: "C"),
                    Note = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true, collation: "C"),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    LeaseOwner = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    LeaseExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReplacementHash = table.Column<string>(type: "character varying(16384)", maxLength: 16384, nullable: true, collation: "C"),
                    ReplacementGroupTag = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    ReplacementDeviceId = table.Column<Guid>(type: "uuid", nullable: true),
                    ReplacementZtdid = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Decommissions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Decommissions_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "DirectoryDevices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DeviceId = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    AccountEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    TrustType = table.Column<int>(type: "integer", nullable: false),
                    OperatingSystem = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Manufacturer = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Model = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    PhysicalIds = table.Column<List<string>>(type: "text[]", nullable: false),
                    OrderId = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    HardwareKey = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true, collation: "C"),
                    EnrollmentProfileName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    Ztdid = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                name: "DirectoryGroups",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    Description = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true, collation: "C"),
                    MembershipType = table.Column<int>(type: "integer", nullable: false),
                    MembershipRule = table.Column<string>(type: "character varying(3072)", maxLength: 3072, nullable: true, collation: "C"),
                    MemberCount = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                name: "IntuneAutopilotSettings",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    LastSyncDateTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastManualSyncTriggerDateTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SyncStatus = table.Column<int>(type: "integer", nullable: false),
                    LastSyncSummary = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true, collation: "C"),
                    LeaseOwner = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    LeaseExpiresAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntuneAutopilotSettings", x => x.TenantId);
                    table.ForeignKey(
                        name: "FK_IntuneAutopilotSettings_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "IntuneDeploymentEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    AutopilotDeviceId = table.Column<Guid>(type: "uuid", nullable: false),
                    SerialNumber = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ProfileId = table.Column<Guid>(type: "uuid", nullable: true),
                    ProfileName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    Mode = table.Column<int>(type: "integer", nullable: true),
                    JoinType = table.Column<int>(type: "integer", nullable: true),
                    Result = table.Column<int>(type: "integer", nullable: false),
                    FailureCode = table.Column<int>(type: "integer", nullable: true),
                    FailureReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true, collation: "C"),
                    Steps = table.Column<List<string>>(type: "text[]", nullable: false),
                    DeviceName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    ManagedDeviceId = table.Column<Guid>(type: "uuid", nullable: true),
                    Actor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C")
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

            migrationBuilder.CreateTable(
                name: "IntuneDeploymentProfiles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false, collation: "C"),
                    Description = table.Column<string>(type: "character varying(1500)", maxLength: 1500, nullable: true, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    JoinType = table.Column<int>(type: "integer", nullable: false),
                    DeploymentMode = table.Column<int>(type: "integer", nullable: false),
                    AllowPreProvisioning = table.Column<bool>(type: "boolean", nullable: false),
                    HidePrivacySettings = table.Column<bool>(type: "boolean", nullable: false),
                    HideEula = table.Column<bool>(type: "boolean", nullable: false),
                    UserType = table.Column<int>(type: "integer", nullable: false),
                    SkipKeyboardSelectionPage = table.Column<bool>(type: "boolean", nullable: false),
                    HideEscapeLink = table.Column<bool>(type: "boolean", nullable: false),
                    Language = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    DeviceNameTemplate = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    ConvertAllTargetedDevices = table.Column<bool>(type: "boolean", nullable: false),
                    SkipConnectivityCheck = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntuneDeploymentProfiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_IntuneDeploymentProfiles_Tenants_TenantId",
                        column: x => x.TenantId,
                        principalTable: "Tenants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IntuneImportedDeviceIdentities",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ImportId = table.Column<Guid>(type: "uuid", nullable: false),
                    SerialNumber = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    ProductKey = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    GroupTag = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    AssignedUserPrincipalName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    HardwareIdentifier = table.Column<string>(type: "character varying(16384)", maxLength: 16384, nullable: true, collation: "C"),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    DeviceRegistrationId = table.Column<Guid>(type: "uuid", nullable: true),
                    ErrorCode = table.Column<int>(type: "integer", nullable: false),
                    ErrorName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    ErrorMessage = table.Column<string>(type: "character varying(2048)", maxLength: 2048, nullable: true, collation: "C"),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C")
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

            migrationBuilder.CreateTable(
                name: "IntuneImportJobs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    FileName = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false, collation: "C"),
                    Encoding = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    Format = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    StartedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    TotalRows = table.Column<int>(type: "integer", nullable: false),
                    Registered = table.Column<int>(type: "integer", nullable: false),
                    Failed = table.Column<int>(type: "integer", nullable: false),
                    Warnings = table.Column<int>(type: "integer", nullable: false),
                    AlreadyRegistered = table.Column<int>(type: "integer", nullable: false),
                    LineCount = table.Column<int>(type: "integer", nullable: false),
                    FileNotes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true, collation: "C"),
                    FailureMessage = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true, collation: "C"),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    DeviceName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    SerialNumber = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    AzureActiveDirectoryDeviceId = table.Column<Guid>(type: "uuid", nullable: true),
                    UserPrincipalName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    EnrolledDateTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    AutopilotDeviceId = table.Column<Guid>(type: "uuid", nullable: true),
                    Manufacturer = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    Model = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    OwnerType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, collation: "C"),
                    EnrollmentType = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    EnrollmentProfileName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    JoinType = table.Column<int>(type: "integer", nullable: true),
                    DeploymentMode = table.Column<int>(type: "integer", nullable: true),
                    PreProvisioned = table.Column<bool>(type: "boolean", nullable: false)
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
                name: "DecommissionSteps",
                columns: table => new
                {
                    DecommissionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Order = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<int>(type: "integer", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Outcome = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DecommissionSteps", x => new { x.DecommissionId, x.Order });
                    table.ForeignKey(
                        name: "FK_DecommissionSteps_Decommissions_DecommissionId",
                        column: x => x.DecommissionId,
                        principalTable: "Decommissions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DirectoryGroupMembers",
                columns: table => new
                {
                    GroupId = table.Column<Guid>(type: "uuid", nullable: false),
                    DeviceObjectId = table.Column<Guid>(type: "uuid", nullable: false),
                    AddedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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

            migrationBuilder.CreateTable(
                name: "IntuneAutopilotDevices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    RegistrationId = table.Column<Guid>(type: "uuid", nullable: false),
                    Ztdid = table.Column<Guid>(type: "uuid", nullable: false),
                    SerialNumber = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    SerialKey = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    Manufacturer = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    Model = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    ProductKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    SkuNumber = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    SystemFamily = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    GroupTag = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    PurchaseOrderIdentifier = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    UserPrincipalName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    AddressableUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    UserlessEnrollmentStatus = table.Column<int>(type: "integer", nullable: false),
                    DisplayName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    DirectoryObjectId = table.Column<Guid>(type: "uuid", nullable: true),
                    AzureActiveDirectoryDeviceId = table.Column<Guid>(type: "uuid", nullable: true),
                    ManagedDeviceId = table.Column<Guid>(type: "uuid", nullable: true),
                    EnrollmentState = table.Column<int>(type: "integer", nullable: false),
                    ProfileStatus = table.Column<int>(type: "integer", nullable: false),
                    DeploymentProfileId = table.Column<Guid>(type: "uuid", nullable: true),
                    DeploymentProfileName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    AssignedProfileId = table.Column<Guid>(type: "uuid", nullable: true),
                    AssignedProfileName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    ProfileAssignedDateTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    LastContactedDateTime = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
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
                        name: "FK_IntuneAutopilotDevices_IntuneDeploymentProfiles_DeploymentP~",
                        column: x => x.DeploymentProfileId,
                        principalTable: "IntuneDeploymentProfiles",
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
                name: "IntuneProfileAssignments",
                columns: table => new
                {
                    ProfileId = table.Column<Guid>(type: "uuid", nullable: false),
                    GroupId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IntuneProfileAssignments", x => new { x.ProfileId, x.GroupId });
                    table.ForeignKey(
                        name: "FK_IntuneProfileAssignments_DirectoryGroups_GroupId",
                        column: x => x.GroupId,
                        principalTable: "DirectoryGroups",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_IntuneProfileAssignments_IntuneDeploymentProfiles_ProfileId",
                        column: x => x.ProfileId,
                        principalTable: "IntuneDeploymentProfiles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "IntuneImportRowResults",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ImportJobId = table.Column<Guid>(type: "uuid", nullable: false),
                    LineNumber = table.Column<int>(type: "integer", nullable: false),
                    SerialNumber = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    Succeeded = table.Column<bool>(type: "boolean", nullable: false),
                    ErrorCode = table.Column<int>(type: "integer", nullable: true),
                    ErrorName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true, collation: "C"),
                    Message = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true, collation: "C"),
                    Warning = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true, collation: "C"),
                    AutopilotDeviceId = table.Column<Guid>(type: "uuid", nullable: true)
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
                name: "IX_ApiClients_ClientId",
                table: "ApiClients",
                column: "ClientId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApiClients_TenantId",
                table: "ApiClients",
                column: "TenantId");

            migrationBuilder.CreateIndex(
                name: "IX_ApiSigningKeys_Purpose",
                table: "ApiSigningKeys",
                column: "Purpose",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

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
                name: "IX_Decommissions_AutopilotDeviceId",
                table: "Decommissions",
                column: "AutopilotDeviceId");

            migrationBuilder.CreateIndex(
                name: "IX_Decommissions_BatchId",
                table: "Decommissions",
                column: "BatchId");

            migrationBuilder.CreateIndex(
                name: "IX_Decommissions_State_RequestedAt",
                table: "Decommissions",
                columns: new[] { "State", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Decommissions_TenantId_RequestedAt",
                table: "Decommissions",
                columns: new[] { "TenantId", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryDevices_DeviceId",
                table: "DirectoryDevices",
                column: "DeviceId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryDevices_TenantId_DisplayName",
                table: "DirectoryDevices",
                columns: new[] { "TenantId", "DisplayName" });

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryDevices_TenantId_HardwareKey",
                table: "DirectoryDevices",
                columns: new[] { "TenantId", "HardwareKey" },
                filter: "\"Ztdid\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryDevices_TenantId_OrderId_Id",
                table: "DirectoryDevices",
                columns: new[] { "TenantId", "OrderId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_DirectoryDevices_Ztdid",
                table: "DirectoryDevices",
                column: "Ztdid");

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

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_DeploymentProfileId",
                table: "IntuneAutopilotDevices",
                column: "DeploymentProfileId");

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_DirectoryObjectId",
                table: "IntuneAutopilotDevices",
                column: "DirectoryObjectId");

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_RegistrationId",
                table: "IntuneAutopilotDevices",
                column: "RegistrationId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_DeploymentProfileId_SerialK~",
                table: "IntuneAutopilotDevices",
                columns: new[] { "TenantId", "DeploymentProfileId", "SerialKey" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_EnrollmentState_SerialKey",
                table: "IntuneAutopilotDevices",
                columns: new[] { "TenantId", "EnrollmentState", "SerialKey" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_GroupTag_SerialKey",
                table: "IntuneAutopilotDevices",
                columns: new[] { "TenantId", "GroupTag", "SerialKey" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_LastContactedDateTime_Seria~",
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
                name: "IX_IntuneAutopilotDevices_TenantId_PurchaseOrderIdentifier_Ser~",
                table: "IntuneAutopilotDevices",
                columns: new[] { "TenantId", "PurchaseOrderIdentifier", "SerialKey" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_SerialKey",
                table: "IntuneAutopilotDevices",
                columns: new[] { "TenantId", "SerialKey" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneAutopilotDevices_TenantId_UserPrincipalName_SerialKey",
                table: "IntuneAutopilotDevices",
                columns: new[] { "TenantId", "UserPrincipalName", "SerialKey" });

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

            migrationBuilder.CreateIndex(
                name: "IX_IntuneDeploymentProfiles_TenantId_CreatedAt",
                table: "IntuneDeploymentProfiles",
                columns: new[] { "TenantId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneImportedDeviceIdentities_TenantId_Id",
                table: "IntuneImportedDeviceIdentities",
                columns: new[] { "TenantId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneImportJobs_TenantId_StartedAt",
                table: "IntuneImportJobs",
                columns: new[] { "TenantId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneImportRowResults_ImportJobId_LineNumber",
                table: "IntuneImportRowResults",
                columns: new[] { "ImportJobId", "LineNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneManagedDevices_AutopilotDeviceId",
                table: "IntuneManagedDevices",
                column: "AutopilotDeviceId");

            migrationBuilder.CreateIndex(
                name: "IX_IntuneManagedDevices_TenantId_SerialNumber",
                table: "IntuneManagedDevices",
                columns: new[] { "TenantId", "SerialNumber" });

            migrationBuilder.CreateIndex(
                name: "IX_IntuneProfileAssignments_GroupId",
                table: "IntuneProfileAssignments",
                column: "GroupId");

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

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "PortalUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "IX_PortalUsers_Role_IsDisabled",
                table: "PortalUsers",
                columns: new[] { "Role", "IsDisabled" });

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "PortalUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UserSessions_RenewedAt",
                table: "UserSessions",
                column: "RenewedAt");

            migrationBuilder.CreateIndex(
                name: "IX_UserSessions_UserId_EndedAt",
                table: "UserSessions",
                columns: new[] { "UserId", "EndedAt" });

            // The search index, the counts and the append-only audit log (PostgreSQL's own SQL).
            PostgresSchema.Create(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ApiClients");

            migrationBuilder.DropTable(
                name: "ApiSigningKeys");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "DecommissionSteps");

            migrationBuilder.DropTable(
                name: "DirectoryGroupMembers");

            migrationBuilder.DropTable(
                name: "IntuneAutopilotDevices");

            migrationBuilder.DropTable(
                name: "IntuneAutopilotSettings");

            migrationBuilder.DropTable(
                name: "IntuneDeploymentEvents");

            migrationBuilder.DropTable(
                name: "IntuneDeviceCounts");

            migrationBuilder.DropTable(
                name: "IntuneImportedDeviceIdentities");

            migrationBuilder.DropTable(
                name: "IntuneImportRowResults");

            migrationBuilder.DropTable(
                name: "IntuneManagedDevices");

            migrationBuilder.DropTable(
                name: "IntuneProfileAssignments");

            migrationBuilder.DropTable(
                name: "OemCatalogDevices");

            migrationBuilder.DropTable(
                name: "UserSessions");

            migrationBuilder.DropTable(
                name: "Decommissions");

            migrationBuilder.DropTable(
                name: "DirectoryDevices");

            migrationBuilder.DropTable(
                name: "DdsRegistrations");

            migrationBuilder.DropTable(
                name: "IntuneImportJobs");

            migrationBuilder.DropTable(
                name: "DirectoryGroups");

            migrationBuilder.DropTable(
                name: "IntuneDeploymentProfiles");

            migrationBuilder.DropTable(
                name: "PortalUsers");

            migrationBuilder.DropTable(
                name: "Tenants");

            // The triggers went with their tables; their functions stay until dropped.
            PostgresSchema.Drop(migrationBuilder);
        }
    }
}
