using AutopilotPortal.Core.Entra;
using AutopilotPortal.Core.Intune;

namespace AutopilotPortal.Web.Shared;

/// <summary>How the pages show the service's values.</summary>
public static class Display
{
    public static string ProfileStatus(ProfileAssignmentStatus status) => status switch
    {
        ProfileAssignmentStatus.NotAssigned => "Not assigned",
        ProfileAssignmentStatus.Pending => "Pending",
        ProfileAssignmentStatus.AssignedInSync => "Assigned",
        ProfileAssignmentStatus.AssignedOutOfSync => "Assigned (out of sync)",
        ProfileAssignmentStatus.Failed => "Failed",
        _ => status.ToString(),
    };

    public static string Enrollment(EnrollmentState state) => state switch
    {
        EnrollmentState.NotContacted => "Not contacted",
        EnrollmentState.PendingReset => "Pending reset",
        _ => state.ToString(),
    };

    public static string JoinType(DeviceTrustType type) => type switch
    {
        DeviceTrustType.ServerAd => "Hybrid Entra joined",
        DeviceTrustType.Workplace => "Entra registered",
        _ => "Entra joined",
    };

    public static string When(DateTime? utc) => utc is { } value ? value.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "—";

    /// <summary>As <see cref="When"/>, to the second (steps that follow each other within a minute).</summary>
    public static string WhenExact(DateTime? utc) => utc is { } value ? value.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "—";

    public static string Text(string? value) => string.IsNullOrEmpty(value) ? "—" : value;
}
