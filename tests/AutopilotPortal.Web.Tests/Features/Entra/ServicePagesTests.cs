using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using AutopilotPortal.Web.Features.Entra;
using AutopilotPortal.Web.Features.Intune;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Features.Entra;

public sealed class ServicePagesTests : PortalComponentTest
{
    [Fact]
    public async Task EntraDevicesListsTheRegisteredObjectsDisabledAndLinkedToTheirAutopilotDevice()
    {
        var devices = await SeedDevicesAsync(3, firstSeed: 60);
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo($"/entra-devices?search={devices[1].SerialNumber}");
        RenderProviders();

        var cut = Render<EntraDevicesPage>();

        cut.WaitForElement($"[data-testid='entra-name-{devices[1].SerialNumber}']", Wait);
        Assert.Single(cut.FindAll("[data-testid^=entra-name-]"));
        Assert.Equal("No", cut.Find($"[data-testid='entra-enabled-{devices[1].SerialNumber}']").TextContent.Trim());
        Assert.Equal($"/devices?device={devices[1].Id}", cut.Find($"[data-testid='entra-autopilot-{devices[1].SerialNumber}']").GetAttribute("href"));
        Assert.Contains("[ZTDID]:", cut.Find("[data-testid=entra-table]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManagedDevicesSearchesBySerialPrefix()
    {
        await QueryAsync(async db =>
        {
            foreach (var serial in new[] { "MD-1001", "MD-1002", "XY-2001" })
            {
                db.ManagedDevices.Add(new ManagedDevice { Id = Guid.NewGuid(), TenantId = TestTenant.Id, DeviceName = $"PC-{serial}", SerialNumber = serial, EnrolledDateTime = DateTime.UtcNow });
            }

            return await db.SaveChangesAsync();
        });
        Services.GetRequiredService<NavigationManager>().NavigateTo("/managed-devices?search=MD-");
        RenderProviders();

        var cut = Render<ManagedDevicesPage>();

        cut.WaitForElements("[data-testid^=managed-name-]", 2, Wait);
        Assert.Equal("PC-MD-1001", cut.Find("[data-testid=managed-name-MD-1001]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=managed-name-XY-2001]"));
    }

    [Fact]
    public async Task AnAdministratorDeletesAManagedDeviceAfterConfirmingAndItsAutopilotDeviceIsNoLongerEnrolled()
    {
        var device = (await SeedDevicesAsync(1, firstSeed: 70))[0];
        var managedId = Guid.NewGuid();
        await QueryAsync(async db =>
        {
            db.ManagedDevices.Add(new ManagedDevice
            {
                Id = managedId, TenantId = TestTenant.Id, DeviceName = "PP-0070", SerialNumber = device.SerialNumber,
                AutopilotDeviceId = device.Id, PreProvisioned = true, EnrollmentType = "Autopilot pre-provisioning (technician flow)", EnrolledDateTime = DateTime.UtcNow,
            });
            var row = await db.AutopilotDevices.SingleAsync(d => d.Id == device.Id);
            (row.ManagedDeviceId, row.EnrollmentState) = (managedId, EnrollmentState.Enrolled);
            return await db.SaveChangesAsync();
        });
        var dialogs = RenderProviders();
        var cut = Render<ManagedDevicesPage>();
        cut.WaitForElement($"[data-testid='managed-delete-{device.SerialNumber}']", Wait);
        Assert.Contains("Pre-provisioned", cut.Find($"[data-testid='managed-enrollment-{device.SerialNumber}']").TextContent, StringComparison.Ordinal);

        // Cancel keeps it; Delete removes it.
        cut.Find($"[data-testid='managed-delete-{device.SerialNumber}']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("may run Autopilot again", dialogs.Markup, StringComparison.Ordinal), Wait);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        Assert.Equal(1, await QueryAsync(db => db.ManagedDevices.CountAsync()));
        cut.Find($"[data-testid='managed-delete-{device.SerialNumber}']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains(dialogs.FindAll("button"), b => b.TextContent.Trim() == "Delete"), Wait);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").Click();

        cut.WaitForElement("[data-testid=managed-empty]", Wait);
        var after = await QueryAsync(db => db.AutopilotDevices.SingleAsync(d => d.Id == device.Id));
        Assert.Equal(((Guid?)null, EnrollmentState.NotContacted), (after.ManagedDeviceId, after.EnrollmentState));
    }

    [Fact]
    public async Task HelpDeskSeesManagedDevicesWithoutDelete()
    {
        await QueryAsync(async db =>
        {
            db.ManagedDevices.Add(new ManagedDevice { Id = Guid.NewGuid(), TenantId = TestTenant.Id, DeviceName = "PC-HD-1", SerialNumber = "HD-1", EnrolledDateTime = DateTime.UtcNow });
            return await db.SaveChangesAsync();
        });
        Caller = PortalCaller.WithRoles("hal", PortalRole.HelpDesk);
        RenderProviders();

        var cut = Render<ManagedDevicesPage>();

        cut.WaitForElement("[data-testid=managed-name-HD-1]", Wait);
        Assert.Empty(cut.FindAll("[data-testid^=managed-delete-]"));
    }
}
