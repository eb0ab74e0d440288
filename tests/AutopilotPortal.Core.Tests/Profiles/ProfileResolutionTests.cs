using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static AutopilotPortal.Core.Tests.Profiles.ProfileTestData;

namespace AutopilotPortal.Core.Tests.Profiles;

public class ProfileResolutionTests
{
    [Fact]
    public async Task TheOldestProfileIncludingADeviceWinsUnlessOneOfItsGroupsIsExcluded()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var profiles = database.Get<ProfileService>();
        var devices = await RegisterAsync(database, 4);
        var (a, b, c, d) = (devices[0], devices[1], devices[2], devices[3]);
        var all = await AddGroupAsync(database, "All Autopilot devices", devices.Select(x => x.ObjectId));
        var sales = await AddGroupAsync(database, "Sales", [a.ObjectId, b.ObjectId]);
        var lab = await AddGroupAsync(database, "Lab", [b.ObjectId, c.ObjectId]);

        var older = await CreateProfileAsync(database, "Older: sales");
        var newer = await CreateProfileAsync(database, "Newer: everyone");

        // Assign the newer first: the order of assignments does not matter, the profiles' age does.
        await profiles.AssignAsync(Admin, newer.Id, all, AssignmentKind.Include);
        await profiles.AssignAsync(Admin, older.Id, sales, AssignmentKind.Include);
        await profiles.AssignAsync(Admin, older.Id, lab, AssignmentKind.Exclude);

