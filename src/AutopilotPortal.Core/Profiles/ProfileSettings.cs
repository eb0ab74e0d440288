using System.Text.RegularExpressions;

namespace AutopilotPortal.Core.Profiles;

/// <summary>What a person sets on a profile: the input of create and update, and what the profile form binds to.</summary>
public sealed record ProfileSettings
{
    public string DisplayName { get; set; } = string.Empty;

    public string? Description { get; set; }

    public ProfileJoinType JoinType { get; set; }

    public ProfileDeploymentMode DeploymentMode { get; set; }

    public bool AllowPreProvisioning { get; set; }

    public bool HidePrivacySettings { get; set; } = true;

    public bool HideEula { get; set; } = true;

    public ProfileUserType UserType { get; set; } = ProfileUserType.Standard;

    public bool SkipKeyboardSelectionPage { get; set; } = true;

    public bool HideEscapeLink { get; set; } = true;

    public string Language { get; set; } = ProfileLanguages.OsDefault;

    public string? DeviceNameTemplate { get; set; }

    public bool ConvertAllTargetedDevices { get; set; }

    public bool SkipConnectivityCheck { get; set; }

    /// <summary>The settings of a stored profile.</summary>
    public static ProfileSettings From(DeploymentProfile p) => new()
    {
        DisplayName = p.DisplayName,
        Description = p.Description,
        JoinType = p.JoinType,
        DeploymentMode = p.DeploymentMode,
        AllowPreProvisioning = p.AllowPreProvisioning,
        HidePrivacySettings = p.HidePrivacySettings,
        HideEula = p.HideEula,
        UserType = p.UserType,
        SkipKeyboardSelectionPage = p.SkipKeyboardSelectionPage,
        HideEscapeLink = p.HideEscapeLink,
        Language = p.Language,
        DeviceNameTemplate = p.DeviceNameTemplate,
        ConvertAllTargetedDevices = p.ConvertAllTargetedDevices,
        SkipConnectivityCheck = p.SkipConnectivityCheck,
    };

    /// <summary>Trimmed, with blanks as null and settings that do not apply to the join type cleared.</summary>
    public ProfileSettings Normalized() => this with
    {
        DisplayName = DisplayName.Trim(),
        Description = string.IsNullOrWhiteSpace(Description) ? null : Description.Trim(),
        Language = string.IsNullOrWhiteSpace(Language) ? ProfileLanguages.OsDefault : Language.Trim(),
        DeviceNameTemplate = string.IsNullOrWhiteSpace(DeviceNameTemplate) ? null : DeviceNameTemplate.Trim(),
        SkipConnectivityCheck = JoinType == ProfileJoinType.HybridJoined && SkipConnectivityCheck,
    };

    /// <summary>Copies the settings onto a stored profile.</summary>
    public void ApplyTo(DeploymentProfile p)
    {
        p.DisplayName = DisplayName;
        p.Description = Description;
        p.JoinType = JoinType;
        p.DeploymentMode = DeploymentMode;
        p.AllowPreProvisioning = AllowPreProvisioning;
        p.HidePrivacySettings = HidePrivacySettings;
        p.HideEula = HideEula;
        p.UserType = UserType;
        p.SkipKeyboardSelectionPage = SkipKeyboardSelectionPage;
        p.HideEscapeLink = HideEscapeLink;
        p.Language = Language;
        p.DeviceNameTemplate = DeviceNameTemplate;
        p.ConvertAllTargetedDevices = ConvertAllTargetedDevices;
        p.SkipConnectivityCheck = SkipConnectivityCheck;
    }

