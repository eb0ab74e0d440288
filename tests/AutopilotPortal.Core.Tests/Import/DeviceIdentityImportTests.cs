using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tests.Support;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Tests.Import;

/// <summary>Hashes uploaded through the API go the CSV's registration path and record how it ended.</summary>
public class DeviceIdentityImportTests
{
    private static readonly PortalCaller Admin = PortalCaller.WithRoles("graph-script", PortalRole.Admin);

    [Fact]
    public async Task EachUploadEndsCompleteWithItsDeviceOrErrorWithTheRegistrationsCode()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var imports = database.Get<DeviceIdentityImportService>();
        var hash = TestDevices.Hash(seed: 960);

        var records = await imports.ImportAsync(Admin, [new(null, null, hash, "Sales", null), new(null, null, hash, null, null), new("X1", null, "not-a-hash", null, null)]);

        Assert.Equal(ImportedDeviceStatus.Complete, records[0].Status);
        Assert.NotNull(records[0].DeviceRegistrationId);
        Assert.Equal((ImportedDeviceStatus.Error, 0, "ZtdDeviceDuplicated"), (records[1].Status, records[1].ErrorCode, records[1].ErrorName));
        Assert.Equal((ImportedDeviceStatus.Error, 802), (records[2].Status, records[2].ErrorCode));
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(3, await db.ImportedDeviceIdentities.CountAsync(r => r.ImportId == records[0].ImportId && r.Status != ImportedDeviceStatus.Unknown));
        Assert.Equal("Sales", (await db.AutopilotDevices.SingleAsync(d => d.Id == records[0].DeviceRegistrationId)).GroupTag);
    }

    [Fact]
    public async Task AnUploadIsRecordedAsComingThroughTheApi()
    {
        await using var database = await PortalTestDatabase.CreateAsync();

        var record = Assert.Single(await database.Get<DeviceIdentityImportService>().ImportAsync(Admin, [new(null, null, TestDevices.Hash(seed: 962), null, null)]));

        await using var db = await database.CreateDbContextAsync();
        var device = await db.AutopilotDevices.SingleAsync(d => d.Id == record.DeviceRegistrationId);
        var registration = await db.Registrations.SingleAsync(r => r.Ztdid == device.Ztdid);
        Assert.Equal(Core.Registration.RegistrationSource.Api, registration.Source);
    }

    [Fact]
    public async Task WhatIsWrittenAlongsideTheRegistrationsCommitsWithThemOrNeitherDoes()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var registration = database.Get<Core.Registration.DeviceRegistrationService>();
        var decision = await registration.DecideAsync(TestTenant.Id, [TestDevices.Prepare(TestDevices.Hash(seed: 963))]);

        await Assert.ThrowsAsync<FormatException>(() => registration.CommitAsync(decision, Core.Registration.RegistrationWrite.Api,
            (_, outcomes, _) => outcomes[0].Succeeded ? throw new FormatException("the record could not be written") : Task.CompletedTask));

        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(0, await db.Registrations.CountAsync());
        Assert.Equal(0, await db.AutopilotDevices.CountAsync());
    }

    [Fact]
    public async Task ABatchOverTheLimitIsRefusedWholeAndARecordCanBeDeleted()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var imports = database.Get<DeviceIdentityImportService>();
        var tooMany = Enumerable.Repeat(new ImportedDeviceRequest(null, null, "x", null, null), DeviceIdentityImportService.MaxBatch + 1).ToList();

        await Assert.ThrowsAsync<ImportedDeviceException>(() => imports.ImportAsync(Admin, tooMany));
        var record = Assert.Single(await imports.ImportAsync(Admin, [new(null, null, TestDevices.Hash(seed: 961), null, null)]));

        Assert.True(await imports.DeleteAsync(Admin, record.Id));
        Assert.Null(await imports.GetAsync(Admin, record.Id));
        Assert.False(await imports.DeleteAsync(Admin, record.Id));
        await Assert.ThrowsAsync<AccessDeniedException>(() => imports.ImportAsync(PortalCaller.WithRoles("rita", PortalRole.Reader), [new(null, null, "x", null, null)]));
    }
}
