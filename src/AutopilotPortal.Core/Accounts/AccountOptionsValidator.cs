using Microsoft.Extensions.Options;

namespace AutopilotPortal.Core.Accounts;

/// <summary>
/// Checks <see cref="AccountOptions.InitialAdminPassword"/> against the password rules at start,
/// so a weak one stops the portal with one line naming the setting and the rules instead of
/// failing later inside the account store.
/// </summary>
internal sealed class AccountOptionsValidator : IValidateOptions<AccountOptions>
{
    /// <summary>The rules every local password follows (ASP.NET Core Identity's, with the configured length).</summary>
    public static string Rules(int minLength) =>
        $"at least {minLength} characters, with an upper-case letter, a lower-case letter, a digit and a symbol";

    public ValidateOptionsResult Validate(string? name, AccountOptions options)
    {
        var password = options.InitialAdminPassword;
        if (string.IsNullOrEmpty(password))
        {
            return ValidateOptionsResult.Success;
        }

        var missing = new List<string>();
        if (password.Length < options.MinPasswordLength)
        {
            missing.Add($"it has {password.Length} characters");
        }

        if (!password.Any(char.IsAsciiLetterUpper))
        {
            missing.Add("no upper-case letter");
        }

        if (!password.Any(char.IsAsciiLetterLower))
        {
            missing.Add("no lower-case letter");
        }

        if (!password.Any(char.IsAsciiDigit))
        {
            missing.Add("no digit");
        }

        if (password.All(char.IsAsciiLetterOrDigit))
        {
            missing.Add("no symbol");
        }

        return missing.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Accounts:InitialAdminPassword is too weak ({string.Join(", ", missing)}): a password needs {Rules(options.MinPasswordLength)} (see Accounts:MinPasswordLength). Leave it empty to have one generated.");
    }
}
