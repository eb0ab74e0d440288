using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Groups;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tests.Support;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Tests.Groups;

public class GroupMembershipTests
{
    private const string SalesRule = "(device.devicePhysicalIds -any (_ -eq \"[OrderId]:Sales\"))";
    private static readonly PortalCaller Admin = PortalCaller.WithRoles("ada@contoso.com", PortalRole.Admin);

    [Fact]
    public async Task ADynamicGroupTakesTheDevicesItsRuleMatchesWhenCreated()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await TestDevices.RegisterAsync(database, 3, "Sales", firstSeed: 800);
        await TestDevices.RegisterAsync(database, 2, "Lab", firstSeed: 810);

        var group = await database.Get<GroupService>().CreateAsync(Admin, "Sales devices", null, GroupMembershipType.Dynamic, SalesRule);

        Assert.Equal(3, group.MemberCount);
        Assert.Equal(3, (await database.Get<GroupService>().ListMembersAsync(Admin, group.Id, 0, 10)).Items.Count);
    }

    [Fact]
    public async Task RetaggingADeviceMovesItBetweenDynamicGroupsAtOnce()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var ids = await TestDevices.RegisterAsync(database, 2, "Lab", firstSeed: 820);
        var groups = database.Get<GroupService>();
        var sales = await groups.CreateAsync(Admin, "Sales", null, GroupMembershipType.Dynamic, SalesRule);
        var lab = await groups.CreateAsync(Admin, "Lab", null, GroupMembershipType.Dynamic, "device.devicePhysicalIds -any _ -eq \"[OrderId]:Lab\"");
        Assert.Equal((0, 2), ((await groups.GetAsync(Admin, sales.Id))!.MemberCount, (await groups.GetAsync(Admin, lab.Id))!.MemberCount));

        await database.Get<DeviceEditService>().UpdateGroupTagAsync(Admin, [ids[0]], "sales");

        Assert.Equal(1, (await groups.GetAsync(Admin, sales.Id))!.MemberCount);
        Assert.Equal(1, (await groups.GetAsync(Admin, lab.Id))!.MemberCount);
        var member = Assert.Single((await groups.ListMembersAsync(Admin, sales.Id, 0, 10)).Items);
        Assert.Equal("sales", member.GroupTag);
    }

    [Fact]
    public async Task ChangingTheRuleReevaluatesEveryDevice()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await TestDevices.RegisterAsync(database, 4, "Sales", firstSeed: 830);
        await TestDevices.RegisterAsync(database, 3, "Lab", firstSeed: 840);
        var groups = database.Get<GroupService>();
        var group = await groups.CreateAsync(Admin, "Tagged", null, GroupMembershipType.Dynamic, SalesRule);

        var result = await groups.ChangeRuleAsync(Admin, group.Id, "(device.devicePhysicalIds -any (_ -startsWith \"[OrderId]:\"))");

        Assert.Equal((7, 3, 0, 7), (result.Scanned, result.Added, result.Removed, result.MemberCount));
        await using var db = await database.CreateDbContextAsync();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.GroupRuleChanged);
        Assert.Equal(SalesRule, entry.OldValue);
    }

    [Fact]
    public async Task ABadRuleIsRefusedWithItsPositionAndNothingIsCreated()
    {
        await using var database = await PortalTestDatabase.CreateAsync();

        var error = await Assert.ThrowsAsync<GroupException>(() =>
            database.Get<GroupService>().CreateAsync(Admin, "Broken", null, GroupMembershipType.Dynamic, "(device.devicePhysicalIds -any (_ -eq \"[OrderId]:Sales\")"));

        Assert.Equal("MembershipRule", error.Field);
        Assert.NotNull(error.RuleError);
        Assert.Contains("Column", error.Message, StringComparison.Ordinal);
        await using var db = await database.CreateDbContextAsync();
        Assert.False(await db.Groups.AnyAsync());
    }

    [Fact]
    public async Task AnAssignedGroupTakesMembersByHandAndADynamicOneRefusesThem()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await TestDevices.RegisterAsync(database, 2, null, firstSeed: 850);
        await using var db = await database.CreateDbContextAsync();
        var objects = await db.DirectoryDevices.Select(d => d.Id).ToListAsync();
        var groups = database.Get<GroupService>();
        var pilot = await groups.CreateAsync(Admin, "Pilot", "Hand-picked", GroupMembershipType.Assigned, null);
        var dynamic = await groups.CreateAsync(Admin, "All Autopilot", null, GroupMembershipType.Dynamic, "(device.devicePhysicalIDs -any (_ -contains \"[ZTDID]\"))");

        var added = await groups.AddMembersAsync(Admin, pilot.Id, objects);
        var again = await groups.AddMembersAsync(Admin, pilot.Id, objects[..1]);
        var removed = await groups.RemoveMembersAsync(Admin, pilot.Id, objects[..1]);
        var refused = await Assert.ThrowsAsync<GroupException>(() => groups.AddMembersAsync(Admin, dynamic.Id, objects));

        Assert.Equal((2, 0, 1), (added, again, removed));
        Assert.Equal(1, (await groups.GetAsync(Admin, pilot.Id))!.MemberCount);
        Assert.Equal(2, (await groups.GetAsync(Admin, dynamic.Id))!.MemberCount);
        Assert.Contains("dynamic group", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HelpDeskMayReadGroupsButNotChangeThem()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var helpDesk = PortalCaller.WithRoles("hal", PortalRole.HelpDesk);
        var groups = database.Get<GroupService>();

        var list = await groups.ListAsync(helpDesk, null, 0, 10);
        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => groups.CreateAsync(helpDesk, "Mine", null, GroupMembershipType.Assigned, null));

        Assert.Empty(list.Items);
        Assert.Equal(PortalPermission.ManageGroupsAndProfiles, refused.Permission);
    }

    [Fact]
    public async Task ADeletedEntraObjectLeavesItsGroupsAndTheCountsFollow()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await TestDevices.RegisterAsync(database, 3, "Sales", firstSeed: 880);
        var group = await database.Get<GroupService>().CreateAsync(Admin, "Sales", null, GroupMembershipType.Dynamic, SalesRule);
        await using var db = await database.CreateDbContextAsync();
        var victim = await db.DirectoryDevices.OrderBy(d => d.DisplayName).FirstAsync();

        db.DirectoryDevices.Remove(victim);
        await db.SaveChangesAsync();

        Assert.Equal(2, (await database.Get<GroupService>().GetAsync(Admin, group.Id))!.MemberCount);
        Assert.False(await db.GroupMembers.AnyAsync(m => m.DeviceObjectId == victim.Id));
        Assert.Equal(2, (await database.Get<GroupService>().ListMembersAsync(Admin, group.Id, 0, 10)).Items.Count);
    }

    [Fact]
    public async Task PreviewCountsMatchesWithoutWritingAnything()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await TestDevices.RegisterAsync(database, 3, "Sales", firstSeed: 860);
        await TestDevices.RegisterAsync(database, 2, "Lab", firstSeed: 870);

        var preview = await database.Get<GroupService>().PreviewRuleAsync(Admin, GroupService.ValidateRule(SalesRule), sample: 2);

        Assert.Equal((5, 3, 0, 2), (preview.Scanned, preview.Matched, preview.TimedOut, preview.Sample.Count));
        await using var db = await database.CreateDbContextAsync();
        Assert.False(await db.GroupMembers.AnyAsync());
    }

}

