using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Sync;
using AutopilotPortal.Tests.Shared;
using AutopilotPortal.Web.Features.Devices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Features.Profiles;

public sealed class DevicePaneProfileTests : PortalComponentTest
{
    [Fact]
    public async Task ThePaneShowsTheIntendedProfileItsStatusAndWhenItWasAssignedAndTheAssignedProfileOnceSynced()
    {
        var device = (await SeedDevicesAsync(1, firstSeed: 41)).Single();
        var profiles = Services.GetRequiredService<ProfileService>();
        var profile = await profiles.CreateAsync(Caller, new ProfileSettings { DisplayName = "Sales laptops" });
        var group = await QueryAsync(async db =>
        {
            var objectId = await db.AutopilotDevices.Where(d => d.Id == device.Id).Select(d => d.DirectoryObjectId!.Value).SingleAsync();
            var g = new DirectoryGroup { Id = Guid.NewGuid(), TenantId = TestTenant.Id, DisplayName = "Sales", MemberCount = 1 };
            db.Groups.Add(g);
            db.GroupMembers.Add(new DirectoryGroupMember { GroupId = g.Id, DeviceObjectId = objectId });
            await db.SaveChangesAsync();
            return g.Id;
        });
        await profiles.AssignAsync(Caller, profile.Id, group, AssignmentKind.Include);
        var assignedAt = await QueryAsync(db => db.AutopilotDevices.Where(d => d.Id == device.Id).Select(d => d.ProfileAssignedDateTime).SingleAsync());
        RenderProviders();

        var cut = Render<DeviceDetailsPane>(p => p.Add(x => x.DeviceId, device.Id));

        cut.WaitForElement("[data-testid=prop-profile]", Wait);
        Assert.Equal("Sales laptops", cut.Find("[data-testid=prop-profile]").TextContent.Trim());
        Assert.Equal("Pending", cut.Find("[data-testid=prop-profile-status]").TextContent.Trim());
        var viewer = Services.GetRequiredService<Shared.ViewerClock>();
        Assert.Equal($"{viewer.Format(assignedAt)} · {viewer.Relative(assignedAt!.Value)}", cut.Find("[data-testid=prop-profile-assigned] time").TextContent.Trim());
        Assert.NotNull(assignedAt);
        Assert.Equal("—", cut.Find("[data-testid=prop-assigned-profile]").TextContent.Trim());

        await Services.GetRequiredService<SyncService>().SyncAsync(SyncTrigger.Manual);
        var synced = Render<DeviceDetailsPane>(p => p.Add(x => x.DeviceId, device.Id));

        synced.WaitForElement("[data-testid=prop-assigned-profile]", Wait);
        Assert.Equal("Sales laptops", synced.Find("[data-testid=prop-assigned-profile]").TextContent.Trim());
        Assert.Equal("Sales laptops", synced.Find("[data-testid=prop-profile]").TextContent.Trim());
        Assert.Equal(Shared.Display.ProfileStatus(ProfileAssignmentStatus.AssignedInSync), synced.Find("[data-testid=prop-profile-status]").TextContent.Trim());
        Assert.Equal("Intended profile", synced.Find("[data-testid=prop-profile]").PreviousElementSibling?.TextContent.Trim());
    }
}
