using System.Security.Cryptography;
using AutopilotPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.ApiClients;

/// <summary>
/// The RSA key access tokens are signed with, kept in the database so that every instance signs and
/// validates with the same one. The first instance to need it creates it; when two create it at once,
/// the unique <see cref="ApiSigningKey.Purpose"/> keeps the first and the other reads it back.
/// </summary>
public sealed class SigningKeyStore(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The purpose of the key that signs the API's access tokens.</summary>
    public const string AccessTokenPurpose = "access-tokens";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private SigningKeyMaterial? _key;

    /// <summary>The signing key, created on first use.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<SigningKeyMaterial> GetAsync(CancellationToken cancellationToken = default)
    {
        if (_key is { } known)
        {
            return known;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _key ??= await ReadAsync(cancellationToken) ?? await CreateAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<SigningKeyMaterial?> ReadAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiSigningKeys.AsNoTracking().SingleOrDefaultAsync(k => k.Purpose == AccessTokenPurpose, cancellationToken);
        return key is null ? null : new SigningKeyMaterial(key.Id, key.PrivateKey);
    }

    private async Task<SigningKeyMaterial> CreateAsync(CancellationToken cancellationToken)
    {
        using var rsa = RSA.Create(2048);
        var key = new ApiSigningKey
        {
            Id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant(),
            Purpose = AccessTokenPurpose,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            PrivateKey = rsa.ExportPkcs8PrivateKey(),
        };
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            db.ApiSigningKeys.Add(key);
            await db.SaveChangesAsync(cancellationToken);
            return new SigningKeyMaterial(key.Id, key.PrivateKey);
        }
        catch (WriteConflictException)
        {
            // Another instance saved its key first: that one is the key.
            return await ReadAsync(cancellationToken)
                ?? throw new InvalidOperationException("The token-signing key could not be saved nor read back.");
        }
    }
}
