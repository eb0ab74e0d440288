using System.Security.Cryptography;
using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Accounts;

/// <summary>
/// Local accounts: list, create, set role, disable, reset password. Only administrators may
/// change them; each change and its audit entry are written in one transaction. The service
/// refuses to leave the portal without an enabled administrator.
/// </summary>
public sealed class LocalUserService(
    IServiceScopeFactory scopes,
    AuditService audit, AccessGuard access,
    IOptions<AccountOptions> options,
    TimeProvider clock,
    ILogger<LocalUserService> logger)
{
    private const string TargetType = "User";

    /// <summary>A page of local users, by name.</summary>
    public async Task<PagedResult<LocalUser>> ListAsync(PortalCaller caller, string? search, int skip, int take, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ManageUsers, "users", cancellationToken);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToUpperInvariant();
            users = users.Where(u => u.NormalizedUserName!.Contains(term));
        }

        var total = await users.CountAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var page = await users.OrderBy(u => u.NormalizedUserName).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500)).ToListAsync(cancellationToken);
        return new PagedResult<LocalUser>(page.Select(u => LocalUser.From(u, now)).ToList(), total);
    }

    /// <summary>Creates a local user with a role and a password; returns the password (generated when none is given).</summary>
    /// <exception cref="AccountException">The name is taken or the password too weak; the message says which.</exception>
    public async Task<string> CreateAsync(PortalCaller caller, string userName, PortalRole role, string? password, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ManageUsers, userName, cancellationToken);
        var name = userName?.Trim() ?? string.Empty;
        if (name.Length == 0)
        {
            throw new AccountException("UserName", "Enter a user name.");
        }

        var secret = string.IsNullOrEmpty(password) ? GeneratePassword() : password;
        await InTransactionAsync(async (users, db) =>
        {
            var user = new PortalUser { UserName = name, Role = role, CreatedAt = clock.GetUtcNow().UtcDateTime, LockoutEnabled = true };
            Check(await users.CreateAsync(user, secret), "Password");
            audit.Add(db, caller, AuditActions.UserCreated, TargetType, name, user.Id, newValue: role.ClaimValue());
        }, cancellationToken);
        return secret;
    }

    /// <summary>Gives a user another role. Their open sessions pick it up at their next check.</summary>
    public async Task SetRoleAsync(PortalCaller caller, string userId, PortalRole role, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ManageUsers, userId, cancellationToken);
        await ChangeAsync(userId, async (users, db, user) =>
        {
            if (user.Role == role)
            {
                return;
            }

            if (user.Role == PortalRole.Admin && !user.IsDisabled)
            {
                await EnsureAnotherAdministratorAsync(db, user, "change the role of");
            }

            var old = user.Role;
            user.Role = role;
            Check(await users.UpdateAsync(user), "Role");
            Check(await users.UpdateSecurityStampAsync(user), "Role");
            audit.Add(db, caller, AuditActions.UserRoleChanged, TargetType, user.UserName, user.Id, old.ClaimValue(), role.ClaimValue());
        }, cancellationToken);
    }

    /// <summary>Disables or enables a user. A disabled user cannot sign in, and their sessions end.</summary>
    public async Task SetDisabledAsync(PortalCaller caller, string userId, bool disabled, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ManageUsers, userId, cancellationToken);
        await ChangeAsync(userId, async (users, db, user) =>
        {
            if (user.IsDisabled == disabled)
            {
                return;
            }

            if (disabled && string.Equals(user.UserName, caller.UserName, StringComparison.OrdinalIgnoreCase))
            {
                throw new AccountException("User", "You cannot disable your own account.");
            }

            if (disabled && user.Role == PortalRole.Admin)
            {
                await EnsureAnotherAdministratorAsync(db, user, "disable");
            }

            user.IsDisabled = disabled;
            Check(await users.UpdateAsync(user), "User");
            Check(await users.UpdateSecurityStampAsync(user), "User");
            audit.Add(db, caller, disabled ? AuditActions.UserDisabled : AuditActions.UserEnabled, TargetType, user.UserName, user.Id,
                disabled ? "enabled" : "disabled", disabled ? "disabled" : "enabled");
        }, cancellationToken);
    }

    /// <summary>Sets a new password (generated when none is given), clears any lockout, and returns the password.</summary>
    public async Task<string> ResetPasswordAsync(PortalCaller caller, string userId, string? newPassword, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ManageUsers, userId, cancellationToken);
        var secret = string.IsNullOrEmpty(newPassword) ? GeneratePassword() : newPassword;
        await ChangeAsync(userId, async (users, db, user) =>
        {
            await SetPasswordAsync(users, user, secret, "Password");
            Check(await users.SetLockoutEndDateAsync(user, null), "Password");
            Check(await users.ResetAccessFailedCountAsync(user), "Password");
            audit.Add(db, caller, AuditActions.PasswordReset, TargetType, user.UserName, user.Id);
        }, cancellationToken);
        return secret;
    }

    /// <summary>Ends a lockout now (the failed sign-ins in a row start again from zero); unlocking one that is not locked changes nothing.</summary>
    public async Task UnlockAsync(PortalCaller caller, string userId, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.ManageUsers, userId, cancellationToken);
        await ChangeAsync(userId, async (users, db, user) =>
        {
            var lockedUntil = user.LockoutEnd is { } end && end > clock.GetUtcNow() ? end : (DateTimeOffset?)null;
            if (lockedUntil is null && user.AccessFailedCount == 0)
            {
                return;
            }

            Check(await users.SetLockoutEndDateAsync(user, null), "User");
            Check(await users.ResetAccessFailedCountAsync(user), "User");
            audit.Add(db, caller, AuditActions.UserUnlocked, TargetType, user.UserName, user.Id,
                lockedUntil is { } until ? $"locked until {until.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC" : $"{user.AccessFailedCount} failed sign-ins", "unlocked");
        }, cancellationToken);
    }

    /// <summary>
    /// Ends every open session of a user: their other tabs and browsers, and any copied cookie,
    /// stop working at their next request, and open circuits within a minute. Users may do this
    /// for themselves; for anybody else it takes <see cref="PortalPermission.ManageUsers"/>.
    /// Returns how many sessions were open.
    /// </summary>
    public async Task<int> SignOutEverywhereAsync(PortalCaller caller, string userId, CancellationToken cancellationToken = default)
    {
        string name;
        await using (var scope = scopes.CreateAsyncScope())
        {
            name = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Users.Where(u => u.Id == userId).Select(u => u.UserName).FirstOrDefaultAsync(cancellationToken)
                ?? throw new AccountException("User", "The user no longer exists; refresh the list.");
        }

        if (!caller.IsAuthenticated || !string.Equals(name, caller.UserName, StringComparison.OrdinalIgnoreCase))
        {
            await access.DemandAsync(caller, PortalPermission.ManageUsers, name, cancellationToken);
        }

        var ended = 0;
        await ChangeAsync(userId, async (_, db, user) =>
        {
            ended = await UserSessionService.EndAllAsync(db, user.Id, clock.GetUtcNow().UtcDateTime, cancellationToken);
            audit.Add(db, caller, AuditActions.SignedOutEverywhere, TargetType, user.UserName, user.Id,
                details: ended == 1 ? "1 open session ended." : $"{ended} open sessions ended.");
        }, cancellationToken);
        return ended;
    }

    /// <summary>
    /// On start: when no enabled administrator exists, creates one from <see cref="AccountOptions"/>.
    /// Returns the generated password when one was generated (the caller prints it once), else null.
    /// </summary>
    public async Task<(string UserName, string? GeneratedPassword)?> EnsureAdministratorAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (await db.Users.AnyAsync(u => u.Role == PortalRole.Admin && !u.IsDisabled, cancellationToken))
        {
            return null;
        }

        var settings = options.Value;
        var password = string.IsNullOrEmpty(settings.InitialAdminPassword) ? GeneratePassword() : settings.InitialAdminPassword;
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var existing = await users.FindByNameAsync(settings.InitialAdminUserName);
        if (existing is not null)
        {
            // The configured name exists but is not an enabled administrator: make it one again.
            existing.Role = PortalRole.Admin;
            existing.IsDisabled = false;
            Check(await users.UpdateAsync(existing), "Accounts:InitialAdminUserName");
            await SetPasswordAsync(users, existing, password, "Accounts:InitialAdminPassword");
        }
        else
        {
            var admin = new PortalUser
            {
                UserName = settings.InitialAdminUserName,
                Role = PortalRole.Admin,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
                LockoutEnabled = true,
            };
            Check(await users.CreateAsync(admin, password), "Accounts:InitialAdminPassword");
        }

        audit.Add(db, PortalCaller.System, existing is null ? AuditActions.UserCreated : AuditActions.UserRoleChanged, TargetType,
            settings.InitialAdminUserName, newValue: PortalRoles.Admin, details: "First-run administrator: no enabled administrator existed.");
        await db.SaveChangesAsync(cancellationToken);
        logger.LogWarning("No enabled administrator existed; created the administrator '{UserName}'", settings.InitialAdminUserName);
        return (settings.InitialAdminUserName, string.IsNullOrEmpty(settings.InitialAdminPassword) ? password : null);
    }

    /// <summary>A random 20-character password that meets the default policy.</summary>
    public static string GeneratePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789", symbols = "!#$%*+-=?@";
        const string all = upper + lower + digits + symbols;
        var chars = new char[20];
        chars[0] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[1] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        chars[3] = symbols[RandomNumberGenerator.GetInt32(symbols.Length)];
        for (var i = 4; i < chars.Length; i++)
        {
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        }

        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    private async Task ChangeAsync(string userId, Func<UserManager<PortalUser>, PortalDbContext, PortalUser, Task> change, CancellationToken cancellationToken) =>
        await InTransactionAsync(async (users, db) =>
        {
            var user = await users.FindByIdAsync(userId) ?? throw new AccountException("User", "The user no longer exists; refresh the list.");
            await change(users, db, user);
        }, cancellationToken);

    private async Task InTransactionAsync(Func<UserManager<PortalUser>, PortalDbContext, Task> work, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        await using var tx = await db.Database.BeginTransactionAsync(cancellationToken);
        await work(users, db);
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
    }

    /// <summary>Replaces the password; run inside the caller's transaction, so a refused password leaves the old one.</summary>
    private static async Task SetPasswordAsync(UserManager<PortalUser> users, PortalUser user, string password, string field)
    {
        foreach (var validator in users.PasswordValidators)
        {
            Check(await validator.ValidateAsync(users, user, password), field);
        }

        Check(await users.RemovePasswordAsync(user), field);
        Check(await users.AddPasswordAsync(user, password), field);
        Check(await users.UpdateSecurityStampAsync(user), field);
    }

    private static async Task EnsureAnotherAdministratorAsync(PortalDbContext db, PortalUser user, string verb)
    {
        if (!await db.Users.AnyAsync(u => u.Id != user.Id && u.Role == PortalRole.Admin && !u.IsDisabled))
        {
            throw new AccountException("Role", $"You cannot {verb} '{user.UserName}': it is the only enabled administrator. Make another user an administrator first.");
        }
    }

    private static void Check(IdentityResult result, string field)
    {
        if (!result.Succeeded)
        {
            throw new AccountException(field, string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}

/// <summary>A local user as the Users page shows it.</summary>
public sealed record LocalUser(string Id, string UserName, PortalRole Role, bool IsDisabled, bool IsLockedOut, int FailedSignIns, DateTime CreatedAt)
{
    internal static LocalUser From(PortalUser user, DateTimeOffset now) => new(
        user.Id, user.UserName ?? string.Empty, user.Role, user.IsDisabled, user.LockoutEnd is { } end && end > now, user.AccessFailedCount, user.CreatedAt);
}

/// <summary>A change to an account was refused; the message names what is wrong.</summary>
public sealed class AccountException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
