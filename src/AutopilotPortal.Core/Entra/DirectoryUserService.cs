using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Tenants;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Entra;

/// <summary>A person a device can be assigned to: their user principal name and the name shown beside it.</summary>
public sealed record DirectoryUser(string UserPrincipalName, string DisplayName);

/// <summary>
/// The tenant's users, for assigning a device to one by search rather than by typing a UPN. The
/// directory of the embedded portal is its local accounts (not disabled ones): an account's UPN is
/// its e-mail address when it has one, its name when that is already name@domain, else its name at
/// the tenant's domain (<see cref="TenantOptions.Domain"/>).
/// </summary>
public sealed class DirectoryUserService(
    IDbContextFactory<PortalDbContext> dbFactory,
    IOptions<TenantOptions> tenant,
    AccessGuard access)
{
    /// <summary>The most a search returns.</summary>
    public const int MaxResults = 20;

    /// <summary>Whether the directory holds anyone to search (without it a UPN has to be typed).</summary>
    public async Task<bool> AnyAsync(PortalCaller caller, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.EditDevices, "directory users", cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AnyAsync(u => !u.IsDisabled, cancellationToken);
    }

    /// <summary>The users whose name, e-mail or UPN contains <paramref name="term"/> (any case), by name; everyone for no term.</summary>
    public async Task<IReadOnlyList<DirectoryUser>> SearchAsync(PortalCaller caller, string? term, int take = 10, CancellationToken cancellationToken = default)
    {
        await access.DemandAsync(caller, PortalPermission.EditDevices, "directory users", cancellationToken);
        var upper = (term ?? string.Empty).Trim().ToUpperInvariant();
        var domain = tenant.Value.Domain;
        var domainSuffix = ("@" + domain).ToUpperInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var users = db.Users.AsNoTracking().Where(u => !u.IsDisabled);
        if (upper.Length > 0)
        {
            // The UPN made from a name without a domain contains the term when the name plus the tenant's domain does.
            users = users.Where(u => u.NormalizedUserName!.Contains(upper)
                || (u.NormalizedEmail != null && u.NormalizedEmail.Contains(upper))
                || (u.NormalizedEmail == null && !u.NormalizedUserName!.Contains("@") && (u.NormalizedUserName + domainSuffix).Contains(upper)));
        }

        var found = await users.OrderBy(u => u.NormalizedUserName).Take(Math.Clamp(take, 1, MaxResults))
            .Select(u => new { u.UserName, u.Email }).ToListAsync(cancellationToken);
        return found.Select(u => new DirectoryUser(UpnOf(u.UserName!, u.Email, domain), u.UserName!)).ToList();
    }

    /// <summary>The UPN a local account is known by.</summary>
    public static string UpnOf(string userName, string? email, string domain) =>
        !string.IsNullOrWhiteSpace(email) ? email.Trim()
        : userName.Contains('@', StringComparison.Ordinal) ? userName
        : $"{userName}@{domain}";
}