    /// <summary>A one-line summary for the audit log.</summary>
    public string Describe() =>
        $"{(JoinType == ProfileJoinType.HybridJoined ? "hybrid join" : "Entra join")}, {(DeploymentMode == ProfileDeploymentMode.SelfDeploying ? "self-deploying" : "user-driven")}"
        + $", pre-provisioning {(AllowPreProvisioning ? "on" : "off")}, privacy {(HidePrivacySettings ? "hidden" : "shown")}, EULA {(HideEula ? "hidden" : "shown")}"
        + $", user {UserType.ToString().ToLowerInvariant()}, keyboard page {(SkipKeyboardSelectionPage ? "skipped" : "shown")}, change account {(HideEscapeLink ? "hidden" : "shown")}"
        + $", language {Language}, name template {DeviceNameTemplate ?? "none"}, convert targeted devices {(ConvertAllTargetedDevices ? "on" : "off")}"
        + (JoinType == ProfileJoinType.HybridJoined ? $", skip AD connectivity check {(SkipConnectivityCheck ? "on" : "off")}" : string.Empty);
}

/// <summary>A rule a profile's settings break: the field (a <see cref="ProfileSettings"/> property name) and a sentence naming it.</summary>
public sealed record ProfileValidationError(string Field, string Message);

/// <summary>The rules a profile's settings follow.</summary>
public static partial class ProfileRules
{
    public const int MaxDisplayNameLength = 200;

    /// <summary>Graph allows 1,500 characters.</summary>
    public const int MaxDescriptionLength = 1500;

    /// <summary>Checks settings (normalise them first); empty means valid.</summary>
    public static IReadOnlyList<ProfileValidationError> Validate(ProfileSettings settings)
    {
        var errors = new List<ProfileValidationError>();
        if (settings.DisplayName.Length == 0)
        {
            errors.Add(new(nameof(ProfileSettings.DisplayName), "Name: a profile needs a name."));
        }
        else if (settings.DisplayName.Length > MaxDisplayNameLength)
        {
            errors.Add(new(nameof(ProfileSettings.DisplayName), $"Name: {settings.DisplayName.Length} characters is too long; at most {MaxDisplayNameLength} are allowed."));
        }

        if (settings.Description is { Length: > MaxDescriptionLength } description)
        {
            errors.Add(new(nameof(ProfileSettings.Description), $"Description: {description.Length:N0} characters is too long; at most {MaxDescriptionLength:N0} are allowed."));
        }

        if (settings.DeploymentMode == ProfileDeploymentMode.SelfDeploying && settings.JoinType == ProfileJoinType.HybridJoined)
        {
            errors.Add(new(nameof(ProfileSettings.DeploymentMode),
                "Deployment mode: self-deploying mode works only with Microsoft Entra join; choose user-driven for a hybrid-joined profile, or Entra join."));
        }

        if (settings.Language != ProfileLanguages.OsDefault && settings.Language != ProfileLanguages.UserSelect && !LocalePattern().IsMatch(settings.Language))
        {
            errors.Add(new(nameof(ProfileSettings.Language),
                $"Language: '{settings.Language}' is not a language; use os-default, user-select or a locale such as en-US."));
        }
        else if (settings.Language == ProfileLanguages.UserSelect && settings.DeploymentMode == ProfileDeploymentMode.SelfDeploying)
        {
            errors.Add(new(nameof(ProfileSettings.Language),
                "Language: a self-deploying device has nobody to choose the language; use os-default or a locale such as en-US."));
        }

        if (settings.DeviceNameTemplate is not null && settings.JoinType == ProfileJoinType.HybridJoined)
        {
            errors.Add(new(nameof(ProfileSettings.DeviceNameTemplate),
                "Device name template: a hybrid-joined device is named by the domain join configuration; leave the template empty or choose Entra join."));
        }
        else
        {
            errors.AddRange(DeviceNameTemplate.Validate(settings.DeviceNameTemplate).Select(m => new ProfileValidationError(nameof(ProfileSettings.DeviceNameTemplate), m)));
        }

        return errors;
    }

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LocalePattern();
}

/// <summary>Settings break a rule; <see cref="Errors"/> says each, with its field.</summary>
public sealed class ProfileValidationException(IReadOnlyList<ProfileValidationError> errors)
    : Exception(string.Join(" ", errors.Select(e => e.Message)))
{
    public IReadOnlyList<ProfileValidationError> Errors { get; } = errors;
}
