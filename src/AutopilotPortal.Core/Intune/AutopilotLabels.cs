namespace AutopilotPortal.Core.Intune;

/// <summary>How a person reads the Autopilot list's statuses, on the pages and in exports.</summary>
public static class AutopilotLabels
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
}
