using AutopilotPortal.Core.Simulation;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Groups;
using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Sync;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Tests.Support;

/// <summary>
/// Enrolls a registered device the way the portal does: an assigned group with the device in it, a
/// user-driven profile assigned to that group, the sync that delivers it, and a simulated deployment.
/// </summary>
internal static class TestEnrollment
{
    /// <summary>Enrolls the device; returns its Intune managed-device record's id.</summary>
    public static async Task<Guid> EnrollAsync(PortalTestDatabase database, Guid autopilotDeviceId)
    {
        Guid objectId;
        await using (var db = await database.CreateDbContextAsync())
        {
            objectId = await db.AutopilotDevices.Where(d => d.Id == autopilotDeviceId).Select(d => d.DirectoryObjectId!.Value).SingleAsync();
        }

        var name = $"Enroll {Guid.NewGuid():N}";
        var group = await database.Get<GroupService>().CreateAsync(PortalCaller.System, name, null, GroupMembershipType.Assigned, null);
        await database.Get<GroupService>().AddMembersAsync(PortalCaller.System, group.Id, [objectId]);
        var profile = await database.Get<ProfileService>().CreateAsync(PortalCaller.System, new ProfileSettings { DisplayName = name });
        await database.Get<ProfileService>().AssignAsync(PortalCaller.System, profile.Id, group.Id, AssignmentKind.Include);
        await database.Get<SyncService>().SyncAsync(SyncTrigger.Automatic);
        var run = await database.Get<DeploymentSimulator>().SimulateAsync(PortalCaller.System, autopilotDeviceId);
        return run.Result == DeploymentResult.Succeeded
            ? run.ManagedDeviceId!.Value
            : throw new InvalidOperationException($"The device did not enroll: {run.FailureReason}");
    }
}
