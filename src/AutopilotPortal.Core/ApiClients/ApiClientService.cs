using System.Security.Cryptography;
using System.Text;
using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.ApiClients;

/// <summary>
/// API clients of the portal's tenant: create one (its secret is returned once), rotate its secret,
/// revoke it, list them. Only administrators may manage them; each change and its audit entry are
/// written in one save. <see cref="VerifyAsync"/> checks a client id and secret for the token endpoint.
/// </summary>
public sealed class ApiClientService(
    IDbContextFactory<PortalDbContext> dbFactory, AuditService audit, AccessGuard access, IOptions<TenantOptions> tenant, TimeProvider clock)
{
    /// <summary>The longest a secret may live, as in Entra (24 months).</summary>
    public static readonly TimeSpan MaxSecretLifetime = TimeSpan.FromDays(730);

    /// <summary>How long a secret lives when nobody says.</summary>
    public static readonly TimeSpan DefaultSecretLifetime = TimeSpan.FromDays(180);

    private const string TargetType = "ApiClient";
    private const int SecretBytes = 32;
    private const int MaxDisplayNameLength = 256;

    // Hashed in place of a missing client's, so an unknown client id costs the same as a wrong secret.
    private static readonly byte[] MissingClientHash = SHA256.HashData(Encoding.UTF8.GetBytes("no such client"));

    /// <summary>Creates a client with one role and a secret valid for <paramref name="secretLifetime"/>; returns it with the secret.</summary>
    /// <param name="caller">Who asks; must be an administrator.</param>
    /// <param name="displayName">The name its tokens carry (<c>app_displayname</c>) and the audit log shows.</param>
    /// <param name="role">The role its tokens carry.</param>
    /// <param name="secretLifetime">How long the secret is accepted, up to <see cref="MaxSecretLifetime"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ApiClientException">The name is empty or too long, or the lifetime out of range.</exception>
    public async Task<ApiClientSecret> CreateAsync(PortalCaller caller, string displayName, PortalRole role, TimeSpan secretLifetime,
        CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ManageApiClients, displayName, cancellationToken);
        if (DisplayNameError(displayName) is { } error)
        {
            throw new ApiClientException("DisplayName", error);
        }

        var name = displayName!.Trim();

        CheckLifetime(secretLifetime);
        var now = clock.GetUtcNow().UtcDateTime;
        var secret = NewSecret();
        var client = new ApiClient
        {
            Id = Guid.NewGuid(),
            TenantId = tenant.Value.Id,
            ClientId = Guid.NewGuid(),
            DisplayName = name,
            Role = role,
            SecretHash = Hash(secret),
            SecretExpiresAt = now + secretLifetime,
            CreatedAt = now,
            CreatedBy = caller.UserName,
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ApiClients.Add(client);
        audit.Add(db, caller, AuditActions.ApiClientCreated, TargetType, name, client.ClientId.ToString(), newValue: role.ClaimValue(),
            details: $"Secret expires {client.SecretExpiresAt:u}.");
        await db.SaveChangesAsync(cancellationToken);
        return new ApiClientSecret(ApiClientSummary.From(client), secret);
    }

    /// <summary>What is wrong with <paramref name="displayName"/> as a client's name, or null when it is fine; <see cref="CreateAsync"/> refuses it with this message.</summary>
    /// <param name="displayName">The name as typed; it is trimmed.</param>
    public static string? DisplayNameError(string? displayName) => (displayName?.Trim().Length ?? 0) switch
    {
        0 => "Enter a name for the API client.",
        > MaxDisplayNameLength => $"The name may have at most {MaxDisplayNameLength} characters.",
        _ => null,
    };

    /// <summary>Gives the client a new secret; the old one stops working at once. Tokens already issued stay valid until they expire.</summary>
    /// <param name="caller">Who asks; must be an administrator.</param>
    /// <param name="clientId">The client's <c>client_id</c>.</param>
    /// <param name="secretLifetime">How long the new secret is accepted.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ApiClientException">The client does not exist, is revoked, or the lifetime is out of range.</exception>
    public async Task<ApiClientSecret> RotateSecretAsync(PortalCaller caller, Guid clientId, TimeSpan secretLifetime, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ManageApiClients, clientId.ToString(), cancellationToken);
        CheckLifetime(secretLifetime);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var client = await FindAsync(db, clientId, cancellationToken);
        if (client.RevokedAt is not null)
        {
            throw new ApiClientException("ClientId", $"The API client {client.DisplayName} is revoked; create a new one.");
        }

        var secret = NewSecret();
        client.SecretHash = Hash(secret);
        client.SecretExpiresAt = clock.GetUtcNow().UtcDateTime + secretLifetime;
        audit.Add(db, caller, AuditActions.ApiClientSecretRotated, TargetType, client.DisplayName, client.ClientId.ToString(),
            details: $"Secret expires {client.SecretExpiresAt:u}.");
        await db.SaveChangesAsync(cancellationToken);
        return new ApiClientSecret(ApiClientSummary.From(client), secret);
    }

    /// <summary>Revokes the client: its secret is refused and its tokens stop working at once. Revoking twice changes nothing.</summary>
    /// <param name="caller">Who asks; must be an administrator.</param>
    /// <param name="clientId">The client's <c>client_id</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ApiClientException">The client does not exist.</exception>
    public async Task RevokeAsync(PortalCaller caller, Guid clientId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ManageApiClients, clientId.ToString(), cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var client = await FindAsync(db, clientId, cancellationToken);
        if (client.RevokedAt is not null)
        {
            return;
        }

        client.RevokedAt = clock.GetUtcNow().UtcDateTime;
        audit.Add(db, caller, AuditActions.ApiClientRevoked, TargetType, client.DisplayName, client.ClientId.ToString());
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The tenant's API clients, by name, revoked ones included.</summary>
    /// <param name="caller">Who asks; must be an administrator.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IReadOnlyList<ApiClientSummary>> ListAsync(PortalCaller caller, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ManageApiClients, "API clients", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var clients = await db.ApiClients.AsNoTracking().Where(c => c.TenantId == tenant.Value.Id).ToListAsync(cancellationToken);
        return clients.OrderBy(c => c.DisplayName, StringComparer.OrdinalIgnoreCase).Select(ApiClientSummary.From).ToList();
    }

    /// <summary>
    /// The client when <paramref name="secret"/> is its current secret, not expired, and the client is the
    /// portal tenant's and not revoked; otherwise null. The hashes are compared in constant time.
    /// </summary>
    /// <param name="clientId">The <c>client_id</c> the caller sent.</param>
    /// <param name="secret">The <c>client_secret</c> the caller sent.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ApiClientSummary?> VerifyAsync(Guid clientId, string secret, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var client = await db.ApiClients.AsNoTracking()
            .SingleOrDefaultAsync(c => c.ClientId == clientId && c.TenantId == tenant.Value.Id, cancellationToken);
        var matches = CryptographicOperations.FixedTimeEquals(Hash(secret ?? string.Empty), client?.SecretHash ?? MissingClientHash);
        var usable = client is { RevokedAt: null } && client.SecretExpiresAt > clock.GetUtcNow().UtcDateTime;
        return matches && usable ? ApiClientSummary.From(client!) : null;
    }

    /// <summary>The client when it exists in the portal's tenant and is not revoked, else null: what every API request checks.</summary>
    /// <param name="clientId">The token's <c>appid</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ApiClientSummary?> FindActiveAsync(Guid clientId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var client = await db.ApiClients.AsNoTracking()
            .SingleOrDefaultAsync(c => c.ClientId == clientId && c.TenantId == tenant.Value.Id && c.RevokedAt == null, cancellationToken);
        return client is null ? null : ApiClientSummary.From(client);
    }

    private async Task<ApiClient> FindAsync(PortalDbContext db, Guid clientId, CancellationToken cancellationToken) =>
        await db.ApiClients.SingleOrDefaultAsync(c => c.ClientId == clientId && c.TenantId == tenant.Value.Id, cancellationToken)
        ?? throw new ApiClientException("ClientId", $"There is no API client {clientId}.");

    private static void CheckLifetime(TimeSpan lifetime)
    {
        if (lifetime < TimeSpan.FromDays(1) || lifetime > MaxSecretLifetime)
        {
            throw new ApiClientException("SecretLifetime", $"A secret lives between one day and {MaxSecretLifetime.TotalDays:0} days.");
        }
    }

    private static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
