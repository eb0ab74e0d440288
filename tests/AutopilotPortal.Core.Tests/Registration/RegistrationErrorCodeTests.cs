using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Tests.Support;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Tests.Registration;

public class RegistrationErrorCodeTests
{
    [Fact]
    public async Task HashThatIsNotBase64Gets802()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var row = TestDevices.Prepare("this is not a hardware hash", serial: "PF5MT6SC");

        var outcome = await RegisterOneAsync(database, TestTenant.Id, row);

        RegistrationAssert.Failed(outcome, 802, "InvalidZtdHardwareHash");
        Assert.Equal(0, (await database.CountAsync()).Registrations);
    }

    [Fact]
    public async Task HashWithWrongChecksumGets802()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var row = TestDevices.Prepare(TestDevices.CorruptedHash(seed: 1));

        var outcome = await RegisterOneAsync(database, TestTenant.Id, row);

        RegistrationAssert.Failed(outcome, 802, "InvalidZtdHardwareHash");
        Assert.Contains("checksum", outcome.Error!.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, (await database.CountAsync()).Registrations);
    }

    [Fact]
    public async Task HashWithoutSerialNumberGets802()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var builder = TestDevices.Builder(seed: 2);
        builder.SerialNumber = null;
        var row = TestDevices.Prepare(builder.Build(), serial: "CSV-SERIAL");

        var outcome = await RegisterOneAsync(database, TestTenant.Id, row);

        RegistrationAssert.Failed(outcome, 802, "InvalidZtdHardwareHash");
        Assert.Contains("serial", outcome.Error!.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, (await database.CountAsync()).Registrations);
    }

    [Fact]
    public async Task EmptyHashColumnWithSerialNumberGets802()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var row = TestDevices.Prepare(hash: "", serial: "PF5MT6SC");

        var outcome = await RegisterOneAsync(database, TestTenant.Id, row);

        RegistrationAssert.Failed(outcome, 802, "InvalidZtdHardwareHash");
        Assert.Equal(0, (await database.CountAsync()).Registrations);
    }

    [Fact]
    public async Task NoHashNoSerialAndNoProductKeyGets803()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var row = TestDevices.Prepare(hash: " ", serial: "", productKey: null);

        var outcome = await RegisterOneAsync(database, TestTenant.Id, row);

        RegistrationAssert.Failed(outcome, 803, "MissingZtdSerialNumberAndProductKey");
        Assert.Equal(0, (await database.CountAsync()).Registrations);
    }

    [Fact]
    public async Task SameHardwareAlreadyInThisTenantGets806()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var hash = TestDevices.Hash(seed: 3);
        Assert.True((await RegisterOneAsync(database, TestTenant.Id, TestDevices.Prepare(hash))).Succeeded);

        var outcome = await RegisterOneAsync(database, TestTenant.Id, TestDevices.Prepare(hash));

        RegistrationAssert.Failed(outcome, 806, "ZtdDeviceAlreadyAssigned");
        Assert.Equal(1, (await database.CountAsync()).Registrations);
    }

    [Fact]
    public async Task RegeneratedHashOfSameHardwareGets806()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var builder = TestDevices.Builder(seed: 4);
        var firstHash = builder.Build();
        Assert.True((await RegisterOneAsync(database, TestTenant.Id, TestDevices.Prepare(firstHash))).Succeeded);
        builder.GeneratedAt = builder.GeneratedAt!.Value.AddDays(90);
        builder.OsBuild = new Version(10, 0, 26200, 7171);
        var regenerated = builder.Build();
        Assert.NotEqual(firstHash, regenerated);

        var outcome = await RegisterOneAsync(database, TestTenant.Id, TestDevices.Prepare(regenerated));

        RegistrationAssert.Failed(outcome, 806, "ZtdDeviceAlreadyAssigned");
        Assert.Equal(1, (await database.CountAsync()).Registrations);
    }

    [Fact]
    public async Task NewDiskOnSameHardwareGets806()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var builder = TestDevices.Builder(seed: 5);
        Assert.True((await RegisterOneAsync(database, TestTenant.Id, TestDevices.Prepare(builder.Build()))).Succeeded);
        builder.DiskSerial = "0025_3881_2150_9C44.|SAMSUNG MZVL21T0HCLR-00BL7|";

        var outcome = await RegisterOneAsync(database, TestTenant.Id, TestDevices.Prepare(builder.Build()));

        RegistrationAssert.Failed(outcome, 806, "ZtdDeviceAlreadyAssigned");
        Assert.Equal(1, (await database.CountAsync()).Registrations);
    }

    [Fact]
    public async Task NewMotherboardWithSameSerialRegistersAsNewDevice()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var builder = TestDevices.Builder(seed: 6);
        var first = await RegisterOneAsync(database, TestTenant.Id, TestDevices.Prepare(builder.Build()));
        Assert.True(first.Succeeded);
        builder.SmbiosUuid = Guid.NewGuid();
        builder.TpmEkPublicKey = Enumerable.Range(0, 256).Select(i => (byte)(255 - i)).ToArray();
        builder.OfflineDeviceId = Enumerable.Range(0, 42).Select(i => (byte)(i * 3)).ToArray();

        var outcome = await RegisterOneAsync(database, TestTenant.Id, TestDevices.Prepare(builder.Build()));

        Assert.True(outcome.Succeeded, outcome.Error?.Message);
        Assert.NotEqual(first.AutopilotDeviceId, outcome.AutopilotDeviceId);
        var counts = await database.CountAsync();
        Assert.Equal(2, counts.Registrations);
        Assert.Equal(2, counts.DirectoryDevices);
        Assert.Equal(2, counts.AutopilotDevices);
    }

    [Fact]
    public async Task HardwareRegisteredInOtherTenantGets808WithoutNamingThatTenant()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var hash = TestDevices.Hash(seed: 7);
        Assert.True((await RegisterOneAsync(database, DatabaseInitializer.OtherTenantId, TestDevices.Prepare(hash))).Succeeded);
        await using (var db = await database.CreateDbContextAsync())
        {
            var other = await db.Tenants.SingleAsync(t => t.Id == DatabaseInitializer.OtherTenantId);
            Assert.Equal("Another organization", other.DisplayName);
        }

        var outcome = await RegisterOneAsync(database, TestTenant.Id, TestDevices.Prepare(hash));

        RegistrationAssert.Failed(outcome, 808, "ZtdDeviceAssignedToOtherTenant");
        var message = outcome.Error!.Message;
        Assert.DoesNotContain("Another organization", message, StringComparison.Ordinal);
        Assert.DoesNotContain("fabrikam", message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(DatabaseInitializer.OtherTenantId.ToString("D"), message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(DatabaseInitializer.OtherTenantId.ToString("N"), message, StringComparison.OrdinalIgnoreCase);
        await using var check = await database.CreateDbContextAsync();
        Assert.Equal(0, await check.Registrations.CountAsync(r => r.TenantId == TestTenant.Id));
    }

    [Fact]
    public async Task HardwareMatchingTwoRegistrationsGets813()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var hash = TestDevices.Hash(seed: 8);
        var prepared = TestDevices.Prepare(hash);
        await using (var db = await database.CreateDbContextAsync())
        {
            db.Registrations.Add(RegistrationFor(prepared, TestTenant.Id));
            db.Registrations.Add(RegistrationFor(prepared, DatabaseInitializer.OtherTenantId));
            await db.SaveChangesAsync();
        }

        var outcome = await RegisterOneAsync(database, TestTenant.Id, prepared);

        RegistrationAssert.Failed(outcome, 813, "ZtdDeviceIsNotUnique");
        Assert.Equal(2, (await database.CountAsync()).Registrations);
    }

    [Fact]
    public async Task SameHardwareTwiceInOneFileRegistersFirstRowAndMarksSecondDuplicated()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var builder = TestDevices.Builder(seed: 9);
        var first = builder.Build();
        builder.GeneratedAt = builder.GeneratedAt!.Value.AddHours(2);
        var again = builder.Build();
        using var csv = TestDevices.Csv((builder.SerialNumber!, first, null), (builder.SerialNumber!, again, null));

        var job = await database.Get<ImportService>().ImportAsync(PortalCaller.System, csv, "twice.csv");

        var results = (await database.Get<ImportHistoryService>().ListResultsAsync(PortalCaller.System, job.Id, problemsOnly: false, 0, 10)).Items;
        Assert.Equal(2, results.Count);
        Assert.True(results[0].Succeeded);
        Assert.Equal(2, results[0].LineNumber);
        Assert.False(results[1].Succeeded);
        Assert.Equal(3, results[1].LineNumber);
        Assert.Null(results[1].ErrorCode);
        Assert.Equal("ZtdDeviceDuplicated", results[1].ErrorName);
        RegistrationAssert.Sentence(results[1].Message);
        Assert.Contains("line 2", results[1].Message, StringComparison.Ordinal);
        Assert.Equal(1, (await database.CountAsync()).Registrations);
    }

    [Fact]
    public void DuplicatedErrorHasNoNumericCodeAndLabelIsItsName()
    {
        var row = TestDevices.Prepare(TestDevices.Hash(seed: 10)).AsDuplicateOf(firstLine: 4);

        Assert.Null(row.Error!.Code);
        Assert.Equal("ZtdDeviceDuplicated", row.Error.Label);
        RegistrationAssert.Sentence(row.Error.Message);
    }

    [Fact]
    public async Task SameHardwareTwiceInOneCallRegistersOnlyTheFirst()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var hash = TestDevices.Hash(seed: 11);
        var rows = new[] { TestDevices.Prepare(hash, line: 2), TestDevices.Prepare(hash, line: 3) };

        var outcomes = await database.Get<DeviceRegistrationService>().RegisterAsync(TestTenant.Id, rows, dryRun: false);

        Assert.True(outcomes[0].Succeeded);
        Assert.Equal(RegistrationErrorKind.ZtdDeviceDuplicated, outcomes[1].Error!.Kind);
        Assert.Contains("line 2", outcomes[1].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await database.CountAsync()).Registrations);
    }

    [Fact]
    public async Task HardwareRegisteredBetweenDecisionAndCommitGets806NotASecondRegistration()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var service = database.Get<DeviceRegistrationService>();
        var row = TestDevices.Prepare(TestDevices.Hash(seed: 12));
        var decision = await service.DecideAsync(TestTenant.Id, [row]);

        Assert.True((await RegisterOneAsync(database, TestTenant.Id, TestDevices.Prepare(TestDevices.Hash(seed: 12)))).Succeeded);
        var outcomes = await service.CommitAsync(decision, RegistrationWrite.Import);

        RegistrationAssert.Failed(outcomes[0], 806, "ZtdDeviceAlreadyAssigned");
        Assert.Equal(1, (await database.CountAsync()).Registrations);
    }

    [Fact]
    public async Task TwoImportsOfTheSameDevicesAtOnceRegisterEachDeviceOnce()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var service = database.Get<DeviceRegistrationService>();
        var rows = Enumerable.Range(20, 40).Select(seed => TestDevices.Prepare(TestDevices.Hash(seed: seed))).ToList();

        var results = await Task.WhenAll(
            Task.Run(() => service.RegisterAsync(TestTenant.Id, rows, dryRun: false)),
            Task.Run(() => service.RegisterAsync(TestTenant.Id, rows, dryRun: false)));

        Assert.Equal(40, results.SelectMany(r => r).Count(o => o.Succeeded));
        Assert.Equal(40, results.SelectMany(r => r).Count(o => o.Error?.Kind == RegistrationErrorKind.ZtdDeviceAlreadyAssigned));
        Assert.Equal(40, (await database.CountAsync()).Registrations);
    }

    private static async Task<RegistrationOutcome> RegisterOneAsync(PortalTestDatabase database, Guid tenantId, PreparedRegistration row)
    {
        var outcomes = await database.Get<DeviceRegistrationService>().RegisterAsync(tenantId, [row], dryRun: false);
        return Assert.Single(outcomes);
    }

    private static DeviceRegistration RegistrationFor(PreparedRegistration row, Guid tenantId)
    {
        var identity = row.Identity!;
        return new DeviceRegistration
        {
            Id = Guid.NewGuid(),
            Ztdid = Guid.NewGuid(),
            TenantId = tenantId,
            SerialNumber = row.Hardware!.SerialNumber,
            SerialKey = identity.SerialKey,
            Manufacturer = identity.Manufacturer,
            SmbiosUuid = identity.SmbiosUuid,
            TpmKeyHash = identity.TpmKeyHash,
            HardwareKey = identity.HardwareKey,
        };
    }
}
