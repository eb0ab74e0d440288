using AutopilotPortal.Core.Profiles;

namespace AutopilotPortal.Core.Simulation;

/// <summary>
/// One simulated deployment: what the device presented, what the deployment service answered and
/// what happened per mode, step by step. Written for every run, failed ones included.
/// </summary>
public sealed class DeploymentEvent
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>Intune's devices-list row the run was started from (no foreign key: the row may be deleted later, the event stays).</summary>
    public Guid AutopilotDeviceId { get; set; }

    public required string SerialNumber { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime FinishedAt { get; set; }

    /// <summary>The profile the deployment service handed out, if any.</summary>
    public Guid? ProfileId { get; set; }

    public string? ProfileName { get; set; }

    /// <summary>What the run did: user-driven, self-deploying or pre-provisioning; null when no profile was handed out.</summary>
    public DeploymentRunMode? Mode { get; set; }

    public ProfileJoinType? JoinType { get; set; }

    public DeploymentResult Result { get; set; }

    /// <summary>Why the run failed, as a code (<see cref="DeploymentFailure"/>); null when it did not fail.</summary>
    public DeploymentFailure? FailureCode { get; set; }

    /// <summary>A sentence a person can act on: why the run failed or ended in normal OOBE.</summary>
    public string? FailureReason { get; set; }

    /// <summary>What happened, one line per step, in order.</summary>
    public List<string> Steps { get; set; } = [];

    /// <summary>The device name the run gave the device (from the profile's template), when it enrolled.</summary>
    public string? DeviceName { get; set; }

    /// <summary>The Intune managed-device record the run created or reused, when it enrolled.</summary>
    public Guid? ManagedDeviceId { get; set; }

    /// <summary>Who started the simulation.</summary>
    public required string Actor { get; set; }
}

/// <summary>How a simulated deployment ended.</summary>
public enum DeploymentResult
{
    /// <summary>The device enrolled through Autopilot.</summary>
    Succeeded = 0,

    /// <summary>The run stopped with a failure; nothing was enrolled.</summary>
    Failed = 1,

    /// <summary>The deployment service handed out no profile: the device goes through normal OOBE, not Autopilot.</summary>
    NoProfile = 2,
}

/// <summary>The path a run took, from the profile.</summary>
public enum DeploymentRunMode
{
    UserDriven = 0,
    SelfDeploying = 1,

    /// <summary>A user-driven profile that allows pre-provisioning (white glove): the technician flow.</summary>
    PreProvisioning = 2,
}

/// <summary>Why a simulated deployment failed or fell back to normal OOBE.</summary>
public enum DeploymentFailure
{
    /// <summary>The deployment service has no registration for the hardware: normal OOBE.</summary>
    NotRegistered = 0,

    /// <summary>The hash names a virtual machine; self-deploying and pre-provisioning need a physical device.</summary>
    VirtualMachine = 2,

    /// <summary>The hash shows no TPM 2.0; self-deploying and pre-provisioning attest with it.</summary>
    TpmVersion = 3,

    /// <summary>The Entra object stamped with the device's ZTDID no longer exists.</summary>
    ZtdidMismatch = 4,

    /// <summary>A pre-provisioned device's Intune record still exists.</summary>
    AlreadyPreProvisioned = 5,

    /// <summary>The profile the service holds for the device no longer exists.</summary>
    ProfileMissing = 6,

    /// <summary>The profile's device name template gives this device no valid name.</summary>
    InvalidDeviceName = 7,
}
