using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Tests.Shared;
using AutopilotPortal.Web.Features.Profiles;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Web.Tests.Features.Profiles;

public sealed class ProfileEditPageTests : PortalComponentTest
{
    private ProfileService Profiles => Services.GetRequiredService<ProfileService>();

    [Fact]
    public async Task TheNameTemplateIsCheckedAsYouTypeAndPreviewedForTheFirstDeviceBySerial()
    {
        var devices = await SeedDevicesAsync(3, firstSeed: 31);
        var first = devices.OrderBy(d => HardwareIdentity.NormalizeSerial(d.SerialNumber), StringComparer.Ordinal).First();
        RenderProviders();
        var cut = Render<ProfileEditPage>();
        var template = cut.WaitForElement("#profile-name-template", Wait);

        template.Input("CONTOSO %SERIAL%");
        cut.WaitForAssertion(() => Assert.Contains("Device name template: spaces are not allowed; use letters, digits and hyphens.", cut.Markup, StringComparison.Ordinal), Wait);
        Assert.Equal("Fix the template to see a preview.", cut.Find("[data-testid=profile-name-preview]").TextContent.Trim());
        Assert.True(cut.Find("[data-testid=profile-save]").HasAttribute("disabled"));

        cut.Find("#profile-name-template").Input("CONTOSO-%RAND:9%");
        cut.WaitForAssertion(() => Assert.Contains("the names it makes have 17 characters; Windows allows at most 15.", cut.Markup, StringComparison.Ordinal), Wait);

        cut.Find("#profile-name-template").Input("CONTOSO-%SERIAL%");
        var expected = DeviceNameTemplate.Expand("CONTOSO-%SERIAL%", first.SerialNumber, new Random(1))!;
        cut.WaitForAssertion(() => Assert.Equal($"e.g. {expected}", cut.Find("[data-testid=profile-name-preview]").TextContent.Trim()), Wait);
        Assert.DoesNotContain("Device name template:", cut.Markup, StringComparison.Ordinal);
        Assert.StartsWith("CONTOSO-", expected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmptyNameIsReportedAndCreatingSavesTheProfile()
    {
        RenderProviders();
        var cut = Render<ProfileEditPage>();
        cut.WaitForElement("#profile-name", Wait).Blur();
        cut.WaitForAssertion(() => Assert.Equal(["Name: a profile needs a name."], FieldErrors(cut)), Wait);

        cut.Find("#profile-name").Input("Sales laptops");
        cut.Find("#profile-name-template").Input("SALES-%RAND:4%");
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=profile-save]").HasAttribute("disabled")), Wait);
        cut.Find("[data-testid=profile-save]").Click();

        // The page goes to the new profile once it is saved.
        var navigation = Services.GetRequiredService<NavigationManager>();
        cut.WaitForAssertion(() => Assert.Matches("/profiles/[0-9a-f-]{36}$", navigation.Uri), Wait);
        var created = await QueryAsync(db => db.DeploymentProfiles.SingleAsync());
        Assert.Equal(("Sales laptops", "SALES-%RAND:4%"), (created.DisplayName, created.DeviceNameTemplate));
        Assert.EndsWith($"/profiles/{created.Id}", navigation.Uri, StringComparison.Ordinal);
    }

    [Fact]
    public void ANewProfileOpensWithoutErrorsAndShowsTheNameErrorOnceTheNameIsTypedAndCleared()
    {
        RenderProviders();
        var cut = Render<ProfileEditPage>();
        cut.WaitForElement("#profile-name", Wait);

        Assert.Empty(cut.FindAll(".mud-input-error"));
        Assert.DoesNotContain("Name: a profile needs a name.", cut.Markup, StringComparison.Ordinal);
        Assert.False(cut.Find("[data-testid=profile-save]").HasAttribute("disabled"));

        cut.Find("#profile-name").Input("Sales");
        cut.Find("#profile-name").Input("");

        cut.WaitForAssertion(() => Assert.Equal(["Name: a profile needs a name."], FieldErrors(cut)), Wait);
        Assert.Equal("true", cut.Find("#profile-name").GetAttribute("aria-invalid"));
        Assert.True(cut.Find("[data-testid=profile-save]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task AnotherFieldsErrorShowsOnlyOnceThatFieldIsTouched()
    {
        RenderProviders();
        var cut = Render<ProfileEditPage>();
        cut.WaitForElement("#profile-name", Wait);

        cut.Find("#profile-name-template").Input("CONTOSO %SERIAL%");

        const string templateError = "Device name template: spaces are not allowed; use letters, digits and hyphens.";
        cut.WaitForAssertion(() => Assert.Equal([templateError], FieldErrors(cut)), Wait);

        cut.Find("#profile-name").Blur();

        cut.WaitForAssertion(() => Assert.Equal(["Name: a profile needs a name.", templateError], FieldErrors(cut)), Wait);
        Assert.Equal(0, await QueryAsync(db => db.DeploymentProfiles.CountAsync()));
    }

    [Fact]
    public async Task CreatingAnUntouchedNewProfileShowsWhyAndSavesNothing()
    {
        RenderProviders();
        var cut = Render<ProfileEditPage>();
        cut.WaitForElement("#profile-name", Wait);
        Assert.Empty(cut.FindAll(".mud-input-error"));

        cut.Find("[data-testid=profile-save]").Click();

        cut.WaitForAssertion(() => Assert.Equal(["Name: a profile needs a name."], FieldErrors(cut)), Wait);
        Assert.True(cut.Find("[data-testid=profile-save]").HasAttribute("disabled"));
        Assert.EndsWith("/", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
        Assert.Equal(0, await QueryAsync(db => db.DeploymentProfiles.CountAsync()));
    }

    [Fact]
    public async Task DeletingAnAssignedProfileShowsTheGroupsThatHoldIt()
    {
        var admin = Caller;
        var profile = await Profiles.CreateAsync(admin, new ProfileSettings { DisplayName = "Sales" });
        var group = await AddGroupAsync("Sales devices");
        await Profiles.AssignAsync(admin, profile.Id, group, AssignmentKind.Include);
        var dialogs = RenderProviders();
        var cut = Render<ProfileEditPage>(p => p.Add(x => x.Id, profile.Id));

        cut.WaitForElement("[data-testid='assignment-Sales devices']", Wait);
        Assert.Equal("Deployment profiles/Sales", string.Join("/", cut.FindAll("[data-testid=breadcrumbs] li").Select(li => li.TextContent.Trim())));
        cut.Find("[data-testid=profile-delete]").Click();
        dialogs.WaitForElement(".mud-message-box", Wait);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").Click();

        var refusal = cut.WaitForElement("[data-testid=profile-delete-refused]", Wait);
        Assert.Contains("'Sales' is still assigned to the group 'Sales devices'.", refusal.TextContent, StringComparison.Ordinal);
        Assert.Equal("Sales devices", cut.Find("[data-testid=profile-delete-refused-groups] li").TextContent.Trim());
        Assert.NotNull(await Profiles.GetAsync(admin, profile.Id));
    }

    [Fact]
    public async Task AReaderSeesTheProfileReadOnlyWithDownloadButNoSaveOrDelete()
    {
        var profile = await Profiles.CreateAsync(Caller, new ProfileSettings { DisplayName = "Sales" });
        Caller = PortalCaller.WithRoles("rita", PortalRole.Reader);
        RenderProviders();

        var cut = Render<ProfileEditPage>(p => p.Add(x => x.Id, profile.Id));

        cut.WaitForElement("[data-testid=profile-download]", Wait);
        Assert.Equal($"/api/profiles/{profile.Id}/AutopilotConfigurationFile.json", cut.Find("[data-testid=profile-download]").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=profile-save]"));
        Assert.Empty(cut.FindAll("[data-testid=profile-delete]"));
        Assert.Empty(cut.FindAll("[data-testid=assignment-add]"));
        Assert.True(cut.Find("#profile-name").HasAttribute("readonly"));
    }

    [Fact]
    public void AReaderCannotOpenTheNewProfilePage()
    {
        Caller = PortalCaller.WithRoles("rita", PortalRole.Reader);
        RenderProviders();

        var cut = Render<ProfileEditPage>();

        Assert.Contains("manage groups and deployment profiles", cut.Find("[data-testid=access-refused]").TextContent, StringComparison.Ordinal);
    }

    /// <summary>The error texts under the form's fields, in page order.</summary>
    private static string[] FieldErrors(IRenderedComponent<ProfileEditPage> cut) =>
        cut.FindAll(".mud-input-helper-text.mud-input-error").Select(e => e.TextContent.Trim()).ToArray();

    private async Task<Guid> AddGroupAsync(string name) => await QueryAsync(async db =>
    {
        var group = new DirectoryGroup { Id = Guid.NewGuid(), TenantId = TestTenant.Id, DisplayName = name, CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow };
        db.Groups.Add(group);
        await db.SaveChangesAsync();
        return group.Id;
    });
}
