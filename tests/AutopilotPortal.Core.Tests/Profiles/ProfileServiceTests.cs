using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Profiles;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;
using static AutopilotPortal.Core.Tests.Profiles.ProfileTestData;

namespace AutopilotPortal.Core.Tests.Profiles;

public class ProfileServiceTests
{
    private static readonly PortalCaller Reader = PortalCaller.WithRoles("rita@contoso.com", PortalRole.Reader);
    private static readonly PortalCaller HelpDesk = PortalCaller.WithRoles("hal@contoso.com", PortalRole.HelpDesk);

    [Fact]
    public async Task CreateStoresTheSettingsTrimmedAndListShowsThemOldestFirst()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var profiles = database.Get<ProfileService>();

        var first = await CreateProfileAsync(database, "  Sales laptops  ", new ProfileSettings { DeviceNameTemplate = " SALES-%SERIAL% ", Language = "fr-FR", AllowPreProvisioning = true });
        await CreateProfileAsync(database, "Kiosks", new ProfileSettings { DeploymentMode = ProfileDeploymentMode.SelfDeploying });

        var list = await profiles.ListAsync(Reader);
        Assert.Equal(["Sales laptops", "Kiosks"], list.Select(p => p.DisplayName));
        var stored = (await profiles.GetAsync(Reader, first.Id))!.Profile;
        Assert.Equal(("SALES-%SERIAL%", "fr-FR", true), (stored.DeviceNameTemplate, stored.Language, stored.AllowPreProvisioning));
        Assert.Equal(database.Clock.GetUtcNow().UtcDateTime.AddMinutes(-2), stored.CreatedAt);
    }

    [Fact]
    public async Task SelfDeployingHybridIsRefusedAndNothingIsStored()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var settings = new ProfileSettings { DisplayName = "Bad", DeploymentMode = ProfileDeploymentMode.SelfDeploying, JoinType = ProfileJoinType.HybridJoined };

        var ex = await Assert.ThrowsAsync<ProfileValidationException>(() => database.Get<ProfileService>().CreateAsync(Admin, settings));

        Assert.Equal(nameof(ProfileSettings.DeploymentMode), Assert.Single(ex.Errors).Field);
        Assert.Equal(0, await QueryAsync(database, db => db.DeploymentProfiles.CountAsync()));
    }

    [Fact]
    public async Task AssigningAProfileThatDoesNotExistIs809()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var group = await AddGroupAsync(database, "All devices", []);

        var ex = await Assert.ThrowsAsync<ProfileException>(() => database.Get<ProfileService>().AssignAsync(Admin, Guid.NewGuid(), group, AssignmentKind.Include));

        Assert.Equal(RegistrationErrorKind.ZtdProfileIsNotRegistered, ex.Error!.Kind);
        Assert.Equal(809, ex.Error.Code);
        Assert.StartsWith("809 ZtdProfileIsNotRegistered: ", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, await QueryAsync(database, db => db.ProfileAssignments.CountAsync()));
    }

    [Fact]
    public async Task AssigningAnotherTenantsProfileIs810AndItIsNotListed()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var group = await AddGroupAsync(database, "All devices", []);
        var foreign = new DeploymentProfile { Id = Guid.NewGuid(), TenantId = DatabaseInitializer.OtherTenantId, DisplayName = "Fabrikam profile" };
        await using (var db = await database.CreateDbContextAsync())
        {
            db.DeploymentProfiles.Add(foreign);
            await db.SaveChangesAsync();
        }

        var profiles = database.Get<ProfileService>();
        var ex = await Assert.ThrowsAsync<ProfileException>(() => profiles.AssignAsync(Admin, foreign.Id, group, AssignmentKind.Include));

        Assert.Equal(810, ex.Error!.Code);
        Assert.Equal("ZtdProfileAssignedToOtherTenant", ex.Error.Name);
        Assert.Empty(await profiles.ListAsync(Admin));
        Assert.Null(await profiles.GetAsync(Admin, foreign.Id));
    }

    [Fact]
    public async Task AnotherTenantsProfileReadsAsNotFoundExactlyLikeAnIdNobodyHas()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var group = await AddGroupAsync(database, "All devices", []);
        var foreign = new DeploymentProfile { Id = Guid.NewGuid(), TenantId = DatabaseInitializer.OtherTenantId, DisplayName = "Fabrikam profile" };
        await using (var db = await database.CreateDbContextAsync())
        {
            db.DeploymentProfiles.Add(foreign);
            await db.SaveChangesAsync();
        }

        var profiles = database.Get<ProfileService>();
        var nobodys = Guid.NewGuid();
        var calls = new (string Name, Func<Guid, Task> Call)[]
        {
            ("export", id => profiles.ExportConfigurationFileAsync(Admin, id)),
            ("update", id => profiles.UpdateAsync(Admin, id, new ProfileSettings { DisplayName = "Renamed" })),
            ("delete", id => profiles.DeleteAsync(Admin, id)),
            ("unassign", id => profiles.UnassignAsync(Admin, id, group)),
        };

        foreach (var (name, call) in calls)
        {
            var other = await Assert.ThrowsAsync<ProfileException>(() => call(foreign.Id));
            var missing = await Assert.ThrowsAsync<ProfileException>(() => call(nobodys));
            Assert.True(other.Error?.Code == 809, $"{name} of another tenant's profile answered {other.Error?.Code}: {other.Message}");
            Assert.Equal(missing.Message.Replace(nobodys.ToString(), "<id>", StringComparison.Ordinal), other.Message.Replace(foreign.Id.ToString(), "<id>", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task DeleteOfAnAssignedProfileIsRefusedNamingTheGroups()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var profiles = database.Get<ProfileService>();
        var profile = await CreateProfileAsync(database, "Sales");
        var sales = await AddGroupAsync(database, "Sales devices", []);
        var kiosks = await AddGroupAsync(database, "Kiosks", []);
        await profiles.AssignAsync(Admin, profile.Id, sales, AssignmentKind.Include);
        await profiles.AssignAsync(Admin, profile.Id, kiosks, AssignmentKind.Exclude);

        var ex = await Assert.ThrowsAsync<ProfileException>(() => profiles.DeleteAsync(Admin, profile.Id));

        Assert.Equal("'Sales' is still assigned to 2 groups: 'Kiosks', 'Sales devices'. Remove its assignments first, then delete it.", ex.Message);
        Assert.Equal(["Kiosks", "Sales devices"], ex.AssignedGroups);
        Assert.NotNull(await profiles.GetAsync(Admin, profile.Id));

        await profiles.UnassignAsync(Admin, profile.Id, sales);
        await profiles.UnassignAsync(Admin, profile.Id, kiosks);
        await profiles.DeleteAsync(Admin, profile.Id);
        Assert.Null(await profiles.GetAsync(Admin, profile.Id));
    }

    [Fact]
    public async Task EveryChangeWritesItsAuditEntry()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var profiles = database.Get<ProfileService>();
        var group = await AddGroupAsync(database, "Sales devices", []);

        var profile = await CreateProfileAsync(database, "Sales");
        await profiles.UpdateAsync(Admin, profile.Id, ProfileSettings.From(profile) with { DisplayName = "Sales EMEA", HideEula = false });
        await profiles.AssignAsync(Admin, profile.Id, group, AssignmentKind.Include);
        await profiles.AssignAsync(Admin, profile.Id, group, AssignmentKind.Include);
        await profiles.AssignAsync(Admin, profile.Id, group, AssignmentKind.Exclude);
        await profiles.UnassignAsync(Admin, profile.Id, group);
        await profiles.DeleteAsync(Admin, profile.Id);

        var entries = await QueryAsync(database, db => db.AuditEntries.Where(e => e.TargetType == "Deployment profile").OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(
            [AuditActions.ProfileCreated, AuditActions.ProfileUpdated, AuditActions.ProfileAssigned, AuditActions.ProfileAssigned, AuditActions.ProfileUnassigned, AuditActions.ProfileDeleted],
            entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(("ada@contoso.com", profile.Id.ToString()), (e.Actor, e.TargetId)));
        Assert.Contains("EULA shown", entries[1].NewValue, StringComparison.Ordinal);
        Assert.Contains("EULA hidden", entries[1].OldValue, StringComparison.Ordinal);
        Assert.Equal("Renamed from 'Sales'.", entries[1].Details);
        Assert.Equal((null, "Include: Sales devices"), (entries[2].OldValue, entries[2].NewValue));
        Assert.Equal(("Include: Sales devices", "Exclude: Sales devices"), (entries[3].OldValue, entries[3].NewValue));
        Assert.Equal(("Exclude: Sales devices", null), (entries[4].OldValue, entries[4].NewValue));
        Assert.Equal("Sales EMEA", entries[5].Target);
        Assert.Contains(AuditActions.ProfileAssigned, AuditActions.All);
        Assert.Contains(AuditActions.ProfileUnassigned, AuditActions.All);
    }

    [Fact]
    public async Task ReadersAndHelpDeskMayReadButNotChangeAndTheRefusalIsAudited()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var profiles = database.Get<ProfileService>();
        var profile = await CreateProfileAsync(database, "Sales");
        var group = await AddGroupAsync(database, "Sales devices", []);

        Assert.Single(await profiles.ListAsync(Reader));
        Assert.NotNull(await profiles.ExportConfigurationFileAsync(HelpDesk, profile.Id));
        await Assert.ThrowsAsync<AccessDeniedException>(() => profiles.CreateAsync(Reader, new ProfileSettings { DisplayName = "X" }));
        await Assert.ThrowsAsync<AccessDeniedException>(() => profiles.AssignAsync(HelpDesk, profile.Id, group, AssignmentKind.Include));
        await Assert.ThrowsAsync<AccessDeniedException>(() => profiles.DeleteAsync(HelpDesk, profile.Id));
        await Assert.ThrowsAsync<AccessDeniedException>(() => profiles.ListAsync(PortalCaller.Anonymous()));

        Assert.Equal(0, await QueryAsync(database, db => db.ProfileAssignments.CountAsync()));
        Assert.Equal(4, await QueryAsync(database, db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.AccessRefused)));
    }

    [Fact]
    public async Task ExportIsAuditedAndReturnsTheAsciiFile()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var profile = await CreateProfileAsync(database, "Sales");

        var file = await database.Get<ProfileService>().ExportConfigurationFileAsync(Reader, profile.Id);

        Assert.Equal("AutopilotConfigurationFile.json", file.FileName);
        Assert.All(file.Content, b => Assert.True(b < 0x80));
        var entry = await QueryAsync(database, db => db.AuditEntries.SingleAsync(e => e.Action == AuditActions.DataExported));
        Assert.Equal(("Sales", "AutopilotConfigurationFile.json"), (entry.Target, entry.Details));
    }
}
