using AutopilotPortal.Core.Accounts;
using AutopilotPortal.Core.Audit;
using AutopilotPortal.Core.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Web.Security;

/// <summary>
/// The local sign-in decision. Whatever the name, an attempt without the right password gets the
/// same sentence and costs the same password hash, so the answer never tells whether an account
/// exists, is locked or is disabled. Only someone who knows the password learns that their
/// account is locked or disabled. Attempts are limited per name (<see cref="SignInThrottle"/>).
/// </summary>
internal sealed class LocalSignIn(
    SignInManager<PortalUser> signIn,
    UserManager<PortalUser> users,
    SignInThrottle throttle,
    AuditService audit,
    IOptions<AccountOptions> options)
{
    public const string WrongMessage = "The user name or password is wrong.";

    /// <summary>A hash of a random password, checked against when there is no account's own to check, so that takes as long.</summary>
    private static readonly Lazy<string> StandInHash = new(() => new PasswordHasher<PortalUser>().HashPassword(new PortalUser(), LocalUserService.GeneratePassword()));

    public async Task<LocalSignInResult> SignInAsync(string userName, string password, string? remoteAddress)
    {
        var settings = options.Value;
        var name = userName.Trim();
        var who = new PortalCaller { UserName = name, RemoteAddress = remoteAddress };
        if (throttle.TryAttemptFor(name, settings.SignInThrottleWindow) is { } retryAfter)
        {
            await FailedAsync(who, "too many attempts for this user name");
            return new LocalSignInResult(false, SignInThrottle.Message("for this user name", retryAfter), Throttled: true);
        }

        var user = await users.FindByNameAsync(name);
        if (user is null)
        {
            users.PasswordHasher.VerifyHashedPassword(new PortalUser(), StandInHash.Value, password);
            await FailedAsync(who, "unknown user name");
            return new LocalSignInResult(false, WrongMessage);
        }

        if (user.IsDisabled || await users.IsLockedOutAsync(user))
        {
            // The sign-in manager would refuse these before it checks the password; check it here,
            // so the answer (and the time it takes) says nothing to someone who does not know it.
            var known = await users.CheckPasswordAsync(user, password);
            var (message, reason) = (known, user.IsDisabled) switch
            {
                (false, _) => (WrongMessage, user.IsDisabled ? "account disabled, wrong password" : "locked out, wrong password"),
                (true, true) => ("This account is disabled. Ask an administrator to enable it.", "account disabled"),
                (true, false) => ($"This account is locked after {settings.MaxFailedSignIns} failed sign-ins. Try again in {settings.LockoutDuration.TotalMinutes:N0} minutes, or ask an administrator to unlock it.", "locked out"),
            };
            await FailedAsync(who, reason);
            return new LocalSignInResult(false, message);
        }

        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await audit.WriteAsync(who, AuditActions.SignIn, "Session", name, details: "Local account.");
            return new LocalSignInResult(true, null);
        }

        await FailedAsync(who, result.IsLockedOut ? "wrong password; the account is now locked" : "wrong password");
        return new LocalSignInResult(false, WrongMessage);
    }

    private Task FailedAsync(PortalCaller who, string reason) =>
        audit.WriteAsync(who, AuditActions.SignInFailed, "Session", who.UserName, details: reason, outcome: AuditOutcome.Failed);
}

/// <summary>How a sign-in attempt ended: signed in, or the sentence to show (and whether it was throttled).</summary>
internal sealed record LocalSignInResult(bool Succeeded, string? Error, bool Throttled = false);
