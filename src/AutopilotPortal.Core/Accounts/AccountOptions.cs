using System.ComponentModel.DataAnnotations;

namespace AutopilotPortal.Core.Accounts;

/// <summary>The <c>Accounts</c> section: local sign-in (used when the <c>AzureAd</c> section is empty).</summary>
public sealed class AccountOptions
{
    public const string SectionName = "Accounts";

    /// <summary>The administrator created on first start when no enabled administrator exists.</summary>
    [Required, MinLength(1), MaxLength(256)]
    public string InitialAdminUserName { get; set; } = "admin";

    /// <summary>
    /// Its password. Leave empty to have one generated and printed once to the console.
    /// </summary>
    public string? InitialAdminPassword { get; set; }

    /// <summary>Failed sign-ins in a row before an account is locked.</summary>
    [Range(1, 100)]
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked account stays locked.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "30.00:00:00")]
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in attempts one client address may make per <see cref="SignInThrottleWindow"/>; more are answered 429.</summary>
    [Range(1, 100_000)]
    public int SignInAttemptsPerAddress { get; set; } = 60;

    /// <summary>Sign-in attempts for one user name (known or not) per <see cref="SignInThrottleWindow"/>, from any address.</summary>
    [Range(1, 100_000)]
    public int SignInAttemptsPerUserName { get; set; } = 10;

    /// <summary>The window the sign-in attempt limits count in.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SignInThrottleWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The shortest password accepted.</summary>
    [Range(8, 128)]
    public int MinPasswordLength { get; set; } = 12;
}
