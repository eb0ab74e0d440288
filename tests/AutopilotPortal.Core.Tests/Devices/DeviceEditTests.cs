using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Tests.Support;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Tests.Devices;

public class DeviceEditTests
{
    [Fact]
    public async Task GroupTagUpdateOnOneDeviceChangesIntuneDdsAndDirectoryOrderId()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var ids = await RegisterAsync(database, count: 2, groupTag: "Lab");
        database.Clock.Advance(TimeSpan.FromHours(1));

        var changed = await database.Get<DeviceEditService>().UpdateGroupTagAsync(PortalCaller.System, [ids[0]], "  Sales  ");

        Assert.Equal(1, changed);
        var edited = await StateAsync(database, ids[0]);
        Assert.Equal("Sales", edited.Device.GroupTag);
        Assert.Equal("Sales", edited.Registration.GroupTag);
        Assert.Equal(database.Clock.GetUtcNow().UtcDateTime, edited.Registration.UpdatedAt);
        Assert.Equal(["[OrderId]:Sales"], OrderIds(edited.Directory));
        Assert.Contains(edited.Directory.PhysicalIds, id => id.StartsWith(PhysicalIds.ZtdidPrefix, StringComparison.Ordinal));
        Assert.Contains(edited.Directory.PhysicalIds, id => id.StartsWith(PhysicalIds.HwidPrefix, StringComparison.Ordinal));
        var untouched = await StateAsync(database, ids[1]);
        Assert.Equal("Lab", untouched.Device.GroupTag);
        Assert.Equal(["[OrderId]:Lab"], OrderIds(untouched.Directory));
    }

    [Fact]
    public async Task GroupTagUpdateOnManyDevicesChangesEveryOne()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var ids = await RegisterAsync(database, count: 3, groupTag: null);

        var changed = await database.Get<DeviceEditService>().UpdateGroupTagAsync(PortalCaller.System, ids, "Kiosk");

        Assert.Equal(3, changed);
        foreach (var id in ids)
        {
            var state = await StateAsync(database, id);
            Assert.Equal("Kiosk", state.Device.GroupTag);
            Assert.Equal("Kiosk", state.Registration.GroupTag);
            Assert.Equal(["[OrderId]:Kiosk"], OrderIds(state.Directory));
        }
    }

    [Fact]
    public async Task ClearingGroupTagRemovesOrderIdPhysicalId()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var ids = await RegisterAsync(database, count: 1, groupTag: "Lab");

        await database.Get<DeviceEditService>().UpdateGroupTagAsync(PortalCaller.System, ids, "   ");

        var state = await StateAsync(database, ids[0]);
        Assert.Null(state.Device.GroupTag);
        Assert.Null(state.Registration.GroupTag);
        Assert.Empty(OrderIds(state.Directory));
        Assert.Equal(2, state.Directory.PhysicalIds.Count);
    }

    [Theory]
    [InlineData("Lab\tBerlin")]
    [InlineData("Lab\nBerlin")]
    [InlineData("x129")]
    public async Task InvalidGroupTagThrowsAndChangesNothing(string tag)
    {
        if (tag == "x129")
        {
            tag = new string('x', 129);
        }

        await using var database = await PortalTestDatabase.CreateAsync();
        var ids = await RegisterAsync(database, count: 2, groupTag: "Lab");

        var error = await Assert.ThrowsAsync<DeviceValidationException>(() => database.Get<DeviceEditService>().UpdateGroupTagAsync(PortalCaller.System, ids, tag));

        Assert.Equal("GroupTag", error.Field);
        RegistrationAssert.Sentence(error.Message);
        foreach (var id in ids)
        {
            var state = await StateAsync(database, id);
            Assert.Equal("Lab", state.Device.GroupTag);
            Assert.Equal("Lab", state.Registration.GroupTag);
            Assert.Equal(["[OrderId]:Lab"], OrderIds(state.Directory));
        }
    }

    [Fact]
    public async Task GroupTagOf128CharactersIsAccepted()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var ids = await RegisterAsync(database, count: 1, groupTag: null);

        await database.Get<DeviceEditService>().UpdateGroupTagAsync(PortalCaller.System, ids, new string('t', 128));

        Assert.Equal(new string('t', 128), (await StateAsync(database, ids[0])).Device.GroupTag);
    }

    [Fact]
    public async Task GroupTagUpdateIncludingDeletedDeviceThrowsNotFoundAndChangesNothing()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var ids = await RegisterAsync(database, count: 3, groupTag: "Lab");
        await using (var db = await database.CreateDbContextAsync())
        {
            await db.AutopilotDevices.Where(d => d.Id == ids[1]).ExecuteDeleteAsync();
        }

        await Assert.ThrowsAsync<DeviceNotFoundException>(() => database.Get<DeviceEditService>().UpdateGroupTagAsync(PortalCaller.System, ids, "Sales"));

        foreach (var id in new[] { ids[0], ids[2] })
        {
            var state = await StateAsync(database, id);
            Assert.Equal("Lab", state.Device.GroupTag);
            Assert.Equal("Lab", state.Registration.GroupTag);
            Assert.Equal(["[OrderId]:Lab"], OrderIds(state.Directory));
        }
    }

    [Fact]
    public async Task AssignedUserUpdateSetsIntuneAndDdsUser()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var ids = await RegisterAsync(database, count: 1, groupTag: null);

        await database.Get<DeviceEditService>().UpdateAssignedUserAsync(PortalCaller.System, ids[0], " adele.vance@contoso.com ");

        var state = await StateAsync(database, ids[0]);
        Assert.Equal("adele.vance@contoso.com", state.Device.UserPrincipalName);
        Assert.Equal("adele.vance@contoso.com", state.Registration.AssignedUserPrincipalName);
    }

    [Theory]
    [InlineData("adele")]
    [InlineData("adele@contoso")]
    [InlineData("adele vance@contoso.com")]
    [InlineData("a@b@contoso.com")]
    public async Task AssignedUserThatIsNotUpnIsRejected(string user)
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var ids = await RegisterAsync(database, count: 1, groupTag: null);

        var error = await Assert.ThrowsAsync<DeviceValidationException>(() => database.Get<DeviceEditService>().UpdateAssignedUserAsync(PortalCaller.System, ids[0], user));

        Assert.Equal("AssignedUser", error.Field);
        RegistrationAssert.Sentence(error.Message);
        Assert.Null((await StateAsync(database, ids[0])).Device.UserPrincipalName);
    }

    [Theory]
    [InlineData("DESKTOP-ABCDEFGH")]
    [InlineData("PC_0042")]
    [InlineData("PC 0042")]
    [InlineData("PC.0042")]
    [InlineData("123456")]
    public async Task InvalidDisplayNameIsRejected(string name)
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var ids = await RegisterAsync(database, count: 1, groupTag: null);

        var error = await Assert.ThrowsAsync<DeviceValidationException>(() => database.Get<DeviceEditService>().UpdateDisplayNameAsync(PortalCaller.System, ids[0], name));

        Assert.Equal("DisplayName", error.Field);
        RegistrationAssert.Sentence(error.Message);
        Assert.Null((await StateAsync(database, ids[0])).Device.DisplayName);
    }

    [Fact]
    public async Task DisplayNameOf15LettersDigitsAndHyphensIsSaved()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var ids = await RegisterAsync(database, count: 1, groupTag: null);

        await database.Get<DeviceEditService>().UpdateDisplayNameAsync(PortalCaller.System, ids[0], "CONTOSO-LT-0042");

        Assert.Equal("CONTOSO-LT-0042", (await StateAsync(database, ids[0])).Device.DisplayName);
    }

    [Fact]
    public async Task DetailsReturnDecodedHardwareAndDirectoryObject()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var hash = TestDevices.RealHash("ChinwikeOnyia26_ModernEndpoints-Deployment-Scripts.csv");
        var outcome = Assert.Single(await database.Get<DeviceRegistrationService>().RegisterAsync(
            TestTenant.Id, [TestDevices.Prepare(hash, groupTag: "Lab")], dryRun: false));

        var details = await database.Get<DeviceService>().GetDetailsAsync(PortalCaller.System, outcome.AutopilotDeviceId!.Value);

        Assert.NotNull(details);
        Assert.Equal("PF5MT6SC", details.Device.SerialNumber);
        Assert.Equal(hash, details.HardwareHash);
        Assert.NotNull(details.Hardware);
        Assert.True(details.Hardware.IsValid);
        Assert.Equal("PF5MT6SC", details.Hardware.Info!.SerialNumber);
        Assert.Equal("LENOVO", details.Hardware.Info.Manufacturer);
        Assert.Equal("21R3001BUK", details.Hardware.Info.Model);
        Assert.Equal("3556252318653", details.Hardware.Info.ProductKeyId);
        Assert.NotNull(details.DirectoryObject);
        Assert.Equal(details.Device.DirectoryObjectId, details.DirectoryObject.Id);
        Assert.Contains($"[ZTDID]:{details.Device.Ztdid:D}", details.DirectoryObject.PhysicalIds);
        Assert.Contains("[OrderId]:Lab", details.DirectoryObject.PhysicalIds);
        Assert.Equal(database.Clock.GetUtcNow().UtcDateTime, details.RegisteredAt);
    }

    [Fact]
    public async Task DetailsOfUnknownDeviceAreNull()
    {
        await using var database = await PortalTestDatabase.CreateAsync();

        var details = await database.Get<DeviceService>().GetDetailsAsync(PortalCaller.System, Guid.NewGuid());

        Assert.Null(details);
    }

    private static async Task<Guid[]> RegisterAsync(PortalTestDatabase database, int count, string? groupTag)
    {
        var rows = Enumerable.Range(0, count).Select(n => TestDevices.Prepare(TestDevices.Hash(seed: 400 + n), line: n + 2, groupTag: groupTag)).ToList();
        var outcomes = await database.Get<DeviceRegistrationService>().RegisterAsync(TestTenant.Id, rows, dryRun: false);
        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Error?.Message));
        return outcomes.Select(o => o.AutopilotDeviceId!.Value).ToArray();
    }

    private static async Task<DeviceState> StateAsync(PortalTestDatabase database, Guid deviceId)
    {
        await using var db = await database.CreateDbContextAsync();
        var device = await db.AutopilotDevices.AsNoTracking().SingleAsync(d => d.Id == deviceId);
        var registration = await db.Registrations.AsNoTracking().SingleAsync(r => r.Id == device.RegistrationId);
        var directory = await db.DirectoryDevices.AsNoTracking().SingleAsync(d => d.Id == device.DirectoryObjectId);
        return new DeviceState(device, registration, directory);
    }

    private static List<string> OrderIds(DirectoryDevice directory) =>
        directory.PhysicalIds.Where(id => id.StartsWith(PhysicalIds.OrderIdPrefix, StringComparison.Ordinal)).ToList();

    private sealed record DeviceState(Intune.AutopilotDevice Device, Core.Registration.DeviceRegistration Registration, DirectoryDevice Directory);
}
