using AutopilotPortal.Core.Intune;

namespace AutopilotPortal.Core.Decommissioning;

/// <summary>
/// One device's decommission: the ordered steps that remove its Intune managed-device record, its
/// Autopilot registration and its Entra object. What it removes is captured when it is requested,
/// so that a resumed decommission removes exactly what the admin confirmed.
/// </summary>
public sealed class Decommission
{
    public Guid Id { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>Set when several devices were decommissioned together (bulk): the page shows their progress as one.</summary>
    public Guid? BatchId { get; set; }

    public DecommissionKind Kind { get; set; }

    public DecommissionState State { get; set; }

    /// <summary>The Intune row (<see cref="Intune.AutopilotDevice.Id"/>) the decommission was started from. No foreign key: the row is deleted by it.</summary>
    public Guid AutopilotDeviceId { get; set; }

    /// <summary>The deployment-service registration to remove.</summary>
    public Guid RegistrationId { get; set; }

    public Guid Ztdid { get; set; }

    public required string SerialNumber { get; set; }

    /// <summary>The Intune managed-device record at request time, if the device had enrolled.</summary>
    public Guid? ManagedDeviceId { get; set; }

    /// <summary>The Entra object at request time (object id).</summary>
    public Guid? DirectoryObjectId { get; set; }

    /// <summary>The Entra object's device id at request time (managed records point at it).</summary>
    public Guid? AzureActiveDirectoryDeviceId { get; set; }

    public required string RequestedBy { get; set; }

    public DateTime RequestedAt { get; set; }

    public DateTime? CompletedAt { get; set; }

    /// <summary>Why the last attempt stopped; null unless <see cref="State"/> is <see cref="DecommissionState.Failed"/>.</summary>
    public string? FailureReason { get; set; }

    /// <summary>Something the admin must do themselves (the on-premises AD computer object of a hybrid device).</summary>
    public string? Note { get; set; }

    /// <summary>How many times a worker has started on it (1 for an uninterrupted run).</summary>
    public int Attempts { get; set; }

    /// <summary>The worker instance running it; see docs/decisions/0010.</summary>
    public string? LeaseOwner { get; set; }

    public DateTime? LeaseExpiresAt { get; set; }

    /// <summary>Motherboard replacement: the new hardware hash, registered as a new device once the old one is gone.</summary>
    public string? ReplacementHash { get; set; }

    public string? ReplacementGroupTag { get; set; }

    /// <summary>Motherboard replacement: the new device's Intune row once registered.</summary>
    public Guid? ReplacementDeviceId { get; set; }

    public Guid? ReplacementZtdid { get; set; }

    public List<DecommissionStep> Steps { get; set; } = [];

    /// <summary>
    /// What removing <paramref name="device"/>'s records would remove, taken from its Intune row now;
    /// the caller sets the request's id, kind, state, requester and steps before saving it.
    /// </summary>
    /// <param name="tenantId">The tenant the device belongs to.</param>
    /// <param name="device">The Intune row the removal starts from.</param>
    /// <param name="managedDeviceId">The managed-device record found for it; null to keep the row's own.</param>
    internal static Decommission Capture(Guid tenantId, AutopilotDevice device, Guid? managedDeviceId) => new()
    {
        TenantId = tenantId,
        AutopilotDeviceId = device.Id,
        RegistrationId = device.RegistrationId,
        Ztdid = device.Ztdid,
        SerialNumber = device.SerialNumber,
        ManagedDeviceId = managedDeviceId ?? device.ManagedDeviceId,
        DirectoryObjectId = device.DirectoryObjectId,
        AzureActiveDirectoryDeviceId = device.AzureActiveDirectoryDeviceId,
        RequestedBy = "system",
    };
}

/// <summary>One step of a <see cref="Decommission"/>. Its completion is committed before the next step starts.</summary>
public sealed class DecommissionStep
{
    public Guid DecommissionId { get; set; }

    /// <summary>1, 2, 3…: the order the steps run in.</summary>
    public int Order { get; set; }

    public DecommissionStepKind Kind { get; set; }

    public DecommissionStepState State { get; set; }

    public DateTime? CompletedAt { get; set; }

    /// <summary>What the step found: "Removed", "Already gone", the hybrid note…</summary>
    public string? Outcome { get; set; }
}

/// <summary>What a decommission removes.</summary>
public enum DecommissionKind
{
    /// <summary>Intune managed-device record, Autopilot registration, Entra object.</summary>
    Full = 0,

    /// <summary>Intune's "delete" of an Autopilot device: the managed-device record, then the registration; the Entra object stays.</summary>
    OneStepDelete = 1,

    /// <summary>A full decommission of the old board, then the new hash registered as a new device.</summary>
    MotherboardReplacement = 2,
}

/// <summary>Where a decommission stands.</summary>
public enum DecommissionState
{
    Pending = 0,
    Running = 1,
    Failed = 2,
    Completed = 3,
}

/// <summary>The kinds of step, in the only order they run.</summary>
public enum DecommissionStepKind
{
    IntuneManagedDevice = 1,
    AutopilotRegistration = 2,
    EntraObject = 3,
    RegisterReplacement = 4,
}

/// <summary>Where a step stands.</summary>
public enum DecommissionStepState
{
    Pending = 0,
    Completed = 1,
    Failed = 2,
}