        var rows = await DevicesAsync(database);
        Assert.Equal("Older: sales", rows[a.DeviceId].DeploymentProfileName);     // in sales, not in lab
        Assert.Equal("Newer: everyone", rows[b.DeviceId].DeploymentProfileName);  // in sales but excluded through lab
        Assert.Equal("Newer: everyone", rows[c.DeviceId].DeploymentProfileName);
        Assert.Equal("Newer: everyone", rows[d.DeviceId].DeploymentProfileName);
        Assert.Equal(older.Id, rows[a.DeviceId].DeploymentProfileId);
        Assert.All(rows.Values, r => Assert.Equal(ProfileAssignmentStatus.Pending, r.ProfileStatus));
        Assert.All(rows.Values, r => Assert.Equal(database.Clock.GetUtcNow().UtcDateTime, r.ProfileAssignedDateTime));
    }

    [Fact]
    public async Task ExcludingTheOnlyProfileLeavesTheDeviceNotAssigned()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var profiles = database.Get<ProfileService>();
        var devices = await RegisterAsync(database, 2);
        var all = await AddGroupAsync(database, "All", devices.Select(x => x.ObjectId));
        var quarantine = await AddGroupAsync(database, "Quarantine", [devices[1].ObjectId]);
        var profile = await CreateProfileAsync(database, "Standard");

        await profiles.AssignAsync(Admin, profile.Id, all, AssignmentKind.Include);
        await profiles.AssignAsync(Admin, profile.Id, quarantine, AssignmentKind.Exclude);

        var rows = await DevicesAsync(database);
        Assert.Equal(ProfileAssignmentStatus.Pending, rows[devices[0].DeviceId].ProfileStatus);
        var excluded = rows[devices[1].DeviceId];
        Assert.Equal((ProfileAssignmentStatus.NotAssigned, null, null, null),
            (excluded.ProfileStatus, excluded.DeploymentProfileId, excluded.DeploymentProfileName, excluded.ProfileAssignedDateTime));
    }

    [Fact]
    public async Task AnUnchangedProfileKeepsTheDevicesStatusAndDate()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var profiles = database.Get<ProfileService>();
        var devices = await RegisterAsync(database, 1);
        var all = await AddGroupAsync(database, "All", devices.Select(x => x.ObjectId));
        var other = await AddGroupAsync(database, "Also all", devices.Select(x => x.ObjectId));
        var profile = await CreateProfileAsync(database, "Standard");
        await profiles.AssignAsync(Admin, profile.Id, all, AssignmentKind.Include);
        var assignedAt = database.Clock.GetUtcNow().UtcDateTime;
        await using (var db = await database.CreateDbContextAsync())
        {
            // The sync moved it on.
            await db.AutopilotDevices.ExecuteUpdateAsync(s => s.SetProperty(d => d.ProfileStatus, ProfileAssignmentStatus.AssignedInSync));
        }

        database.Clock.Advance(TimeSpan.FromHours(1));
        await profiles.AssignAsync(Admin, profile.Id, other, AssignmentKind.Include);

        var row = (await DevicesAsync(database))[devices[0].DeviceId];
        Assert.Equal((ProfileAssignmentStatus.AssignedInSync, assignedAt), (row.ProfileStatus, row.ProfileAssignedDateTime));
    }

    [Fact]
    public async Task RecomputeForDevicesFollowsAMembershipChangeInsideTheCallersTransaction()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var profiles = database.Get<ProfileService>();
        var devices = await RegisterAsync(database, 2);
        var sales = await AddGroupAsync(database, "Sales", [devices[0].ObjectId]);
        var profile = await CreateProfileAsync(database, "Sales");
        await profiles.AssignAsync(Admin, profile.Id, sales, AssignmentKind.Include);

        // What the group-membership code does: change members, save, recompute, commit.
        await using (var db = await database.CreateDbContextAsync())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            db.GroupMembers.RemoveRange(db.GroupMembers.Where(m => m.DeviceObjectId == devices[0].ObjectId));
            db.GroupMembers.Add(new Entra.DirectoryGroupMember { GroupId = sales, DeviceObjectId = devices[1].ObjectId });
            await db.SaveChangesAsync();

            var changed = await database.Get<ProfileResolver>().RecomputeForDevicesAsync(db, [devices[0].ObjectId, devices[1].ObjectId]);

            Assert.Equal(2, changed);
            await tx.CommitAsync();
        }

        var rows = await DevicesAsync(database);
        Assert.Equal(ProfileAssignmentStatus.NotAssigned, rows[devices[0].DeviceId].ProfileStatus);
        Assert.Equal(("Sales", ProfileAssignmentStatus.Pending), (rows[devices[1].DeviceId].DeploymentProfileName, rows[devices[1].DeviceId].ProfileStatus));
    }

    [Fact]
    public async Task AGroupLargerThanOneChunkIsResolvedWhole()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var devices = await RegisterAsync(database, ProfileResolver.ChunkSize * 2 + 7);
        var all = await AddGroupAsync(database, "All", devices.Select(x => x.ObjectId));
        var profile = await CreateProfileAsync(database, "Everyone");

        await database.Get<ProfileService>().AssignAsync(Admin, profile.Id, all, AssignmentKind.Include);

        Assert.Equal(devices.Count, await QueryAsync(database, db => db.AutopilotDevices.CountAsync(d => d.DeploymentProfileId == profile.Id)));
        var page = await database.Get<ProfileService>().ListAssignedDevicesAsync(Admin, profile.Id, 1000, 25);
        Assert.Equal((devices.Count, 7), (page.TotalCount, page.Items.Count));
    }

    [Fact]
    public async Task ARenameReachesTheDevicesAtOnce()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var profiles = database.Get<ProfileService>();
        var devices = await RegisterAsync(database, 1);
        var all = await AddGroupAsync(database, "All", devices.Select(x => x.ObjectId));
        var profile = await CreateProfileAsync(database, "Old name");
        await profiles.AssignAsync(Admin, profile.Id, all, AssignmentKind.Include);

        await profiles.UpdateAsync(Admin, profile.Id, ProfileSettings.From(profile) with { DisplayName = "New name" });

        Assert.Equal("New name", (await DevicesAsync(database))[devices[0].DeviceId].DeploymentProfileName);
    }

    private static Task<Dictionary<Guid, AutopilotDevice>> DevicesAsync(PortalTestDatabase database) =>
        QueryAsync(database, db => db.AutopilotDevices.AsNoTracking().ToDictionaryAsync(d => d.Id));
}
