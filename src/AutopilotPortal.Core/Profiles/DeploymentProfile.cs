namespace AutopilotPortal.Core.Profiles;

/// <summary>
/// An Intune Windows Autopilot deployment profile (Graph <c>windowsAutopilotDeploymentProfile</c>:
/// <c>azureADWindowsAutopilotDeploymentProfile</c> or <c>activeDirectoryWindowsAutopilotDeploymentProfile</c>
/// by <see cref="JoinType"/>). It belongs to one tenant.
/// </summary>
public sealed class DeploymentProfile
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    public required string DisplayName { get; set; }

    public string? Description { get; set; }

    /// <summary>When two profiles target a device, the one created first wins.</summary>
    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public ProfileJoinType JoinType { get; set; }

    public ProfileDeploymentMode DeploymentMode { get; set; }

    /// <summary>Pre-provisioning (Graph <c>enableWhiteGlove</c>).</summary>
    public bool AllowPreProvisioning { get; set; }

    /// <summary>Graph <c>outOfBoxExperienceSetting.privacySettingsHidden</c>.</summary>
    public bool HidePrivacySettings { get; set; }

    /// <summary>Graph <c>outOfBoxExperienceSetting.eulaHidden</c>.</summary>
    public bool HideEula { get; set; }

    /// <summary>The account type of the user who signs in during OOBE.</summary>
    public ProfileUserType UserType { get; set; }

    /// <summary>Skips the keyboard page when the language is set.</summary>
    public bool SkipKeyboardSelectionPage { get; set; }

    /// <summary>Hides "change account" (Graph <c>escapeLinkHidden</c>).</summary>
    public bool HideEscapeLink { get; set; }

    /// <summary><c>os-default</c>, <c>user-select</c> or a locale such as <c>en-US</c> (Graph <c>locale</c>).</summary>
    public string Language { get; set; } = ProfileLanguages.OsDefault;

    /// <summary>The name the device gets, with <c>%SERIAL%</c> or <c>%RAND:x%</c>; null keeps the OEM name.</summary>
    public string? DeviceNameTemplate { get; set; }

    /// <summary>Registers every targeted Intune device that is not yet an Autopilot device (Graph <c>extractHardwareHash</c>).</summary>
    public bool ConvertAllTargetedDevices { get; set; }

    /// <summary>Hybrid join only: skip the domain controller connectivity check (Graph <c>hybridAzureADJoinSkipConnectivityCheck</c>).</summary>
    public bool SkipConnectivityCheck { get; set; }
}

/// <summary>How the device joins.</summary>
public enum ProfileJoinType
{
    /// <summary>Microsoft Entra joined.</summary>
    EntraJoined = 0,

    /// <summary>Microsoft Entra hybrid joined (on-premises Active Directory).</summary>
    HybridJoined = 1,
}

/// <summary>Graph <c>windowsAutopilotDeploymentProfile</c>'s mode (user-driven or self-deploying, Graph <c>deviceUsageType</c> singleUser/shared).</summary>
public enum ProfileDeploymentMode
{
    UserDriven = 0,
    SelfDeploying = 1,
}

/// <summary>Graph <c>windowsUserType</c>.</summary>
public enum ProfileUserType
{
    Administrator = 0,
    Standard = 1,
}

/// <summary>Whether an assignment targets or exempts its group.</summary>
public enum AssignmentKind
{
    Include = 0,
    Exclude = 1,
}

/// <summary>A profile's assignment to a directory group (Graph <c>windowsAutopilotDeploymentProfileAssignment</c>).</summary>
public sealed class ProfileAssignment
{
    public Guid ProfileId { get; set; }

    public Guid GroupId { get; set; }

    public AssignmentKind Kind { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>The language values that are not a locale.</summary>
public static class ProfileLanguages
{
    /// <summary>Windows keeps the language of its image.</summary>
    public const string OsDefault = "os-default";

    /// <summary>The user picks the language during OOBE.</summary>
    public const string UserSelect = "user-select";
}
