using System.Security.Cryptography;
using System.Text;
using AutopilotPortal.Core.ApiClients;
using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tests.Support;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Tests.ApiClients;

public class ApiClientServiceTests
{
    private static readonly PortalCaller Admin = PortalCaller.WithRoles("ada@contoso.com", PortalRole.Admin);

    [Fact]
    public async Task CreateReturnsTheSecretOnceAndStoresOnlyItsHash()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var clients = database.Get<ApiClientService>();

        var created = await clients.CreateAsync(Admin, "  Inventory sync  ", PortalRole.HelpDesk, TimeSpan.FromDays(90));

        Assert.Equal("Inventory sync", created.Client.DisplayName);
        Assert.Equal(TestTenant.Id, created.Client.TenantId);
        Assert.Equal(PortalRole.HelpDesk, created.Client.Role);
        Assert.Equal(database.Clock.GetUtcNow().UtcDateTime.AddDays(90), created.Client.SecretExpiresAt);
        Assert.True(created.Secret.Length >= 43);
        await using var db = await database.CreateDbContextAsync();
        var stored = await db.ApiClients.SingleAsync();
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(created.Secret)), stored.SecretHash);
        Assert.Equal("ada@contoso.com", stored.CreatedBy);
        var listed = Assert.Single(await clients.ListAsync(Admin));
        Assert.Equal(created.Client, listed);
        var entry = await db.AuditEntries.OrderByDescending(e => e.Id).FirstAsync();
        Assert.Equal(AuditActions.ApiClientCreated, entry.Action);
        Assert.Equal(created.Client.ClientId.ToString(), entry.TargetId);
        Assert.DoesNotContain(created.Secret, $"{entry.Details}{entry.NewValue}{entry.OldValue}", StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAcceptsTheRightSecretOnly()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var clients = database.Get<ApiClientService>();
        var created = await clients.CreateAsync(Admin, "Reporting", PortalRole.Reader, TimeSpan.FromDays(30));

        var right = await clients.VerifyAsync(created.Client.ClientId, created.Secret);
        var wrong = await clients.VerifyAsync(created.Client.ClientId, created.Secret[..^1] + (created.Secret[^1] == 'A' ? 'B' : 'A'));
        var unknown = await clients.VerifyAsync(Guid.NewGuid(), created.Secret);

        Assert.Equal(created.Client.ClientId, right?.ClientId);
        Assert.Null(wrong);
        Assert.Null(unknown);
    }

    [Fact]
    public async Task VerifyRefusesAnExpiredSecret()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var clients = database.Get<ApiClientService>();
        var created = await clients.CreateAsync(Admin, "Reporting", PortalRole.Reader, TimeSpan.FromDays(30));

        database.Clock.Advance(TimeSpan.FromDays(30));

        Assert.Null(await clients.VerifyAsync(created.Client.ClientId, created.Secret));
    }

    [Fact]
    public async Task VerifyRefusesARevokedClientAndItIsNoLongerActive()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var clients = database.Get<ApiClientService>();
        var created = await clients.CreateAsync(Admin, "Reporting", PortalRole.Reader, TimeSpan.FromDays(30));
        Assert.NotNull(await clients.FindActiveAsync(created.Client.ClientId));

        await clients.RevokeAsync(Admin, created.Client.ClientId);

        Assert.Null(await clients.VerifyAsync(created.Client.ClientId, created.Secret));
        Assert.Null(await clients.FindActiveAsync(created.Client.ClientId));
        Assert.True(Assert.Single(await clients.ListAsync(Admin)).IsRevoked);
    }

    [Fact]
    public async Task RotateInvalidatesTheOldSecret()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var clients = database.Get<ApiClientService>();
        var created = await clients.CreateAsync(Admin, "Reporting", PortalRole.Reader, TimeSpan.FromDays(30));

        var rotated = await clients.RotateSecretAsync(Admin, created.Client.ClientId, TimeSpan.FromDays(60));

        Assert.NotEqual(created.Secret, rotated.Secret);
        Assert.Null(await clients.VerifyAsync(created.Client.ClientId, created.Secret));
        Assert.NotNull(await clients.VerifyAsync(created.Client.ClientId, rotated.Secret));
        Assert.Equal(database.Clock.GetUtcNow().UtcDateTime.AddDays(60), rotated.Client.SecretExpiresAt);
    }

    [Theory]
    [InlineData(PortalRole.HelpDesk)]
    [InlineData(PortalRole.Reader)]
    public async Task ANonAdministratorMayNotManageApiClients(PortalRole role)
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var clients = database.Get<ApiClientService>();
        var caller = PortalCaller.WithRoles("hal@contoso.com", role);
        var created = await clients.CreateAsync(Admin, "Reporting", PortalRole.Reader, TimeSpan.FromDays(30));

        await Assert.ThrowsAsync<AccessDeniedException>(() => clients.CreateAsync(caller, "Mine", PortalRole.Admin, TimeSpan.FromDays(30)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => clients.RotateSecretAsync(caller, created.Client.ClientId, TimeSpan.FromDays(30)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => clients.RevokeAsync(caller, created.Client.ClientId));
        await Assert.ThrowsAsync<AccessDeniedException>(() => clients.ListAsync(caller));
        Assert.NotNull(await clients.VerifyAsync(created.Client.ClientId, created.Secret));
    }

    [Fact]
    public async Task AnEmptyNameOrAnOutOfRangeLifetimeIsRefused()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var clients = database.Get<ApiClientService>();

        var name = await Assert.ThrowsAsync<ApiClientException>(() => clients.CreateAsync(Admin, " ", PortalRole.Reader, TimeSpan.FromDays(30)));
        var lifetime = await Assert.ThrowsAsync<ApiClientException>(() => clients.CreateAsync(Admin, "Long", PortalRole.Reader, TimeSpan.FromDays(731)));

        Assert.Equal("DisplayName", name.Field);
        Assert.Equal("SecretLifetime", lifetime.Field);
    }

    [Fact]
    public async Task ANameTooLongIsRefusedWithTheMessageThatDisplayNameErrorGives()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        var clients = database.Get<ApiClientService>();
        var tooLong = new string('n', 257);

        var refused = await Assert.ThrowsAsync<ApiClientException>(() => clients.CreateAsync(Admin, tooLong, PortalRole.Reader, TimeSpan.FromDays(30)));

        Assert.Equal("DisplayName", refused.Field);
        Assert.Equal("The name may have at most 256 characters.", refused.Message);
        Assert.Equal(refused.Message, ApiClientService.DisplayNameError(tooLong));
        Assert.Equal("Enter a name for the API client.", ApiClientService.DisplayNameError("  "));
        Assert.Null(ApiClientService.DisplayNameError(new string('n', 256)));
    }

    [Fact]
    public async Task TwoInstancesCreatingTheSigningKeyAtOnceUseTheSameKey()
    {
        await using var first = await PortalTestDatabase.CreateAsync();
        await using var second = await first.StartAnotherInstanceAsync();

        var keys = await Task.WhenAll(first.Get<SigningKeyStore>().GetAsync(), second.Get<SigningKeyStore>().GetAsync());

        Assert.Equal(keys[0].KeyId, keys[1].KeyId);
        Assert.Equal(keys[0].PrivateKey, keys[1].PrivateKey);
        await using var db = await first.CreateDbContextAsync();
        Assert.Equal(1, await db.ApiSigningKeys.CountAsync());
        using var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(keys[0].PrivateKey, out _);
        Assert.Equal(2048, rsa.KeySize);
    }
}
