namespace AutopilotPortal.Core.Intune;

/// <summary>
/// Intune's copy of a registration (Graph <c>windowsAutopilotDeviceIdentity</c>): the row the devices page lists.
/// </summary>
public sealed class AutopilotDevice
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>The deployment-service registration this row mirrors.</summary>
    public Guid RegistrationId { get; set; }

    public Guid Ztdid { get; set; }

    public required string SerialNumber { get; set; }

    public required string SerialKey { get; set; }

    public required string Manufacturer { get; set; }

    public string? Model { get; set; }

    public string? ProductKey { get; set; }

    public string? SkuNumber { get; set; }

    public string? SystemFamily { get; set; }

    public string? GroupTag { get; set; }

    public string? PurchaseOrderIdentifier { get; set; }

    /// <summary>The assigned user's UPN.</summary>
    public string? UserPrincipalName { get; set; }

    /// <summary>The friendly name Windows greets the assigned user with during setup (Graph <c>addressableUserName</c>).</summary>
    public string? AddressableUserName { get; set; }

    /// <summary>
    /// Whether the device's next userless enrollment (pre-provisioning) may proceed (Graph
    /// <c>userlessEnrollmentStatus</c>): blocked after a pre-provisioning run, allowed once by
    /// <c>allowNextEnrollment</c>, back to unknown when that enrollment has happened.
    /// </summary>
    public UserlessEnrollmentStatus UserlessEnrollmentStatus { get; set; }

    /// <summary>The device name given at deployment (Graph <c>displayName</c>).</summary>
    public string? DisplayName { get; set; }

    /// <summary>The Entra object's object id.</summary>
    public Guid? DirectoryObjectId { get; set; }

    /// <summary>The Entra object's device id (Graph <c>azureActiveDirectoryDeviceId</c>).</summary>
    public Guid? AzureActiveDirectoryDeviceId { get; set; }

    public Guid? ManagedDeviceId { get; set; }

    public EnrollmentState EnrollmentState { get; set; }

    public ProfileAssignmentStatus ProfileStatus { get; set; }

    /// <summary>The profile that applies (Graph <c>deploymentProfile</c>), set by <see cref="Profiles.ProfileResolver"/>.</summary>
    public Guid? DeploymentProfileId { get; set; }

    /// <summary>The name of <see cref="DeploymentProfileId"/>, kept with it (the list and the pane show it).</summary>
    public string? DeploymentProfileName { get; set; }

    /// <summary>
    /// The profile the deployment service has delivered to the device: what <see cref="DeploymentProfileId"/>
    /// (the intended profile) was at the last sync. Null until a sync delivers one.
    /// </summary>
    public Guid? AssignedProfileId { get; set; }

    /// <summary>The name of <see cref="AssignedProfileId"/>, kept with it.</summary>
    public string? AssignedProfileName { get; set; }

    public DateTime? ProfileAssignedDateTime { get; set; }

    public DateTime? LastContactedDateTime { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>
    /// Forgets the device's Intune managed-device record (it was deleted): not enrolled any more.
    /// Returns false when there was nothing to forget.
    /// </summary>
    public bool Unenroll()
    {
        if (ManagedDeviceId is null && EnrollmentState != EnrollmentState.Enrolled)
        {
            return false;
        }

        (ManagedDeviceId, EnrollmentState) = (null, EnrollmentState.NotContacted);
        return true;
    }
}

/// <summary>Graph <c>enrollmentState</c>.</summary>
public enum EnrollmentState
{
    Unknown = 0,
    Enrolled = 1,
    PendingReset = 2,
    Failed = 3,
    NotContacted = 4,
    Blocked = 5,
}

/// <summary>Graph <c>windowsAutopilotUserlessEnrollmentStatus</c>.</summary>
public enum UserlessEnrollmentStatus
{
    Unknown = 0,
    Allowed = 1,
    Blocked = 2,
}

/// <summary>Graph <c>deploymentProfileAssignmentStatus</c>, simplified to the values the portal shows.</summary>
public enum ProfileAssignmentStatus
{
    NotAssigned = 0,
    Pending = 1,
    AssignedInSync = 2,
    AssignedOutOfSync = 3,
    Failed = 4,
}
