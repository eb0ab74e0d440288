using AutopilotPortal.Core;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Groups;
using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Sync;
using AutopilotPortal.Tests.Shared;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.E2E.Tests.Infrastructure;

/// <summary>
/// The service library over a running host's database, from the test process: to arrange devices
/// and to read what the host wrote. It runs no background services (the host does).
/// </summary>
public sealed class PortalDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private PortalDatabase(ServiceProvider services)
    {
        _services = services;
    }

    /// <summary>Opens the database of a host that acts for <see cref="TestTenant.Id"/>; the host has started on it.</summary>
    internal static PortalDatabase Open(TestDatabase database)
    {
        var settings = new Dictionary<string, string?>(database.Settings);
        if (!TestDatabase.OnPostgres)
        {
            // The host writes to the same file: wait for its writes rather than fail.
            settings["Database:ConnectionString"] += ";Default Timeout=30";
        }

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings)
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Sync:Enabled"] = "false",
                ["Decommission:Enabled"] = "false",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddPortalCore();
        return new PortalDatabase(services.BuildServiceProvider());
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public Task<PortalDbContext> CreateDbContextAsync() => Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    /// <summary>Registers a synthetic device through the real registration path; returns its Intune id and serial.</summary>
    public async Task<(Guid Id, string Serial)> RegisterAsync(int seed, string? groupTag = null)
    {
        var hash = HardwareHashBuilder.Synthetic(new Random(seed)).Build();
        var row = RegistrationValidator.Prepare(new RegistrationRequest(2, null, null, hash, groupTag));
        var outcome = (await Get<DeviceRegistrationService>().RegisterAsync(TestTenant.Id, [row], dryRun: false))[0];
        if (outcome.Error is { } error)
        {
            throw new InvalidOperationException($"Arranging device {seed} failed: {error.Label}: {error.Message}");
        }

        return (outcome.AutopilotDeviceId!.Value, outcome.SerialNumber!);
    }

    /// <summary>
    /// Gets a device with this group tag ready to deploy, as an administrator would: a dynamic group on the tag, a
    /// user-driven profile named <paramref name="profileName"/> (name template <paramref name="nameTemplate"/>)
    /// assigned to it, and a sync that delivers the profile. The sync is the scheduled kind, so it does not hold
    /// back the manual syncs other tests make through the Sync button.
    /// </summary>
    public async Task PrepareUserDrivenDeploymentAsync(string groupTag, string profileName, string nameTemplate)
    {
        var group = await Get<GroupService>().CreateAsync(PortalCaller.System, profileName + " devices", null, GroupMembershipType.Dynamic,
            $"(device.devicePhysicalIds -any (_ -eq \"[OrderId]:{groupTag}\"))");
        var profile = await Get<ProfileService>().CreateAsync(PortalCaller.System, new ProfileSettings { DisplayName = profileName, DeviceNameTemplate = nameTemplate });
        await Get<ProfileService>().AssignAsync(PortalCaller.System, profile.Id, group.Id, AssignmentKind.Include);
        if (await Get<SyncService>().SyncAsync(SyncTrigger.Automatic) is null)
        {
            throw new InvalidOperationException("The sync that delivers the profile did not run: another sync held the lease.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}
