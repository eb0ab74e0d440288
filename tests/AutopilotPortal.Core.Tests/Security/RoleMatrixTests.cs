using AutopilotPortal.Core.Accounts;
using AutopilotPortal.Core.ApiClients;
using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Decommissioning;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Groups;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Partner;
using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Simulation;
using AutopilotPortal.Core.Sync;
using AutopilotPortal.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Tests.Security;

/// <summary>
/// Every operation of the service library, tried as each role. The expected answers are written
/// out here, not read from the permission table, so a wrong table fails this test.
/// </summary>
public class RoleMatrixTests
{
    private const string Admin = "Admin", HelpDesk = "HelpDesk", Reader = "Reader", NoRole = "NoRole", Anonymous = "Anonymous";

    /// <summary>Operation → the roles that may run it (an administrator may run everything).</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["ListDevices"] = [Admin, HelpDesk, Reader],
        ["DeviceDetails"] = [Admin, HelpDesk, Reader],
        ["EditGroupTag"] = [Admin, HelpDesk],
        ["EditAssignedUser"] = [Admin, HelpDesk],
        ["EditDeviceName"] = [Admin, HelpDesk],
        ["ExportDevices"] = [Admin, Reader],
        ["PreviewImport"] = [Admin],
        ["Import"] = [Admin],
        ["ListImports"] = [Admin, Reader],
        ["ImportJob"] = [Admin, Reader],
        ["ImportResults"] = [Admin, Reader],
        ["ImportErrorReport"] = [Admin, Reader],
        ["ListAudit"] = [Admin, Reader],
        ["ExportAudit"] = [Admin, Reader],
        ["ListUsers"] = [Admin],
        ["CreateUser"] = [Admin],
        ["SetUserRole"] = [Admin],
        ["DisableUser"] = [Admin],
        ["ResetPassword"] = [Admin],
        ["ListGroups"] = [Admin, HelpDesk, Reader],
        ["GroupMembers"] = [Admin, HelpDesk, Reader],
        ["PreviewRule"] = [Admin, HelpDesk, Reader],
        ["CreateGroup"] = [Admin],
        ["ChangeGroupRule"] = [Admin],
        ["AddGroupMembers"] = [Admin],
        ["FindGroupMemberBySerial"] = [Admin],
        ["RemoveGroupMembers"] = [Admin],
        ["DeleteGroup"] = [Admin],
        ["ListProfiles"] = [Admin, HelpDesk, Reader],
        ["ProfileDetails"] = [Admin, HelpDesk, Reader],
        ["ProfileDevices"] = [Admin, HelpDesk, Reader],
        ["ProfileFile"] = [Admin, HelpDesk, Reader],
        ["CreateProfile"] = [Admin],
        ["UpdateProfile"] = [Admin],
        ["AssignProfile"] = [Admin],
        ["UnassignProfile"] = [Admin],
        ["DeleteProfile"] = [Admin],
        ["PartnerRegister"] = [Admin],
        ["PartnerCatalog"] = [Admin],
        ["TriggerSync"] = [Admin, HelpDesk],
        ["SyncSettings"] = [Admin, HelpDesk, Reader],
        ["SimulateDeployment"] = [Admin],
        ["DeploymentEvents"] = [Admin, HelpDesk, Reader],
        ["DeleteManagedDevice"] = [Admin],
        ["PlanDecommission"] = [Admin],
        ["StartDecommission"] = [Admin],
        ["RetryDecommission"] = [Admin],
        ["ListDecommissions"] = [Admin, HelpDesk, Reader],
        ["DecommissionDetails"] = [Admin, HelpDesk, Reader],
        ["DecommissionBatches"] = [Admin, HelpDesk, Reader],
        ["DeviceDecommission"] = [Admin, HelpDesk, Reader],
        ["DeleteAutopilotDevice"] = [Admin],
        ["PlanEntraDelete"] = [Admin],
        ["DeleteEntraObject"] = [Admin],
        ["ReplaceMotherboard"] = [Admin],
        ["CreateApiClient"] = [Admin],
        ["RotateApiClientSecret"] = [Admin],
        ["RevokeApiClient"] = [Admin],
        ["ListApiClients"] = [Admin],
    };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var operation in Allowed.Keys)
        {
            foreach (var role in new[] { Admin, HelpDesk, Reader, NoRole, Anonymous })
            {
                data.Add(operation, role);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EachRoleMayRunExactlyTheOperationsItsRoleGrants(string operation, string role)
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var world = await ArrangeAsync(database);
        var caller = Caller(role);
        var expectAllowed = Allowed[operation].Contains(role);
        var before = await SnapshotAsync(database);

        var refusal = await Record.ExceptionAsync(() => RunAsync(database, world, operation, caller));

        if (expectAllowed)
        {
            Assert.Null(refusal);
        }
        else
        {
            var denied = Assert.IsType<AccessDeniedException>(refusal);
            Assert.Contains(denied.Permission.Describe(), denied.Message, StringComparison.Ordinal);
            var after = await SnapshotAsync(database);
            Assert.Equal(before.State, after.State);
            await using var db = await database.CreateDbContextAsync();
            var entry = await db.AuditEntries.OrderByDescending(e => e.Id).FirstAsync();
            Assert.Equal(AuditActions.AccessRefused, entry.Action);
            Assert.Equal(AuditOutcome.Refused, entry.Outcome);
            Assert.Equal(caller.UserName, entry.Actor);
            Assert.Equal("10.1.2.3", entry.RemoteAddress);
        }
    }

    [Fact]
    public void EveryPermissionIsCoveredByTheTableOfThisTest()
    {
        // A new permission needs a row above (and an operation that checks it).
        var covered = new[]
        {
            PortalPermission.ReadDevices, PortalPermission.EditDevices, PortalPermission.Export, PortalPermission.ImportDevices,
            PortalPermission.ReadImports, PortalPermission.ReadAudit, PortalPermission.ManageUsers, PortalPermission.ManageGroupsAndProfiles,
            PortalPermission.TriggerSync, PortalPermission.SimulateDeployment, PortalPermission.DeleteDevices, PortalPermission.ManageApiClients,
        };
        Assert.Equal(Enum.GetValues<PortalPermission>().Order(), covered.Order());
        Assert.True(PortalRole.HelpDesk.Grants(PortalPermission.TriggerSync));
        Assert.False(PortalRole.Reader.Grants(PortalPermission.TriggerSync));
        Assert.False(PortalRole.HelpDesk.Grants(PortalPermission.DeleteDevices));
        Assert.False(PortalRole.HelpDesk.Grants(PortalPermission.ManageGroupsAndProfiles));
    }

    private static PortalCaller Caller(string role) => role switch
    {
        Admin => PortalCaller.WithRoles("ada@contoso.com", PortalRole.Admin) with { RemoteAddress = "10.1.2.3" },
        HelpDesk => PortalCaller.WithRoles("hal@contoso.com", PortalRole.HelpDesk) with { RemoteAddress = "10.1.2.3" },
        Reader => PortalCaller.WithRoles("rita@contoso.com", PortalRole.Reader) with { RemoteAddress = "10.1.2.3" },
        NoRole => PortalCaller.WithRoles("nobody@contoso.com") with { RemoteAddress = "10.1.2.3" },
        _ => PortalCaller.Anonymous("10.1.2.3"),
    };

    private sealed record World(Guid DeviceId, Guid JobId, string UserId, Guid AssignedGroupId, Guid DynamicGroupId, Guid DeviceObjectId, Guid ProfileId, Guid SpareProfileId)
    {
        /// <summary>A second device, not enrolled, for the deletes.</summary>
        public Guid SpareDeviceId { get; init; }

        /// <summary>A failed decommission of <see cref="DeviceId"/>, for retry.</summary>
        public Guid FailedDecommissionId { get; init; }

        /// <summary>An Intune managed device that is no Autopilot device's, for its delete.</summary>
        public Guid ManagedDeviceId { get; init; }

        /// <summary>An API client's client id, for rotate and revoke.</summary>
        public Guid ApiClientId { get; init; }
    }

    private static async Task<World> ArrangeAsync(PortalTestDatabase database)
    {
        var job = await database.Get<ImportService>().ImportAsync(PortalCaller.System,
            TestDevices.Csv(("SER-A", TestDevices.Hash(501), "Lab"), ("SER-B", "not-a-hash", null)), "arrange.csv");
        await using var db = await database.CreateDbContextAsync();
        var deviceId = await db.AutopilotDevices.Select(d => d.Id).SingleAsync();
        await database.Get<LocalUserService>().CreateAsync(PortalCaller.System, "second-admin", PortalRole.Admin, null);
        await database.Get<LocalUserService>().CreateAsync(PortalCaller.System, "target-user", PortalRole.Reader, null);
        var userId = await db.Users.Where(u => u.UserName == "target-user").Select(u => u.Id).SingleAsync();
        var objectId = await db.DirectoryDevices.Select(d => d.Id).SingleAsync();
        var groups = database.Get<GroupService>();
        var assigned = await groups.CreateAsync(PortalCaller.System, "Pilot", null, GroupMembershipType.Assigned, null);
        await groups.AddMembersAsync(PortalCaller.System, assigned.Id, [objectId]);
        var dynamic = await groups.CreateAsync(PortalCaller.System, "Lab", null, GroupMembershipType.Dynamic, "(device.devicePhysicalIds -any (_ -eq \"[OrderId]:Lab\"))");
        var profiles = database.Get<ProfileService>();
        var profile = await profiles.CreateAsync(PortalCaller.System, new ProfileSettings { DisplayName = "Assigned profile" });
        await profiles.AssignAsync(PortalCaller.System, profile.Id, dynamic.Id, AssignmentKind.Include);
        var spare = await profiles.CreateAsync(PortalCaller.System, new ProfileSettings { DisplayName = "Spare profile" });
        var spareDevice = (await TestDevices.RegisterAsync(database, 1, null, firstSeed: 504))[0];
        var failed = (await database.Get<DecommissionService>().StartAsync(PortalCaller.System, [deviceId], DecommissionKind.Full))[0];
        await db.Decommissions.Where(d => d.Id == failed).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.State, DecommissionState.Failed).SetProperty(d => d.FailureReason, "Arranged failure"));
        var managed = new ManagedDevice
        {
            Id = Guid.NewGuid(),
            TenantId = await db.AutopilotDevices.Select(d => d.TenantId).FirstAsync(),
            DeviceName = "BYOD-0001",
            SerialNumber = "BYOD-SER-1",
            EnrolledDateTime = database.Clock.GetUtcNow().UtcDateTime,
        };
        db.ManagedDevices.Add(managed);
        await db.SaveChangesAsync();
        var apiClient = await database.Get<ApiClientService>().CreateAsync(PortalCaller.System, "Arranged client", PortalRole.Reader, TimeSpan.FromDays(30));
        return new World(deviceId, job.Id, userId, assigned.Id, dynamic.Id, objectId, profile.Id, spare.Id)
        {
            SpareDeviceId = spareDevice,
            FailedDecommissionId = failed,
            ManagedDeviceId = managed.Id,
            ApiClientId = apiClient.Client.ClientId,
        };
    }

    private static async Task RunAsync(PortalTestDatabase database, World world, string operation, PortalCaller caller)
    {
        var devices = database.Get<DeviceService>();
        var edits = database.Get<DeviceEditService>();
        var imports = database.Get<ImportService>();
        var history = database.Get<ImportHistoryService>();
        var audit = database.Get<AuditLogService>();
        var users = database.Get<LocalUserService>();
        switch (operation)
        {
            case "ListDevices": await devices.ListAsync(caller, new DeviceListQuery()); break;
            case "DeviceDetails": await devices.GetDetailsAsync(caller, world.DeviceId); break;
            case "EditGroupTag": await edits.UpdateGroupTagAsync(caller, [world.DeviceId], "Changed"); break;
            case "EditAssignedUser": await edits.UpdateAssignedUserAsync(caller, world.DeviceId, "new@contoso.com"); break;
            case "EditDeviceName": await edits.UpdateDisplayNameAsync(caller, world.DeviceId, "LT-0001"); break;
            case "ExportDevices": await devices.ExportCsvAsync(caller, new DeviceListQuery(), new MemoryStream()); break;
            case "PreviewImport": await imports.PreviewAsync(caller, TestDevices.Csv(("SER-C", TestDevices.Hash(502), null))); break;
            case "Import": await imports.ImportAsync(caller, TestDevices.Csv(("SER-C", TestDevices.Hash(502), null)), "more.csv"); break;
            case "ListImports": await history.ListJobsAsync(caller, 0, 10); break;
            case "ImportJob": await history.GetJobAsync(caller, world.JobId); break;
            case "ImportResults": await history.ListResultsAsync(caller, world.JobId, problemsOnly: false, 0, 10); break;
            case "ImportErrorReport": await history.WriteErrorReportAsync(caller, world.JobId, new MemoryStream()); break;
            case "ListAudit": await audit.ListAsync(caller, new AuditQuery()); break;
            case "ExportAudit": await audit.ExportCsvAsync(caller, new AuditQuery(), new MemoryStream()); break;
            case "ListUsers": await users.ListAsync(caller, null, 0, 10); break;
            case "CreateUser": await users.CreateAsync(caller, "new-user", PortalRole.Reader, null); break;
            case "SetUserRole": await users.SetRoleAsync(caller, world.UserId, PortalRole.HelpDesk); break;
            case "DisableUser": await users.SetDisabledAsync(caller, world.UserId, disabled: true); break;
            case "ResetPassword": await users.ResetPasswordAsync(caller, world.UserId, null); break;
            case "ListGroups": await database.Get<GroupService>().ListAsync(caller, null, 0, 10); break;
            case "GroupMembers": await database.Get<GroupService>().ListMembersAsync(caller, world.DynamicGroupId, 0, 10); break;
            case "PreviewRule": await database.Get<GroupService>().PreviewRuleAsync(caller, GroupService.ValidateRule("device.accountEnabled -eq true"), 5); break;
            case "CreateGroup": await database.Get<GroupService>().CreateAsync(caller, "New", null, GroupMembershipType.Assigned, null); break;
            case "ChangeGroupRule": await database.Get<GroupService>().ChangeRuleAsync(caller, world.DynamicGroupId, "(device.devicePhysicalIds -any (_ -eq \"[OrderId]:Other\"))"); break;
            case "FindGroupMemberBySerial": await database.Get<GroupService>().FindMemberBySerialAsync(caller, "SER-A"); break;
            case "AddGroupMembers": await database.Get<GroupService>().AddMembersAsync(caller, world.AssignedGroupId, [world.DeviceObjectId]); break;
            case "RemoveGroupMembers": await database.Get<GroupService>().RemoveMembersAsync(caller, world.AssignedGroupId, [world.DeviceObjectId]); break;
            case "DeleteGroup": await database.Get<GroupService>().DeleteAsync(caller, world.AssignedGroupId); break;
            case "ListProfiles": await database.Get<ProfileService>().ListAsync(caller); break;
            case "ProfileDetails": await database.Get<ProfileService>().GetAsync(caller, world.ProfileId); break;
            case "ProfileDevices": await database.Get<ProfileService>().ListAssignedDevicesAsync(caller, world.ProfileId, 0, 10); break;
            case "ProfileFile": await database.Get<ProfileService>().ExportConfigurationFileAsync(caller, world.ProfileId); break;
            case "CreateProfile": await database.Get<ProfileService>().CreateAsync(caller, new ProfileSettings { DisplayName = "New profile" }); break;
            case "UpdateProfile": await database.Get<ProfileService>().UpdateAsync(caller, world.SpareProfileId, new ProfileSettings { DisplayName = "Renamed" }); break;
            case "PartnerRegister": await database.Get<PartnerRegistrationService>().RegisterAsync(caller, [PartnerDeviceRequest.ByHash(TestDevices.Hash(503))]); break;
            case "PartnerCatalog": await database.Get<PartnerRegistrationService>().ListCatalogAsync(caller, 0, 10); break;
            case "AssignProfile": await database.Get<ProfileService>().AssignAsync(caller, world.SpareProfileId, world.AssignedGroupId, AssignmentKind.Include); break;
            case "UnassignProfile": await database.Get<ProfileService>().UnassignAsync(caller, world.ProfileId, world.DynamicGroupId); break;
            case "DeleteProfile": await database.Get<ProfileService>().DeleteAsync(caller, world.SpareProfileId); break;
            case "TriggerSync": await (await database.Get<SyncService>().RequestSyncAsync(caller)).Completion; break;
            case "SyncSettings": await database.Get<SyncService>().GetSettingsAsync(caller); break;
            case "SimulateDeployment": await database.Get<DeploymentSimulator>().SimulateAsync(caller, world.DeviceId); break;
            case "DeleteManagedDevice": await database.Get<ManagedDeviceService>().DeleteAsync(caller, world.ManagedDeviceId); break;
            case "DeploymentEvents": await database.Get<DeploymentSimulator>().ListAsync(caller, new DeploymentEventQuery()); break;
            case "PlanDecommission": await database.Get<DecommissionService>().PlanAsync(caller, [world.SpareDeviceId], DecommissionKind.Full); break;
            case "StartDecommission": await database.Get<DecommissionService>().StartAsync(caller, [world.SpareDeviceId], DecommissionKind.Full); break;
            case "RetryDecommission": await database.Get<DecommissionService>().RetryAsync(caller, world.FailedDecommissionId); break;
            case "ListDecommissions": await database.Get<DecommissionQueries>().ListAsync(caller, 0, 10); break;
            case "DecommissionDetails": await database.Get<DecommissionQueries>().GetAsync(caller, world.FailedDecommissionId); break;
            case "DeviceDecommission": await database.Get<DecommissionQueries>().FindUnfinishedForDeviceAsync(caller, world.DeviceId); break;
            case "DecommissionBatches": await database.Get<DecommissionQueries>().BatchesAsync(caller); break;
            case "DeleteAutopilotDevice": await database.Get<RecordDeletionService>().DeleteAutopilotDeviceAsync(caller, world.SpareDeviceId); break;
            case "PlanEntraDelete": await database.Get<RecordDeletionService>().PlanEntraDeleteAsync(caller, world.DeviceObjectId); break;
            case "DeleteEntraObject": await database.Get<RecordDeletionService>().DeleteEntraObjectAsync(caller, world.DeviceObjectId); break;
            case "ReplaceMotherboard": await database.Get<DecommissionService>().ReplaceMotherboardAsync(caller, world.SpareDeviceId, TestDevices.Hash(505), null); break;
            case "CreateApiClient": await database.Get<ApiClientService>().CreateAsync(caller, "New client", PortalRole.Reader, TimeSpan.FromDays(30)); break;
            case "RotateApiClientSecret": await database.Get<ApiClientService>().RotateSecretAsync(caller, world.ApiClientId, TimeSpan.FromDays(30)); break;
            case "RevokeApiClient": await database.Get<ApiClientService>().RevokeAsync(caller, world.ApiClientId); break;
            case "ListApiClients": await database.Get<ApiClientService>().ListAsync(caller); break;
            default: throw new ArgumentOutOfRangeException(nameof(operation), operation, "No such operation in the matrix.");
        }
    }

    /// <summary>Everything a refused call must leave as it was (audit entries aside).</summary>
    private static async Task<Snapshot> SnapshotAsync(PortalTestDatabase database)
    {
        await using var db = await database.CreateDbContextAsync();
        var devices = await db.AutopilotDevices.AsNoTracking().Select(d => $"{d.SerialNumber}|{d.GroupTag}|{d.UserPrincipalName}|{d.DisplayName}").ToListAsync();
        var users = await db.Users.AsNoTracking().Select(u => $"{u.UserName}|{u.Role}|{u.IsDisabled}|{u.PasswordHash}").ToListAsync();
        var groups = await db.Groups.AsNoTracking().Select(g => $"{g.DisplayName}|{g.MembershipRule}|{g.MemberCount}").ToListAsync();
        users.AddRange(groups);
        users.AddRange(await db.DeploymentProfiles.AsNoTracking().Select(p => $"{p.DisplayName}|{p.UpdatedAt}").ToListAsync());
        users.AddRange(await db.ProfileAssignments.AsNoTracking().Select(a => $"{a.ProfileId}|{a.GroupId}|{a.Kind}").ToListAsync());
        var jobs = await db.ImportJobs.CountAsync();
        var registrations = await db.Registrations.CountAsync();
        users.AddRange(await db.DirectoryDevices.AsNoTracking().Select(o => $"{o.Id}|{o.Ztdid}|{o.AccountEnabled}").ToListAsync());
        users.AddRange(await db.Decommissions.AsNoTracking().Select(d => $"{d.Id}|{d.State}|{d.Kind}").ToListAsync());
        users.AddRange(await db.ApiClients.AsNoTracking().Select(c => $"{c.ClientId}|{c.Role}|{c.RevokedAt}|{Convert.ToBase64String(c.SecretHash)}").ToListAsync());
        var events = await db.DeploymentEvents.CountAsync();
        var managed = await db.ManagedDevices.CountAsync();
        return new Snapshot(string.Join(";", devices.Order()) + "#" + string.Join(";", users.Order()) + $"#{jobs}#{registrations}#{events}#{managed}");
    }

    private sealed record Snapshot(string State);
}
