using System.Text.RegularExpressions;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Partner;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.E2E.Tests.Infrastructure;
using AutopilotPortal.E2E.Tests.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AutopilotPortal.E2E.Tests;

/// <summary>
/// A portal of its own that allows a manual sync right after another: this flow syncs twice (once
/// for the partner's device to appear, once to deliver the profile assigned after it), and the
/// real service's ten-minute wait would refuse the second.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DeploymentPortalCollection : ICollectionFixture<DeploymentPortalFixture>
{
    public const string Name = "Deployment portal";
}

public sealed class DeploymentPortalFixture : PortalFixture
{
    protected override IEnumerable<string> HostSettings => ["--Sync:ManualInterval", "00:00:00"];
}

[Collection(DeploymentPortalCollection.Name)]
public sealed partial class DeploymentSimulatorTests(DeploymentPortalFixture portal) : PortalTest(portal)
{
    private const string GroupTag = "E2E-Kiosk";
    private const string GroupName = "E2E Kiosks";
    private const string ProfileName = "E2E Kiosk profile";

    [Fact]
    public Task ASelfDeployingDeviceRegisteredByAPartnerEnrollsThenFailsWithAZtdidMismatchOnceItsEntraObjectIsDeleted() => RunAsync(async page =>
    {
        // A physical catalog device with TPM 2.0, built after the catalog's cut-off.
        var device = Enumerable.Range(0, 500).Select(OemCatalogSeeder.Synthetic)
            .Where(d => d.ManufacturedOn >= OemCatalog.CutoffDate && d.ManufacturedOn.Year > 2021)
            .First(d => HardwareHash.Decode(StoredHash.Expand(d.HardwareHash, d.HardwareHashLength)).Info is { IsVirtualMachine: false, TpmSpecVersion: "2.0" });
        var name = "KSK-" + new string(device.SerialNumber.Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').ToArray()).ToUpperInvariant();
        name = name[..Math.Min(name.Length, 15)];
        var devices = new DevicesPage(page);
        var deployment = new DeploymentPages(page, devices);

        // Register by tuple as a partner, with a group tag.
        await page.GotoInteractiveAsync("partner");
        await page.GetByTestId("partner-kind-tuple").ClickAsync();
        await page.GetByLabel("Manufacturer", new() { Exact = true }).FillAsync(device.Manufacturer);
        await page.GetByLabel("Model", new() { Exact = true }).FillAsync(device.Model);
        await page.GetByLabel("Serial number", new() { Exact = true }).FillAsync(device.SerialNumber);
        await page.GetByTestId("partner-group-tag").FillAsync(GroupTag);
        await page.GetByTestId("partner-register").ClickAsync();
        await Expect(page.GetByTestId("partner-result-ztdid")).ToBeVisibleAsync();

        // Sync: the device appears in Intune's list, with no profile yet.
        await devices.GotoAsync();
        await page.GetByTestId("devices-sync").ClickAsync();
        await devices.SearchAsync(device.SerialNumber);
        await Expect(devices.SerialLink(device.SerialNumber)).ToBeVisibleAsync();
        await Expect(devices.Row(device.SerialNumber)).ToContainTextAsync("Not assigned");

        // Assign a self-deploying profile to a dynamic group on the partner's group tag.
        var groups = new GroupPages(page);
        await groups.StartNewAsync(GroupName);
        await groups.RuleText.FillAsync($"(device.devicePhysicalIds -any (_ -eq \"[OrderId]:{GroupTag}\"))");
        await Expect(groups.RuleValid).ToBeVisibleAsync();
        await groups.CreateAsync();
        await Expect(groups.MemberCount).ToHaveTextAsync("1 member");

        await page.GotoInteractiveAsync("profiles/new");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(ProfileName);
        await page.GetByTestId("profile-mode").ClickAsync();
        await page.GetByRole(AriaRole.Option).Filter(new() { HasText = "Self-deploying" }).ClickAsync();
        await page.GetByLabel("Device name template").FillAsync("KSK-%SERIAL%");
        await page.GetByTestId("profile-save").ClickAsync();
        await Expect(page).ToHaveURLAsync(ProfileUrl());
        await page.GetByLabel("Group to assign").FillAsync(GroupName);
        await page.GetByRole(AriaRole.Option).Filter(new() { HasText = GroupName }).First.ClickAsync();
        await page.GetByTestId("assignment-add").ClickAsync();
        await Expect(page.GetByTestId($"assignment-{GroupName}")).ToBeVisibleAsync();

        // The profile is pending until a sync delivers it to the deployment service's record.
        await devices.GotoAsync();
        await devices.SearchAsync(device.SerialNumber);
        await Expect(devices.Row(device.SerialNumber)).ToContainTextAsync("Pending");
        await page.GetByTestId("devices-sync").ClickAsync();
        await Expect(devices.Row(device.SerialNumber)).ToContainTextAsync("Assigned");
        await devices.OpenAsync(device.SerialNumber);
        await Expect(devices.PaneProperty("assigned-profile")).ToHaveTextAsync(ProfileName);
        await Expect(devices.PaneProperty("enrollment-state")).ToHaveTextAsync("Not contacted");

        // Simulate: it enrolls, named by the template.
        await deployment.SimulateAsync("Succeeded");
        await Expect(deployment.Result).ToContainTextAsync($"Enrolled as {name}");
        await Expect(devices.PaneProperty("enrollment-state")).ToHaveTextAsync("Enrolled");
        await Expect(devices.PaneProperty("device-name")).ToHaveTextAsync(name);
        await Expect(devices.PaneProperty("entra-enabled")).ToHaveTextAsync("Yes");
        await Expect(devices.Pane.GetByTestId("pane-open-managed")).ToBeVisibleAsync();
        await Expect(deployment.RecentRuns).ToHaveCountAsync(1);

        // Delete its Entra object out of order (the dialog warns), then simulate again.
        await deployment.DeleteEntraObjectAsync(name);
        await devices.GotoAsync();
        await devices.SearchAsync(device.SerialNumber);
        await devices.OpenAsync(device.SerialNumber);
        await Expect(devices.Pane.GetByTestId("device-entra-missing")).ToBeVisibleAsync();
        await deployment.SimulateAsync("Failed");
        await Expect(deployment.Result).ToContainTextAsync("Deployment failed: ZTDID mismatch.");
        await Expect(deployment.Reason).ToContainTextAsync("ZTDID mismatch: the Entra device object stamped with this device's ZTDID was deleted");
        await Expect(devices.PaneProperty("enrollment-state")).ToHaveTextAsync("Enrolled");
        await Expect(deployment.RecentRuns).ToHaveCountAsync(2);

        // The events page lists both runs, newest first.
        await deployment.GotoEventsAsync(device.SerialNumber);
        await Expect(deployment.EventRows).ToHaveCountAsync(2);
        await Expect(deployment.EventRows.First).ToContainTextAsync("Failed");
        await Expect(deployment.EventRows.Last).ToContainTextAsync("Succeeded");
    });

    [GeneratedRegex("/profiles/[0-9a-f-]{36}$")]
    private static partial Regex ProfileUrl();
}
