using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AutopilotPortal.Core.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TargetType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Target = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    TargetId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    OldValue = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    NewValue = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    Details = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    RemoteAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

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

            migrationBuilder.CreateTable(
                name: "PortalUsers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    IsDisabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedUserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    NormalizedEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    EmailConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", nullable: true),
                    SecurityStamp = table.Column<string>(type: "TEXT", nullable: true),
                    ConcurrencyStamp = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneNumber = table.Column<string>(type: "TEXT", nullable: true),
                    PhoneNumberConfirmed = table.Column<bool>(type: "INTEGER", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    LockoutEnd = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PortalUsers", x => x.Id);
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
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    ClaimType = table.Column<string>(type: "TEXT", nullable: true),
                    ClaimValue = table.Column<string>(type: "TEXT", nullable: true)
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
                    LoginProvider = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderKey = table.Column<string>(type: "TEXT", nullable: false),
                    ProviderDisplayName = table.Column<string>(type: "TEXT", nullable: true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false)
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
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    LoginProvider = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: true)
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
                name: "Decommissions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    BatchId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    AutopilotDeviceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    RegistrationId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Ztdid = table.Column<Guid>(type: "TEXT", nullable: false),
                    SerialNumber = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ManagedDeviceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DirectoryObjectId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AzureActiveDirectoryDeviceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RequestedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FailureReason = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LeaseExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReplacementHash = table.Column<string>(type: "TEXT", maxLength: 16384, nullable: true),
                    ReplacementGroupTag = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    ReplacementDeviceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ReplacementZtdid = table.Column<Guid>(type: "TEXT", nullable: true)
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
                    EnrollmentProfileName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
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
                name: "IntuneAutopilotSettings",
                columns: table => new
                {
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LastSyncDateTime = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastManualSyncTriggerDateTime = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SyncStatus = table.Column<int>(type: "INTEGER", nullable: false),
                    LastSyncSummary = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LeaseExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: true)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AutopilotDeviceId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SerialNumber = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FinishedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ProfileId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ProfileName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Mode = table.Column<int>(type: "INTEGER", nullable: true),
                    JoinType = table.Column<int>(type: "INTEGER", nullable: true),
                    Result = table.Column<int>(type: "INTEGER", nullable: false),
                    FailureCode = table.Column<int>(type: "INTEGER", nullable: true),
                    FailureReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Steps = table.Column<string>(type: "TEXT", nullable: false),
                    DeviceName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ManagedDeviceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1500, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    JoinType = table.Column<int>(type: "INTEGER", nullable: false),
                    DeploymentMode = table.Column<int>(type: "INTEGER", nullable: false),
                    AllowPreProvisioning = table.Column<bool>(type: "INTEGER", nullable: false),
                    HidePrivacySettings = table.Column<bool>(type: "INTEGER", nullable: false),
                    HideEula = table.Column<bool>(type: "INTEGER", nullable: false),
                    UserType = table.Column<int>(type: "INTEGER", nullable: false),
                    SkipKeyboardSelectionPage = table.Column<bool>(type: "INTEGER", nullable: false),
                    HideEscapeLink = table.Column<bool>(type: "INTEGER", nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DeviceNameTemplate = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ConvertAllTargetedDevices = table.Column<bool>(type: "INTEGER", nullable: false),
                    SkipConnectivityCheck = table.Column<bool>(type: "INTEGER", nullable: false)
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
                    AlreadyRegistered = table.Column<int>(type: "INTEGER", nullable: false),
                    LineCount = table.Column<int>(type: "INTEGER", nullable: false),
                    FileNotes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
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
                    EnrolledDateTime = table.Column<DateTime>(type: "TEXT", nullable: false),
                    AutopilotDeviceId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Manufacturer = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Model = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    OwnerType = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    EnrollmentType = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    EnrollmentProfileName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    JoinType = table.Column<int>(type: "INTEGER", nullable: true),
                    DeploymentMode = table.Column<int>(type: "INTEGER", nullable: true),
                    PreProvisioned = table.Column<bool>(type: "INTEGER", nullable: false)
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
                    DecommissionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    State = table.Column<int>(type: "INTEGER", nullable: false),
                    CompletedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true)
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
                    DeploymentProfileId = table.Column<Guid>(type: "TEXT", nullable: true),
                    DeploymentProfileName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    AssignedProfileId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AssignedProfileName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
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
                        name: "FK_IntuneAutopilotDevices_IntuneDeploymentProfiles_DeploymentProfileId",
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
                    ProfileId = table.Column<Guid>(type: "TEXT", nullable: false),
                    GroupId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
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
                name: "IX_IntuneAutopilotDevices_TenantId_DeploymentProfileId_SerialKey",
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

            // The search index, the counts and the append-only audit log (SQLite's own SQL).
            SqliteSchema.Create(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            SqliteSchema.Drop(migrationBuilder);

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "AuditEntries");

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
        }
    }
}
