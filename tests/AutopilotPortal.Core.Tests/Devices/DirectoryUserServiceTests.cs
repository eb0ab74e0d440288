using AutopilotPortal.Core.Accounts;
using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Tests.Devices;

public class DirectoryUserServiceTests
{
    [Fact]
    public async Task LocalAccountsAreFoundByAnyPartOfTheirNameOrUpnAndDisabledOnesAreNot()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var users = database.Get<LocalUserService>();
        await users.CreateAsync(PortalCaller.System, "megan.bowen", PortalRole.Reader, null);
        await users.CreateAsync(PortalCaller.System, "alex@fabrikam.com", PortalRole.Reader, null);
        var gone = await users.CreateAsync(PortalCaller.System, "meg.gone", PortalRole.Reader, null);
        await using (var db = await database.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.UserName == "meg.gone").ExecuteUpdateAsync(u => u.SetProperty(x => x.IsDisabled, true));
        }

        var directory = database.Get<DirectoryUserService>();
        var domain = (await directory.SearchAsync(PortalCaller.System, "megan")).Single().UserPrincipalName.Split('@')[1];

        Assert.Equal(["megan.bowen@" + domain], (await directory.SearchAsync(PortalCaller.System, "MEG")).Select(u => u.UserPrincipalName));
        Assert.Equal(["alex@fabrikam.com"], (await directory.SearchAsync(PortalCaller.System, "fabrikam")).Select(u => u.UserPrincipalName));
        // The tenant's domain is part of a plain name's UPN, so it finds them too.
        Assert.Contains("megan.bowen", (await directory.SearchAsync(PortalCaller.System, "n@" + domain[..4])).Select(u => u.DisplayName));
        Assert.Empty(await directory.SearchAsync(PortalCaller.System, "nobody-has-this"));
        Assert.True(await directory.AnyAsync(PortalCaller.System));
    }

    [Fact]
    public async Task OnlyThoseWhoMayEditDevicesMaySearch()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var reader = PortalCaller.WithRoles("reader@contoso.com", PortalRole.Reader);
        await Assert.ThrowsAsync<AccessDeniedException>(() => database.Get<DirectoryUserService>().SearchAsync(reader, "a"));
        var helpDesk = PortalCaller.WithRoles("desk@contoso.com", PortalRole.HelpDesk);
        Assert.NotNull(await database.Get<DirectoryUserService>().SearchAsync(helpDesk, "a"));
    }

    [Theory]
    [InlineData("megan", null, "megan@contoso.onmicrosoft.com")]
    [InlineData("megan@fabrikam.com", null, "megan@fabrikam.com")]
    [InlineData("megan", " megan.bowen@contoso.com ", "megan.bowen@contoso.com")]
    public void AnAccountsUpnIsItsMailElseItsNameAtTheTenantsDomain(string name, string? email, string expected) =>
        Assert.Equal(expected, DirectoryUserService.UpnOf(name, email, "contoso.onmicrosoft.com"));
}
