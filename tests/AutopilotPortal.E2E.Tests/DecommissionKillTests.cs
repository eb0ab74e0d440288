using System.Reflection;
using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Decommissioning;
using AutopilotPortal.Core.Simulation;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Groups;
using AutopilotPortal.Core.Security;
using AutopilotPortal.E2E.Tests.Infrastructure;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.E2E.Tests;

/// <summary>
/// The real host process is killed (its process tree, no shutdown) between every pair of decommission
/// steps, then started again on the same database: the decommission must complete, in order, with
/// nothing removed before its step and nothing left behind.
/// </summary>
[Collection(DecommissionKillCollection.Name)]
public sealed class DecommissionKillTests : IAsyncLifetime
{
    private const string HaltMarker = "DECOMMISSION-HALTED-AFTER-STEP";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private static readonly PortalCaller Admin = PortalCaller.WithRoles("ada@contoso.com", PortalRole.Admin);

    private readonly TestDatabase _database = TestDatabase.Create();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task AHostKilledAfterAnyStepResumesTheDecommissionInOrderAndLeavesNothingBehind(int killedAfterStep)
    {
        // Arrange: the host starts on the test database; the test registers two devices into it, enrolls one and
        // puts both in a dynamic group.
        var halted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = await StartHostAsync(killedAfterStep, line =>
        {
            if (line.Contains($"{HaltMarker} {killedAfterStep} ", StringComparison.Ordinal))
            {
                halted.TrySetResult();
            }
        });
        await using var database = PortalDatabase.Open(_database);
        var group = await database.Get<GroupService>().CreateAsync(PortalCaller.System, "Kill test", null, GroupMembershipType.Dynamic,
            "(device.devicePhysicalIds -any (_ -eq \"[OrderId]:KillTest\"))");
        var (target, serial) = await database.RegisterAsync(seed: 9000 + killedAfterStep, groupTag: "KillTest");
        var (bystander, bystanderSerial) = await database.RegisterAsync(seed: 9100 + killedAfterStep, groupTag: "KillTest");
        await database.PrepareUserDrivenDeploymentAsync("KillTest", "Kill test profile", "KIL-%SERIAL%");
        var deployed = await database.Get<DeploymentSimulator>().SimulateAsync(PortalCaller.System, target);
        Assert.True(deployed.Result == DeploymentResult.Succeeded, $"The target did not enroll: {deployed.FailureReason}");
        var before = await SnapshotAsync(database, target);

        // Act 1: request the decommission (the host's worker polls for it) and kill the host when it halts after the step.
        var id = (await database.Get<DecommissionService>().StartAsync(Admin, [target], DecommissionKind.Full))[0];
        await halted.Task.WaitAsync(Timeout);
        await first.DisposeAsync();

        // Exactly the steps up to the kill are done, and nothing after them is removed.
        await using (var db = await database.CreateDbContextAsync())
        {
            var steps = await db.DecommissionSteps.AsNoTracking().Where(s => s.DecommissionId == id).OrderBy(s => s.Order).ToListAsync();
            Assert.Equal(Enumerable.Range(1, 3).Select(n => n <= killedAfterStep ? DecommissionStepState.Completed : DecommissionStepState.Pending), steps.Select(s => s.State));
            Assert.Equal(DecommissionState.Running, (await db.Decommissions.AsNoTracking().SingleAsync(d => d.Id == id)).State);
            Assert.Equal(killedAfterStep < 1, await db.ManagedDevices.AnyAsync(m => m.Id == before.ManagedDeviceId));
            Assert.Equal(killedAfterStep < 2, await db.Registrations.AnyAsync(r => r.Id == before.RegistrationId));
            Assert.Equal(killedAfterStep < 2, await db.AutopilotDevices.AnyAsync(a => a.Id == target));
            Assert.True(await db.DirectoryDevices.AnyAsync(o => o.Id == before.DirectoryObjectId));
            Assert.Equal(killedAfterStep, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.DecommissionStepCompleted && e.TargetId == target.ToString()));
        }

        // Act 2: start again without the hook; the worker resumes on start-up once the dead instance's lease lapses.
        await using (await StartHostAsync(haltAfterStep: null, onLine: null))
        {
            await WaitUntilAsync(async () =>
            {
                await using var db = await database.CreateDbContextAsync();
                return await db.Decommissions.AsNoTracking().AnyAsync(d => d.Id == id && (d.State == DecommissionState.Completed || d.State == DecommissionState.Failed));
            });
        }

