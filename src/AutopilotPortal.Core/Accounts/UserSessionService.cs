using AutopilotPortal.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Accounts;

/// <summary>
/// Server-side sessions of local accounts. A sign-in opens one and puts its id in the cookie
/// (<see cref="ClaimType"/>); every request and every open circuit asks <see cref="IsOpenAsync"/>;
/// sign-out ends it, and sign out everywhere ends all of a user's. A cookie whose session has
/// ended is refused even though the cookie itself has not expired.
/// </summary>
public sealed class UserSessionService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The claim that carries the session id in the sign-in cookie.</summary>
    public const string ClaimType = "autopilotportal:session";

    /// <summary>How long a sign-in cookie lives without being renewed (it slides while it is used).</summary>
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromHours(8);

    /// <summary>Opens a session for a user who just proved who they are, and forgets sessions that ended or expired.</summary>
    public async Task<Guid> StartAsync(string userId, string? remoteAddress, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var expired = now - CookieLifetime;
        await db.UserSessions.Where(s => s.EndedAt != null || s.RenewedAt < expired).ExecuteDeleteAsync(cancellationToken);
        var session = new UserSession
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            CreatedAt = now,
            RenewedAt = now,
            RemoteAddress = remoteAddress is { Length: > 64 } ? remoteAddress[..64] : remoteAddress,
        };
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session.Id;
    }

    /// <summary>True while the session exists, belongs to the user and has not been ended.</summary>
    public async Task<bool> IsOpenAsync(Guid sessionId, string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.UserSessions.AnyAsync(s => s.Id == sessionId && s.UserId == userId && s.EndedAt == null, cancellationToken);
    }

    /// <summary>Notes that the session's cookie was renewed, so the purge keeps it.</summary>
    public async Task RenewAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.UserSessions.Where(s => s.Id == sessionId && s.EndedAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.RenewedAt, now), cancellationToken);
    }

    /// <summary>Ends one session (sign-out). Ending one that already ended changes nothing.</summary>
    public async Task EndAsync(Guid sessionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await EndWhereAsync(db, db.UserSessions.Where(s => s.Id == sessionId), clock.GetUtcNow().UtcDateTime, cancellationToken);
    }

    /// <summary>Ends every open session of a user inside the caller's transaction; returns how many were open.</summary>
    internal static Task<int> EndAllAsync(PortalDbContext db, string userId, DateTime now, CancellationToken cancellationToken) =>
        EndWhereAsync(db, db.UserSessions.Where(s => s.UserId == userId), now, cancellationToken);

    private static Task<int> EndWhereAsync(PortalDbContext db, IQueryable<UserSession> sessions, DateTime now, CancellationToken cancellationToken) =>
        sessions.Where(s => s.EndedAt == null).ExecuteUpdateAsync(set => set.SetProperty(s => s.EndedAt, now), cancellationToken);
}
