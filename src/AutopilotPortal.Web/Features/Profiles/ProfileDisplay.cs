using AutopilotPortal.Core.Profiles;

namespace AutopilotPortal.Web.Features.Profiles;

/// <summary>How the profile pages name the settings' values.</summary>
public static class ProfileDisplay
{
    public static string Mode(ProfileDeploymentMode mode, bool preProvisioning = false) =>
        (mode == ProfileDeploymentMode.SelfDeploying ? "Self-deploying" : "User-driven") + (preProvisioning ? ", pre-provisioning" : string.Empty);

    public static string Join(ProfileJoinType join) => join == ProfileJoinType.HybridJoined ? "Microsoft Entra hybrid joined" : "Microsoft Entra joined";

    /// <summary>Languages the form offers; any stored locale is offered too.</summary>
    public static IReadOnlyList<(string Value, string Label)> Languages { get; } =
    [
        (ProfileLanguages.OsDefault, "Operating system default"),
        (ProfileLanguages.UserSelect, "User select"),
        ("en-US", "English (United States)"),
        ("en-GB", "English (United Kingdom)"),
        ("fr-FR", "French (France)"),
        ("fr-CA", "French (Canada)"),
        ("de-DE", "German (Germany)"),
        ("es-ES", "Spanish (Spain)"),
        ("es-MX", "Spanish (Mexico)"),
        ("it-IT", "Italian (Italy)"),
        ("nl-NL", "Dutch (Netherlands)"),
        ("pt-BR", "Portuguese (Brazil)"),
        ("sv-SE", "Swedish (Sweden)"),
        ("pl-PL", "Polish (Poland)"),
        ("ja-JP", "Japanese (Japan)"),
        ("zh-CN", "Chinese (Simplified)"),
    ];
}
