using AutopilotPortal.Core.Accounts;
using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Core.Tests.Security;

public class LocalUserServiceTests
{
    private static readonly PortalCaller Admin = PortalCaller.WithRoles("admin", PortalRole.Admin) with { RemoteAddress = "198.51.100.4" };

    [Fact]
    public async Task FirstStartCreatesAnAdministratorWithAGeneratedPasswordOnlyOnce()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var users = database.Get<LocalUserService>();

        var first = await users.EnsureAdministratorAsync();
        var second = await users.EnsureAdministratorAsync();

        Assert.NotNull(first);
        Assert.Equal("admin", first.Value.UserName);
        Assert.NotNull(first.Value.GeneratedPassword);
        Assert.Equal(20, first.Value.GeneratedPassword!.Length);
        Assert.Null(second);
        Assert.True(await PasswordWorksAsync(database, "admin", first.Value.GeneratedPassword));
        var admin = Assert.Single((await users.ListAsync(Admin, null, 0, 10)).Items);
        Assert.Equal(PortalRole.Admin, admin.Role);
    }

    [Fact]
    public async Task FirstStartUsesTheConfiguredNameAndPasswordAndPrintsNothing()
    {
        await using var database = await PortalTestDatabase.CreateAsync(new Dictionary<string, string?>
        {
            ["Accounts:InitialAdminUserName"] = "root",
            ["Accounts:InitialAdminPassword"] = "Configured-Passw0rd!",
        });

        var created = await database.Get<LocalUserService>().EnsureAdministratorAsync();

        Assert.Equal(("root", (string?)null), created);
        Assert.True(await PasswordWorksAsync(database, "root", "Configured-Passw0rd!"));
    }

    [Fact]
    public async Task AWeakPasswordIsRefusedWithTheReasonAndNothingIsWritten()
    {
        await using var database = await PortalTestDatabase.CreateAsync();

        var error = await Assert.ThrowsAsync<AccountException>(() => database.Get<LocalUserService>().CreateAsync(Admin, "weak", PortalRole.Reader, "short"));

        Assert.Equal("Password", error.Field);
        Assert.Contains("at least 12 characters", error.Message, StringComparison.Ordinal);
        await using var db = await database.CreateDbContextAsync();
        Assert.False(await db.Users.AnyAsync());
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == AuditActions.UserCreated));
    }

    [Fact]
    public async Task ATakenUserNameIsRefused()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var users = database.Get<LocalUserService>();
        await users.CreateAsync(Admin, "hal", PortalRole.HelpDesk, null);

        var error = await Assert.ThrowsAsync<AccountException>(() => users.CreateAsync(Admin, "HAL", PortalRole.Reader, null));

        Assert.Contains("already taken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoleChangeIsAuditedWithOldAndNewRoleAndChangesTheSecurityStamp()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var users = database.Get<LocalUserService>();
        await users.CreateAsync(Admin, "hal", PortalRole.HelpDesk, null);
        var before = await UserAsync(database, "hal");

        await users.SetRoleAsync(Admin, before.Id, PortalRole.Reader);

        var after = await UserAsync(database, "hal");
        Assert.Equal(PortalRole.Reader, after.Role);
        Assert.NotEqual(before.SecurityStamp, after.SecurityStamp);
        await using var db = await database.CreateDbContextAsync();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.UserRoleChanged);
        Assert.Equal(("admin", "hal", PortalRoles.HelpDesk, PortalRoles.Reader, "198.51.100.4"), (entry.Actor, entry.Target, entry.OldValue, entry.NewValue, entry.RemoteAddress));
    }

    [Fact]
    public async Task TheLastEnabledAdministratorCannotBeDemotedOrDisabled()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var users = database.Get<LocalUserService>();
        await users.EnsureAdministratorAsync();
        var admin = await UserAsync(database, "admin");
        var other = PortalCaller.WithRoles("automation", PortalRole.Admin);

        var demote = await Assert.ThrowsAsync<AccountException>(() => users.SetRoleAsync(other, admin.Id, PortalRole.Reader));
        var disable = await Assert.ThrowsAsync<AccountException>(() => users.SetDisabledAsync(other, admin.Id, disabled: true));

        Assert.Contains("only enabled administrator", demote.Message, StringComparison.Ordinal);
        Assert.Contains("only enabled administrator", disable.Message, StringComparison.Ordinal);
        Assert.Equal(PortalRole.Admin, (await UserAsync(database, "admin")).Role);
    }

    [Fact]
    public async Task AnAdministratorCannotDisableThemselves()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var users = database.Get<LocalUserService>();
        await users.EnsureAdministratorAsync();
        await users.CreateAsync(Admin, "second", PortalRole.Admin, null);

        var error = await Assert.ThrowsAsync<AccountException>(async () => await users.SetDisabledAsync(Admin, (await UserAsync(database, "admin")).Id, disabled: true));

        Assert.Contains("your own account", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PasswordResetReplacesThePasswordAndClearsALockout()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var users = database.Get<LocalUserService>();
        var oldPassword = await users.CreateAsync(Admin, "rita", PortalRole.Reader, null);
        var rita = await UserAsync(database, "rita");
        await using (var scope = database.Services.CreateAsyncScope())
        {
            var manager = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = (await manager.FindByNameAsync("rita"))!;
            await manager.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddHours(1));
        }

        var newPassword = await users.ResetPasswordAsync(Admin, rita.Id, null);

        Assert.NotEqual(oldPassword, newPassword);
        Assert.False(await PasswordWorksAsync(database, "rita", oldPassword));
        Assert.True(await PasswordWorksAsync(database, "rita", newPassword));
        Assert.False(Assert.Single((await users.ListAsync(Admin, "rita", 0, 10)).Items).IsLockedOut);
    }

    [Fact]
    public async Task DisablingAUserIsAuditedAndShownInTheList()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var users = database.Get<LocalUserService>();
        await users.CreateAsync(Admin, "hal", PortalRole.HelpDesk, null);

        await users.SetDisabledAsync(Admin, (await UserAsync(database, "hal")).Id, disabled: true);

        Assert.True(Assert.Single((await users.ListAsync(Admin, "HA", 0, 10)).Items).IsDisabled);
        await using var db = await database.CreateDbContextAsync();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.UserDisabled);
        Assert.Equal(("enabled", "disabled"), (entry.OldValue, entry.NewValue));
    }

    [Fact]
    public async Task AnAdministratorUnlocksALockedAccountAndTheUnlockIsAudited()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var users = database.Get<LocalUserService>();
        await users.CreateAsync(Admin, "lou", PortalRole.Reader, null);
        var lou = await UserAsync(database, "lou");
        await using (var scope = database.Services.CreateAsyncScope())
        {
            var manager = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            var user = (await manager.FindByNameAsync("lou"))!;
            await manager.SetLockoutEndDateAsync(user, database.Clock.GetUtcNow().AddMinutes(15));
        }

        await Assert.ThrowsAsync<AccessDeniedException>(() => users.UnlockAsync(PortalCaller.WithRoles("rita", PortalRole.Reader), lou.Id));
        Assert.True(Assert.Single((await users.ListAsync(Admin, "lou", 0, 10)).Items).IsLockedOut);
        await users.UnlockAsync(Admin, lou.Id);

        var listed = Assert.Single((await users.ListAsync(Admin, "lou", 0, 10)).Items);
        Assert.False(listed.IsLockedOut);
        Assert.Equal(0, listed.FailedSignIns);
        await using var db = await database.CreateDbContextAsync();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.UserUnlocked);
        Assert.Equal(("admin", "lou", "locked until 2026-03-02 09:45:00 UTC", "unlocked"), (entry.Actor, entry.Target, entry.OldValue, entry.NewValue));
    }

    [Fact]
    public async Task AnAdministratorSignsAUserOutEverywhereButAReaderMayOnlySignThemselvesOut()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var users = database.Get<LocalUserService>();
        var sessions = database.Get<UserSessionService>();
        await users.CreateAsync(Admin, "rita", PortalRole.Reader, null);
        await users.CreateAsync(Admin, "hal", PortalRole.HelpDesk, null);
        var (rita, hal) = (await UserAsync(database, "rita"), await UserAsync(database, "hal"));
        var ritaSessions = new[] { await sessions.StartAsync(rita.Id, "198.51.100.7"), await sessions.StartAsync(rita.Id, "198.51.100.8") };
        var halSession = await sessions.StartAsync(hal.Id, null);
        var ritaCaller = PortalCaller.WithRoles("rita", PortalRole.Reader);

        await Assert.ThrowsAsync<AccessDeniedException>(() => users.SignOutEverywhereAsync(ritaCaller, hal.Id));
        var ended = await users.SignOutEverywhereAsync(Admin, rita.Id);

        Assert.Equal(2, ended);
        foreach (var session in ritaSessions)
        {
            Assert.False(await sessions.IsOpenAsync(session, rita.Id), "A session of the user signed out everywhere is still open.");
        }

        Assert.True(await sessions.IsOpenAsync(halSession, hal.Id), "Another user's session was ended.");
        Assert.Equal(1, await users.SignOutEverywhereAsync(PortalCaller.WithRoles("HAL", PortalRole.HelpDesk), hal.Id));
        await using var db = await database.CreateDbContextAsync();
        var entry = await db.AuditEntries.FirstAsync(e => e.Action == AuditActions.SignedOutEverywhere);
        Assert.Equal(("admin", "rita", "2 open sessions ended."), (entry.Actor, entry.Target, entry.Details));
    }

    private static async Task<PortalUser> UserAsync(PortalTestDatabase database, string name)
    {
        await using var db = await database.CreateDbContextAsync();
        return await db.Users.AsNoTracking().SingleAsync(u => u.UserName == name);
    }

    private static async Task<bool> PasswordWorksAsync(PortalTestDatabase database, string name, string password)
    {
        await using var scope = database.Services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await manager.FindByNameAsync(name);
        return user is not null && await manager.CheckPasswordAsync(user, password);
    }
}
