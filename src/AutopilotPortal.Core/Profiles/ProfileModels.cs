using AutopilotPortal.Core.Intune;
using AutopilotPortal.Core.Registration;

namespace AutopilotPortal.Core.Profiles;

/// <summary>A line of the profiles list.</summary>
public sealed record ProfileListItem(
    Guid Id,
    string DisplayName,
    ProfileDeploymentMode DeploymentMode,
    ProfileJoinType JoinType,
    bool AllowPreProvisioning,
    int AssignedGroupCount,
    DateTime CreatedAt);

/// <summary>A profile with its assignments.</summary>
public sealed record ProfileDetails(DeploymentProfile Profile, IReadOnlyList<AssignedGroup> Assignments);

/// <summary>An assignment as the page shows it.</summary>
public sealed record AssignedGroup(Guid GroupId, string GroupName, AssignmentKind Kind, int MemberCount);

/// <summary>A group the assignment picker offers.</summary>
public sealed record GroupChoice(Guid Id, string DisplayName, int MemberCount, bool IsDynamic)
{
    public override string ToString() => DisplayName;
}

/// <summary>A device the profile applies to.</summary>
public sealed record AssignedDevice(Guid Id, string SerialNumber, string Manufacturer, string? Model, string? GroupTag,
    ProfileAssignmentStatus ProfileStatus, DateTime? ProfileAssignedDateTime);

/// <summary>The downloadable configuration file.</summary>
public sealed record ProfileFile(string FileName, byte[] Content);

/// <summary>
/// A profile operation was refused. <see cref="Error"/> carries the deployment service's code
/// when there is one (809 ZtdProfileIsNotRegistered, 810 ZtdProfileAssignedToOtherTenant).
/// </summary>
public sealed class ProfileException : Exception
{
    public ProfileException(RegistrationError error)
        : base($"{error.Label}: {error.Message}") => Error = error;

    public ProfileException(string message, IReadOnlyList<string>? assignedGroups = null)
        : base(message) => AssignedGroups = assignedGroups ?? [];

    /// <summary>The code, for 809 and 810; null otherwise.</summary>
    public RegistrationError? Error { get; }

    /// <summary>For a refused delete: the groups the profile is still assigned to.</summary>
    public IReadOnlyList<string> AssignedGroups { get; } = [];
}
