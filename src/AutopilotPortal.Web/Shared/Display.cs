using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Intune;

namespace AutopilotPortal.Web.Shared;

/// <summary>How the pages show the service's values.</summary>
public static class Display
{
    /// <summary>The attributes that give a table element its accessible name (for MudTable's <c>TableAttributes</c>).</summary>
    public static Dictionary<string, object> TableNamed(string name) => new() { ["aria-label"] = name };

    public static string ProfileStatus(ProfileAssignmentStatus status) => AutopilotLabels.ProfileStatus(status);

    public static string Enrollment(EnrollmentState state) => AutopilotLabels.Enrollment(state);

    public static string JoinType(DeviceTrustType type) => type switch
    {
        DeviceTrustType.ServerAd => "Hybrid Entra joined",
        DeviceTrustType.Workplace => "Entra registered",
        _ => "Entra joined",
    };

    public static string Text(string? value) => string.IsNullOrEmpty(value) ? "—" : value;
}
