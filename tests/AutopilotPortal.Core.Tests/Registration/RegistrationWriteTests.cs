using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Tests.Support;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Core.Tests.Registration;

public class RegistrationWriteTests
{
    [Fact]
    public async Task SuccessfulRegistrationCreatesRegistrationDisabledDirectoryObjectAndIntuneRow()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var row = TestDevices.Prepare(TestDevices.Hash(seed: 20), groupTag: "Kiosk-Berlin", user: "adele@contoso.com");
        var serial = row.Hardware!.SerialNumber;

        var outcome = Assert.Single(await database.Get<DeviceRegistrationService>().RegisterAsync(TestTenant.Id, [row], dryRun: false));

        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        await using var db = await database.CreateDbContextAsync();
        var registration = await db.Registrations.SingleAsync();
        Assert.NotEqual(Guid.Empty, registration.Ztdid);
        Assert.Equal(TestTenant.Id, registration.TenantId);
        Assert.Equal(serial, registration.SerialNumber);
        Assert.Equal("Kiosk-Berlin", registration.GroupTag);
        Assert.Equal(database.Clock.GetUtcNow().UtcDateTime, registration.RegisteredAt);

        var directory = await db.DirectoryDevices.SingleAsync();
        Assert.False(directory.AccountEnabled);
        Assert.Equal(serial, directory.DisplayName);
        Assert.Equal(TestTenant.Id, directory.TenantId);
        Assert.Equal(registration.Ztdid, directory.Ztdid);
        Assert.Contains($"[ZTDID]:{registration.Ztdid:D}", directory.PhysicalIds);
        Assert.Contains($"[HWID]:h:{row.Identity!.HardwareKey}", directory.PhysicalIds);
        Assert.Contains("[OrderId]:Kiosk-Berlin", directory.PhysicalIds);
        Assert.Matches(@"^\[HWID\]:h:\d+$", directory.PhysicalIds.Single(id => id.StartsWith("[HWID]", StringComparison.Ordinal)));