        await using (var db = await database.CreateDbContextAsync())
        {
            var decommission = await db.Decommissions.AsNoTracking().Include(d => d.Steps).SingleAsync(d => d.Id == id);
            Assert.Equal(DecommissionState.Completed, decommission.State);
            Assert.Equal(2, decommission.Attempts);
            var steps = decommission.Steps.OrderBy(s => s.Order).ToList();
            Assert.All(steps, s => Assert.Equal(DecommissionStepState.Completed, s.State));
            var times = steps.Select(s => s.CompletedAt!.Value).ToList();
            Assert.Equal(times.Order(), times);

            // Each step ran once, in order, each with its audit entry.
            var audited = await db.AuditEntries.AsNoTracking()
                .Where(e => e.Action == AuditActions.DecommissionStepCompleted && e.TargetId == target.ToString())
                .OrderBy(e => e.Id).Select(e => e.Details!).ToListAsync();
            Assert.Collection(audited,
                d => Assert.StartsWith("Step 1 of 3, Intune managed-device record: Removed 1", d, StringComparison.Ordinal),
                d => Assert.StartsWith("Step 2 of 3, Autopilot registration: Removed the registration", d, StringComparison.Ordinal),
                d => Assert.StartsWith("Step 3 of 3, Entra device object: Deleted", d, StringComparison.Ordinal));

            // Nothing of the device is left, and its neighbour is untouched.
            Assert.False(await db.ManagedDevices.AnyAsync(m => m.SerialNumber == serial));
            Assert.False(await db.Registrations.AnyAsync(r => r.Id == before.RegistrationId));
            Assert.False(await db.AutopilotDevices.AnyAsync(a => a.Id == target));
            Assert.False(await db.DirectoryDevices.AnyAsync(o => o.Id == before.DirectoryObjectId || o.Ztdid == before.Ztdid));
            Assert.True(await db.AutopilotDevices.AnyAsync(a => a.Id == bystander));
            Assert.Equal(1, await db.AutopilotDevices.CountAsync(a => a.TenantId == TestTenant.Id));
            Assert.Equal(1, (await db.DeviceCounts.AsNoTracking().SingleAsync(c => c.TenantId == TestTenant.Id)).Count);
            Assert.Equal(1, (await db.Groups.AsNoTracking().SingleAsync(g => g.Id == group.Id)).MemberCount);
            Assert.Equal(1, await db.GroupMembers.CountAsync(m => m.GroupId == group.Id));
        }

        // The serial search index follows: the device is gone from it, its neighbour is found.
        var devices = database.Get<DeviceService>();
        Assert.Empty((await devices.ListAsync(Admin, new DeviceListQuery(serial, SerialMatch.Contains))).Items);
        Assert.Single((await devices.ListAsync(Admin, new DeviceListQuery(bystanderSerial, SerialMatch.Contains))).Items);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }

    private Task<HostProcess> StartHostAsync(int? haltAfterStep, Action<string>? onLine)
    {
        var configuration = typeof(DecommissionKillTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var settings = new List<string>
        {
            // The hook is ignored in Production.
            "--environment", "KillTest",
            "--Accounts:InitialAdminUserName", PortalHost.AdminUserName, "--Accounts:InitialAdminPassword", PortalHost.AdminPassword,
            "--Sync:Enabled", "false",
            "--Partner:OemCatalogSize", "0",
            "--Decommission:PollInterval", "00:00:00.200",
            "--Decommission:LeaseDuration", "00:00:02",
        };
        settings.AddRange(_database.HostArguments(sqliteTimeoutSeconds: 30));
        if (haltAfterStep is { } step)
        {
            settings.AddRange(["--TestHooks:DecommissionHaltAfterStep", step.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }

        return HostProcess.StartAsync(configuration, settings, Timeout, new Dictionary<string, string> { ["TMPDIR"] = _database.Folder }, onLine);
    }

    private static async Task<Before> SnapshotAsync(PortalDatabase database, Guid deviceId)
    {
        await using var db = await database.CreateDbContextAsync();
        var device = await db.AutopilotDevices.AsNoTracking().SingleAsync(a => a.Id == deviceId);
        return new Before(device.RegistrationId, device.Ztdid, device.ManagedDeviceId!.Value, device.DirectoryObjectId!.Value);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (!await condition())
        {
            await Task.Delay(200, timeout.Token);
        }
    }

    private sealed record Before(Guid RegistrationId, Guid Ztdid, Guid ManagedDeviceId, Guid DirectoryObjectId);
}

/// <summary>The kill tests start and kill their own hosts.</summary>
[CollectionDefinition(Name)]
public sealed class DecommissionKillCollection
{
    public const string Name = "Decommission kill";
}
