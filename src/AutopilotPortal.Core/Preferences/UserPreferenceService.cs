using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Preferences;

/// <summary>
/// What each person chose for themselves, by name, so that it follows them from browser to browser
/// and from instance to instance. Each caller reads and writes only their own; nothing is audited
/// (a preference changes nothing but what its owner sees).
/// </summary>
public sealed class UserPreferenceService(IDbContextFactory<PortalDbContext> dbFactory, IOptions<TenantOptions> tenant, TimeProvider time)
{
    public const int MaxNameLength = 64;
    public const int MaxValueLength = 4000;

    private Guid TenantId => tenant.Value.Id;

    /// <summary>The caller's value of the preference, or null when they have not chosen one.</summary>
    public async Task<string?> GetAsync(PortalCaller caller, string name, CancellationToken cancellationToken = default)
    {
        if (!caller.IsAuthenticated)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.UserPreferences.AsNoTracking()
            .Where(p => p.TenantId == TenantId && p.UserName == caller.UserName && p.Name == name)
            .Select(p => p.Value)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Keeps the caller's value of the preference, replacing theirs; null forgets it.</summary>
    public async Task SetAsync(PortalCaller caller, string name, string? value, CancellationToken cancellationToken = default)
    {
        if (!caller.IsAuthenticated)
        {
            throw new InvalidOperationException("A preference belongs to a signed-in person.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(name.Length, MaxNameLength, nameof(name));
        if (value is { Length: > MaxValueLength })
        {
            throw new ArgumentOutOfRangeException(nameof(value), $"A preference holds at most {MaxValueLength:N0} characters.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.UserPreferences
            .FirstOrDefaultAsync(p => p.TenantId == TenantId && p.UserName == caller.UserName && p.Name == name, cancellationToken);
        if (value is null)
        {
            if (stored is not null)
            {
                db.UserPreferences.Remove(stored);
            }
        }
        else if (stored is null)
        {
            db.UserPreferences.Add(new UserPreference { TenantId = TenantId, UserName = caller.UserName, Name = name, Value = value, UpdatedAt = time.GetUtcNow().UtcDateTime });
        }
        else
        {
            stored.Value = value;
            stored.UpdatedAt = time.GetUtcNow().UtcDateTime;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (WriteConflictException)
        {
            // The same person saved the same preference at once from elsewhere: theirs stands.
        }
    }
}