public class GroupProfileFlowTests
{
    private static readonly PortalCaller Admin = PortalCaller.WithRoles("ada@contoso.com", PortalRole.Admin);

    [Fact]
    public async Task TaggingADeviceSalesPutsItInTheSalesGroupAndGivesItTheProfileAssignedThere()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var rows = new[] { TestDevices.Prepare(TestDevices.Hash(seed: 901), line: 2, groupTag: "Lab") };
        var id = Assert.Single(await database.Get<DeviceRegistrationService>().RegisterAsync(TestTenant.Id, rows, dryRun: false)).AutopilotDeviceId!.Value;
        var group = await database.Get<GroupService>().CreateAsync(Admin, "Sales", null, GroupMembershipType.Dynamic, "(device.devicePhysicalIds -any (_ -eq \"[OrderId]:Sales\"))");
        var profiles = database.Get<Core.Profiles.ProfileService>();
        var profile = await profiles.CreateAsync(Admin, new Core.Profiles.ProfileSettings { DisplayName = "Sales laptops" });
        await profiles.AssignAsync(Admin, profile.Id, group.Id, Core.Profiles.AssignmentKind.Include);
        Assert.Null((await database.Get<DeviceService>().GetDetailsAsync(Admin, id))!.Device.DeploymentProfileName);