        var device = await db.AutopilotDevices.SingleAsync();
        Assert.Equal(outcome.AutopilotDeviceId, device.Id);
        Assert.Equal(registration.Id, device.RegistrationId);
        Assert.Equal(registration.Ztdid, device.Ztdid);
        Assert.Equal(directory.Id, device.DirectoryObjectId);
        Assert.Equal(directory.DeviceId, device.AzureActiveDirectoryDeviceId);
        Assert.Equal(serial, device.SerialNumber);
        Assert.Equal("Kiosk-Berlin", device.GroupTag);
        Assert.Equal("adele@contoso.com", device.UserPrincipalName);
    }

    [Fact]
    public async Task UntaggedRegistrationHasNoOrderIdPhysicalId()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var row = TestDevices.Prepare(TestDevices.Hash(seed: 21));

        await database.Get<DeviceRegistrationService>().RegisterAsync(TestTenant.Id, [row], dryRun: false);

        await using var db = await database.CreateDbContextAsync();
        var directory = await db.DirectoryDevices.SingleAsync();
        Assert.Equal(2, directory.PhysicalIds.Count);
        Assert.DoesNotContain(directory.PhysicalIds, id => id.StartsWith(PhysicalIds.OrderIdPrefix, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ExistingDirectoryObjectForSameHardwareIsStampedInsteadOfDuplicated(bool byImport)
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var row = TestDevices.Prepare(TestDevices.Hash(seed: 22), groupTag: "Hybrid");
        var hybrid = new DirectoryDevice
        {
            Id = Guid.NewGuid(),
            DeviceId = Guid.NewGuid(),
            TenantId = TestTenant.Id,
            DisplayName = "CONTOSO-PC0042",
            AccountEnabled = true,
            TrustType = DeviceTrustType.ServerAd,
            PhysicalIds = ["[USER-GID]:5d6e7f80-1a2b-4c3d-8e9f-0a1b2c3d4e5f:6825720393613451", "[GID]:g:6966190166573123"],
            HardwareKey = HardwareIdentity.From(row.Hardware!).HardwareKey,
            Ztdid = null,
            CreatedAt = new DateTime(2025, 6, 1, 0, 0, 0, DateTimeKind.Utc),
        };
        await using (var seed = await database.CreateDbContextAsync())
        {
            seed.DirectoryDevices.Add(hybrid);
            await seed.SaveChangesAsync();
        }

        if (byImport)
        {
            // An import's writer uses the objects its decision found, when nothing was committed since.
            using var csv = TestDevices.Csv((row.Hardware!.SerialNumber, TestDevices.Hash(seed: 22), "Hybrid"));
            var job = await database.Get<Core.Import.ImportService>().ImportAsync(Core.Security.PortalCaller.System, csv, "hybrid.csv");
            Assert.Equal(1, job.Registered);
        }
        else
        {
            var outcome = Assert.Single(await database.Get<DeviceRegistrationService>().RegisterAsync(TestTenant.Id, [row], dryRun: false));
            Assert.True(outcome.Succeeded, outcome.Error?.Message);
        }

        await using var db = await database.CreateDbContextAsync();
        var registration = await db.Registrations.SingleAsync();
        var directory = await db.DirectoryDevices.SingleAsync();
        Assert.Equal(hybrid.Id, directory.Id);
        Assert.Equal("CONTOSO-PC0042", directory.DisplayName);
        Assert.Equal(DeviceTrustType.ServerAd, directory.TrustType);
        Assert.Equal(registration.Ztdid, directory.Ztdid);
        Assert.Contains($"[ZTDID]:{registration.Ztdid:D}", directory.PhysicalIds);
        Assert.Contains($"[HWID]:h:{hybrid.HardwareKey}", directory.PhysicalIds);
        Assert.Contains("[OrderId]:Hybrid", directory.PhysicalIds);
        Assert.Contains("[GID]:g:6966190166573123", directory.PhysicalIds);
        var device = await db.AutopilotDevices.SingleAsync();
        Assert.Equal(hybrid.Id, device.DirectoryObjectId);
        Assert.Equal(hybrid.DeviceId, device.AzureActiveDirectoryDeviceId);
    }

    [Fact]
    public async Task StorageFailureOnOneRowGives640ForItAndRegistersTheRowsAroundIt()
    {
        var before = TestDevices.Prepare(TestDevices.Hash(seed: 30, serial: "BEFORE0001"), line: 2, groupTag: "Batch");
        var bad = TestDevices.Prepare(TestDevices.Hash(seed: 31, serial: "BROKEN0002"), line: 3, groupTag: "Batch");
        var after = TestDevices.Prepare(TestDevices.Hash(seed: 32, serial: "AFTER00003"), line: 4, groupTag: "Batch");
        await using var database = await PortalTestDatabase.CreateAsync();
        await using (var setup = await database.CreateDbContextAsync())
        {
            await StorageFailure.FailIntuneRowForAsync(setup, "BROKEN0002");
        }

        var outcomes = await database.Get<DeviceRegistrationService>().RegisterAsync(TestTenant.Id, [before, bad, after], dryRun: false);

        Assert.True(outcomes[0].Succeeded, outcomes[0].Error?.Message);
        Assert.True(outcomes[2].Succeeded, outcomes[2].Error?.Message);
        RegistrationAssert.Failed(outcomes[1], 640, "StorageError");
        Assert.Equal(3, outcomes[1].LineNumber);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(["AFTER00003", "BEFORE0001"], await db.Registrations.OrderBy(r => r.SerialNumber).Select(r => r.SerialNumber).ToListAsync());
        Assert.Equal(["AFTER00003", "BEFORE0001"], await db.DirectoryDevices.OrderBy(d => d.DisplayName).Select(d => d.DisplayName).ToListAsync());
        Assert.Equal(["AFTER00003", "BEFORE0001"], await db.AutopilotDevices.OrderBy(d => d.SerialNumber).Select(d => d.SerialNumber).ToListAsync());
        Assert.False(await db.Registrations.AnyAsync(r => r.SerialKey == "BROKEN0002"));
        Assert.False(await db.DirectoryDevices.AnyAsync(d => d.DisplayName == "BROKEN0002" || d.HardwareKey == bad.Identity!.HardwareKey));
        Assert.False(await db.AutopilotDevices.AnyAsync(d => d.SerialKey == "BROKEN0002"));
    }
}
