using System.Text;
using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Partner;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tests.Support;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Tests.Partner;

public class PartnerRegistrationTests
{
    private static readonly PortalCaller Admin = PortalCaller.WithRoles("ada@contoso.com", PortalRole.Admin);
    private static readonly DateOnly AfterCutoff = new(2023, 5, 17);

    [Fact]
    public async Task TupleFoundInTheCatalogRegistersIntoDdsAndTheDirectoryButNotIntune()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var device = await AddCatalogDeviceAsync(database, 1, AfterCutoff);

        var result = Assert.Single(await Service(database).RegisterAsync(Admin,
            [PartnerDeviceRequest.ByTuple(device.Manufacturer, device.Model, device.SerialNumber, groupTag: "Retail")]));

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(device.SerialNumber, result.SerialNumber);
        await using var db = await database.CreateDbContextAsync();
        var registration = await db.Registrations.SingleAsync();
        Assert.Equal(result.Ztdid, registration.Ztdid);
        Assert.Equal(RegistrationSource.Partner, registration.Source);
        Assert.Equal(TestTenant.Id, registration.TenantId);
        Assert.Equal((device.Manufacturer, device.Model, device.ProductKeyId, "Retail"), (registration.Manufacturer, registration.Model, registration.ProductKeyId, registration.GroupTag));
        Assert.Equal(device.HardwareHash, registration.HardwareHash);
        var directory = await db.DirectoryDevices.SingleAsync();
        Assert.False(directory.AccountEnabled);
        Assert.Equal(registration.Ztdid, directory.Ztdid);
        Assert.Contains($"[ZTDID]:{registration.Ztdid:D}", directory.PhysicalIds);
        Assert.Contains("[OrderId]:Retail", directory.PhysicalIds);
        Assert.Equal(0, await db.AutopilotDevices.CountAsync());
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.PartnerRegistered);
        Assert.Equal("ada@contoso.com", entry.Actor);
        Assert.Contains("1 registered, 0 failed", entry.Details, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task TupleWhoseManufacturerOrModelDiffersInCaseIs812(bool changeManufacturer, bool changeModel)
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var device = await AddCatalogDeviceAsync(database, 2, AfterCutoff);
        var manufacturer = changeManufacturer ? device.Manufacturer.ToLowerInvariant() : device.Manufacturer;
        var model = changeModel ? device.Model.ToUpperInvariant() : device.Model;
        Assert.True(manufacturer != device.Manufacturer || model != device.Model);

        var result = Assert.Single(await Service(database).RegisterAsync(Admin, [PartnerDeviceRequest.ByTuple(manufacturer, model, device.SerialNumber)]));

        Assert.Equal(RegistrationErrorKind.ZtdDeviceNotFound, result.Error?.Kind);
        Assert.Contains("capitals included", result.Error!.Message, StringComparison.Ordinal);
        Assert.Equal(new DatabaseCounts(0, 0, 0, 0, 0), await database.CountAsync());
    }

    [Fact]
    public async Task UnknownTupleIs812()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await AddCatalogDeviceAsync(database, 3, AfterCutoff);

        var result = Assert.Single(await Service(database).RegisterAsync(Admin, [PartnerDeviceRequest.ByTuple("Dell Inc.", "Latitude 7440", "NOPE123")]));

        Assert.Equal(812, result.Error?.Code);
        Assert.Contains("NOPE123", result.Error!.Message, StringComparison.Ordinal);
        Assert.Null(result.Ztdid);
    }

    [Fact]
    public async Task ProductKeyFoundInTheCatalogRegisters()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var device = await AddCatalogDeviceAsync(database, 4, AfterCutoff);

        var result = Assert.Single(await Service(database).RegisterAsync(Admin, [PartnerDeviceRequest.ByProductKey(device.ProductKeyId)]));

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(PartnerRegistrationKind.ProductKey, result.Kind);
        Assert.Equal(device.SerialNumber, result.SerialNumber);
        await using var db = await database.CreateDbContextAsync();
        Assert.Equal(device.SerialNumber, (await db.Registrations.SingleAsync()).SerialNumber);
        Assert.Equal(0, await db.AutopilotDevices.CountAsync());
    }

    [Fact]
    public async Task UnknownProductKeyIs812AndAMalformedOneIs803()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await AddCatalogDeviceAsync(database, 5, AfterCutoff);

        var results = await Service(database).RegisterAsync(Admin,
            [PartnerDeviceRequest.ByProductKey("1234567890123", lineNumber: 1), PartnerDeviceRequest.ByProductKey("12AB", lineNumber: 2)]);

        Assert.Equal([RegistrationErrorKind.ZtdDeviceNotFound, RegistrationErrorKind.MissingZtdSerialNumberAndProductKey], results.Select(r => r.Error?.Kind));
        Assert.Contains("1234567890123", results[0].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await database.CountAsync()).Registrations);
    }

    [Fact]
    public async Task DeviceBuiltBeforeTheCutoffIs812NamingTheCutoffByTupleAndByProductKey()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var device = await AddCatalogDeviceAsync(database, 6, new DateOnly(2019, 6, 30));

        var results = await Service(database).RegisterAsync(Admin,
            [PartnerDeviceRequest.ByTuple(device.Manufacturer, device.Model, device.SerialNumber, lineNumber: 1), PartnerDeviceRequest.ByProductKey(device.ProductKeyId, lineNumber: 2)]);

        Assert.All(results, r =>
        {
            Assert.Equal(RegistrationErrorKind.ZtdDeviceNotFound, r.Error?.Kind);
            Assert.Contains("2019-06-30", r.Error!.Message, StringComparison.Ordinal);
            Assert.Contains($"cut-off date of {OemCatalog.CutoffDate:yyyy-MM-dd}", r.Error.Message, StringComparison.Ordinal);
            Assert.Contains("by hash", r.Error.Message, StringComparison.Ordinal);
        });
        Assert.Equal(0, (await database.CountAsync()).Registrations);
    }

    [Fact]
    public async Task TheSameDeviceRegisteredTwiceIs806()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var device = await AddCatalogDeviceAsync(database, 7, AfterCutoff);
        Assert.True(Assert.Single(await Service(database).RegisterAsync(Admin, [PartnerDeviceRequest.ByProductKey(device.ProductKeyId)])).Succeeded);

        var again = Assert.Single(await Service(database).RegisterAsync(Admin, [PartnerDeviceRequest.ByTuple(device.Manufacturer, device.Model, device.SerialNumber)]));

        Assert.Equal(806, again.Error?.Code);
        Assert.Equal(1, (await database.CountAsync()).Registrations);
    }

    [Fact]
    public async Task DeviceRegisteredToAnotherTenantIs808()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var device = await AddCatalogDeviceAsync(database, 8, AfterCutoff);
        var hash = StoredHash.Expand(device.HardwareHash, device.HardwareHashLength);
        Assert.True(Assert.Single(await database.Get<DeviceRegistrationService>().RegisterAsync(
            DatabaseInitializer.OtherTenantId, [TestDevices.Prepare(hash)], dryRun: false)).Succeeded);

        var result = Assert.Single(await Service(database).RegisterAsync(Admin, [PartnerDeviceRequest.ByTuple(device.Manufacturer, device.Model, device.SerialNumber)]));

        Assert.Equal(808, result.Error?.Code);
        Assert.DoesNotContain("Another organization", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ByHashRegistersWithoutTheCatalogAndWithoutAnIntuneRow()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var builder = TestDevices.Builder(seed: 42);

        var result = Assert.Single(await Service(database).RegisterAsync(Admin, [PartnerDeviceRequest.ByHash(builder.Build())]));

        Assert.True(result.Succeeded, result.Error?.Message);
        Assert.Equal(builder.SerialNumber, result.SerialNumber);
        var counts = await database.CountAsync();
        Assert.Equal((1, 1, 0), (counts.Registrations, counts.DirectoryDevices, counts.AutopilotDevices));
    }

    [Fact]
    public async Task PartnerCsvRegistersHashProductKeyAndTupleRowsWithPerRowResultsAndLineNumbers()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var byKey = await AddCatalogDeviceAsync(database, 10, AfterCutoff);
        var byTuple = await AddCatalogDeviceAsync(database, 11, AfterCutoff);
        var old = await AddCatalogDeviceAsync(database, 12, new DateOnly(2018, 1, 2));
        var hashed = TestDevices.Builder(seed: 43);
        var csv = new StringBuilder("Device Serial Number,Windows Product ID,Hardware Hash,Manufacturer name,Device model\r\n")
            .Append($"{hashed.SerialNumber},,{hashed.Build()},,\r\n")
            .Append($",{byKey.ProductKeyId},,,\r\n")
            .Append($"{byTuple.SerialNumber},,,{byTuple.Manufacturer},{byTuple.Model}\r\n")
            .Append($"{old.SerialNumber},,,{old.Manufacturer},{old.Model}\r\n")
            .Append($"UNKNOWN1,,,{byTuple.Manufacturer},{byTuple.Model}\r\n")
            .Append("ONLYSERIAL,,,,\r\n")
            .Append($",{byKey.ProductKeyId},,,\r\n");

        var results = await Service(database).RegisterCsvAsync(Admin, new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), "partner.csv");

        Assert.Equal([2, 3, 4, 5, 6, 7, 8], results.Select(r => r.LineNumber));
        Assert.Equal(
            [PartnerRegistrationKind.Hash, PartnerRegistrationKind.ProductKey, PartnerRegistrationKind.Tuple, PartnerRegistrationKind.Tuple,
                PartnerRegistrationKind.Tuple, PartnerRegistrationKind.Tuple, PartnerRegistrationKind.ProductKey],
            results.Select(r => r.Kind));
        Assert.Equal(
            [null, null, null, 812, 812, 803, null],
            results.Select(r => r.Error?.Code));
        Assert.Equal(RegistrationErrorKind.ZtdDeviceDuplicated, results[6].Error?.Kind);
        Assert.Contains("line 3", results[6].Error!.Message, StringComparison.Ordinal);
        Assert.Equal([hashed.SerialNumber, byKey.SerialNumber, byTuple.SerialNumber], results.Take(3).Select(r => r.SerialNumber));
        var counts = await database.CountAsync();
        Assert.Equal((3, 3, 0), (counts.Registrations, counts.DirectoryDevices, counts.AutopilotDevices));
        await using var db = await database.CreateDbContextAsync();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.PartnerRegistered);
        Assert.Equal("partner.csv", entry.Target);
        Assert.Contains("7 devices", entry.Details, StringComparison.Ordinal);
        Assert.Contains("3 registered, 4 failed", entry.Details, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(PortalRole.Reader)]
    [InlineData(PortalRole.HelpDesk)]
    public async Task ReadersAndHelpDeskMayNotRegisterOrSeeTheCatalog(PortalRole role)
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var device = await AddCatalogDeviceAsync(database, 13, AfterCutoff);
        var caller = PortalCaller.WithRoles("someone@contoso.com", role);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Service(database).RegisterAsync(caller, [PartnerDeviceRequest.ByProductKey(device.ProductKeyId)]));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service(database).ListCatalogAsync(caller, 0, 10));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service(database).ListRegistrationsAsync(caller, 0, 10));

        Assert.Equal(0, (await database.CountAsync()).Registrations);
    }

    [Fact]
    public async Task ListsShowTheCatalogAndTheTenantsPartnerRegistrations()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var device = await AddCatalogDeviceAsync(database, 14, AfterCutoff);
        await AddCatalogDeviceAsync(database, 15, AfterCutoff);
        await database.Get<DeviceRegistrationService>().RegisterAsync(TestTenant.Id, [TestDevices.Prepare(TestDevices.Hash(seed: 44))], dryRun: false);
        await Service(database).RegisterAsync(Admin, [PartnerDeviceRequest.ByProductKey(device.ProductKeyId)]);

        var catalog = await Service(database).ListCatalogAsync(Admin, 0, 1);
        var registrations = await Service(database).ListRegistrationsAsync(Admin, 0, 10);

        Assert.Equal(2, catalog.TotalCount);
        Assert.Single(catalog.Items);
        var registered = Assert.Single(registrations.Items);
        Assert.Equal(device.SerialNumber, registered.SerialNumber);
    }

    [Fact]
    public async Task SeederFillsAnEmptyCatalogDeterministicallyWithSomeDevicesBeforeTheCutoffAndOnlyOnce()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var seeder = database.Get<OemCatalogSeeder>();

        Assert.Equal(60, await seeder.SeedAsync(60));
        Assert.Equal(0, await seeder.SeedAsync(60));

        await using var db = await database.CreateDbContextAsync();
        var devices = await db.OemCatalogDevices.ToListAsync();
        Assert.Equal(60, devices.Count);
        Assert.Contains(devices, d => d.ManufacturedOn < OemCatalog.CutoffDate);
        Assert.Contains(devices, d => d.ManufacturedOn >= OemCatalog.CutoffDate);
        Assert.All(devices, d => Assert.True(OemCatalog.IsProductKeyId(d.ProductKeyId), d.ProductKeyId));
        var first = OemCatalogSeeder.Synthetic(0);
        Assert.Contains(devices, d => d.SerialNumber == first.SerialNumber && d.ProductKeyId == first.ProductKeyId && d.ManufacturedOn == first.ManufacturedOn);
    }

    private static PartnerRegistrationService Service(PortalTestDatabase database) => database.Get<PartnerRegistrationService>();

    /// <summary>Adds catalog device <paramref name="n"/>, built on the given date.</summary>
    private static async Task<OemCatalogDevice> AddCatalogDeviceAsync(PortalTestDatabase database, int n, DateOnly builtOn)
    {
        var device = OemCatalogSeeder.Synthetic(n);
        device.ManufacturedOn = builtOn;
        await using var db = await database.CreateDbContextAsync();
        db.OemCatalogDevices.Add(device);
        await db.SaveChangesAsync();
        return device;
    }
}
