using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tests.Support;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Tests.Profiles;

/// <summary>Registered devices, groups with members, and profiles for the profile tests.</summary>
internal static class ProfileTestData
{
    public static readonly PortalCaller Admin = PortalCaller.WithRoles("ada@contoso.com", PortalRole.Admin);

    /// <summary>Registers devices; returns (Autopilot device id, directory object id) pairs, by seed.</summary>
    public static async Task<IReadOnlyList<(Guid DeviceId, Guid ObjectId)>> RegisterAsync(PortalTestDatabase database, int count, int firstSeed = 900)
    {
        var rows = Enumerable.Range(0, count).Select(n => TestDevices.Prepare(TestDevices.Hash(seed: firstSeed + n), line: n + 2)).ToList();
        var outcomes = await database.Get<DeviceRegistrationService>().RegisterAsync(TestTenant.Id, rows, dryRun: false);
        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Error?.Message));
        var ids = outcomes.Select(o => o.AutopilotDeviceId!.Value).ToList();
        await using var db = await database.CreateDbContextAsync();
        var objects = await db.AutopilotDevices.Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.DirectoryObjectId!.Value);
        return ids.Select(id => (id, objects[id])).ToList();
    }

    /// <summary>Adds an assigned group with these members, written directly (also for another tenant, which GroupService does not serve); the member-count trigger keeps its count.</summary>
    public static async Task<Guid> AddGroupAsync(PortalTestDatabase database, string name, IEnumerable<Guid> memberObjectIds, Guid? tenantId = null)
    {
        await using var db = await database.CreateDbContextAsync();
        var now = database.Clock.GetUtcNow().UtcDateTime;
        var members = memberObjectIds.ToList();
        var group = new DirectoryGroup { Id = Guid.NewGuid(), TenantId = tenantId ?? TestTenant.Id, DisplayName = name, CreatedAt = now, UpdatedAt = now };
        db.Groups.Add(group);
        db.GroupMembers.AddRange(members.Select(m => new DirectoryGroupMember { GroupId = group.Id, DeviceObjectId = m, AddedAt = now }));
        await db.SaveChangesAsync();
        return group.Id;
    }

    /// <summary>Creates a profile through the service, then moves the clock on a minute so that creation order is unambiguous.</summary>
    public static async Task<DeploymentProfile> CreateProfileAsync(PortalTestDatabase database, string name, ProfileSettings? settings = null)
    {
        var profile = await database.Get<ProfileService>().CreateAsync(Admin, (settings ?? new ProfileSettings()) with { DisplayName = name });
        database.Clock.Advance(TimeSpan.FromMinutes(1));
        return profile;
    }

    public static async Task<T> QueryAsync<T>(PortalTestDatabase database, Func<PortalDbContext, Task<T>> query)
    {
        await using var db = await database.CreateDbContextAsync();
        return await query(db);
    }
}