        await database.Get<DeviceEditService>().UpdateGroupTagAsync(Admin, [id], "Sales");

        var device = (await database.Get<DeviceService>().GetDetailsAsync(Admin, id))!.Device;
        Assert.Equal("Sales laptops", device.DeploymentProfileName);
        Assert.Equal(Core.Intune.ProfileAssignmentStatus.Pending, device.ProfileStatus);
        Assert.Equal(database.Clock.GetUtcNow().UtcDateTime, device.ProfileAssignedDateTime);

        await database.Get<DeviceEditService>().UpdateGroupTagAsync(Admin, [id], "Lab");

        device = (await database.Get<DeviceService>().GetDetailsAsync(Admin, id))!.Device;
        Assert.Null(device.DeploymentProfileName);
        Assert.Equal(Core.Intune.ProfileAssignmentStatus.NotAssigned, device.ProfileStatus);
    }

    [Fact]
    public async Task AnImportedDeviceJoinsTheDynamicGroupAndGetsItsProfileInTheSameTransaction()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var group = await database.Get<GroupService>().CreateAsync(Admin, "Sales", null, GroupMembershipType.Dynamic, "(device.devicePhysicalIds -any (_ -eq \"[OrderId]:Sales\"))");
        var profiles = database.Get<Core.Profiles.ProfileService>();
        var profile = await profiles.CreateAsync(Admin, new Core.Profiles.ProfileSettings { DisplayName = "Sales laptops" });
        await profiles.AssignAsync(Admin, profile.Id, group.Id, Core.Profiles.AssignmentKind.Include);

        var job = await database.Get<Core.Import.ImportService>().ImportAsync(Admin,
            TestDevices.Csv(("S-1", TestDevices.Hash(911), "Sales"), ("S-2", TestDevices.Hash(912), "Lab"), ("S-3", TestDevices.Hash(913), "Sales")), "mixed.csv");

        Assert.Equal(3, job.Registered);
        Assert.Equal(2, (await database.Get<GroupService>().GetAsync(Admin, group.Id))!.MemberCount);
        await using var db = await database.CreateDbContextAsync();
        var assigned = await db.AutopilotDevices.Where(d => d.DeploymentProfileName == "Sales laptops").Select(d => d.GroupTag).ToListAsync();
        Assert.Equal(["Sales", "Sales"], assigned);
        Assert.Equal(Core.Intune.ProfileAssignmentStatus.NotAssigned, await db.AutopilotDevices.Where(d => d.GroupTag == "Lab").Select(d => d.ProfileStatus).SingleAsync());
    }

    [Fact]
    public async Task AGroupWithAProfileAssignedCannotBeDeleted()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var group = await database.Get<GroupService>().CreateAsync(Admin, "Kiosks", null, GroupMembershipType.Assigned, null);
        var profiles = database.Get<Core.Profiles.ProfileService>();
        var profile = await profiles.CreateAsync(Admin, new Core.Profiles.ProfileSettings { DisplayName = "Kiosk" });
        await profiles.AssignAsync(Admin, profile.Id, group.Id, Core.Profiles.AssignmentKind.Include);

        var error = await Assert.ThrowsAsync<GroupException>(() => database.Get<GroupService>().DeleteAsync(Admin, group.Id));

        Assert.Equal("'Kiosks' cannot be deleted: the deployment profiles 'Kiosk' are assigned to it. Remove those assignments first.", error.Message);
        Assert.NotNull(await database.Get<GroupService>().GetAsync(Admin, group.Id));
    }
}
