namespace AutopilotPortal.Core.Decommissioning;

/// <summary>A decommission as the page shows it.</summary>
public sealed record DecommissionView(
    Guid Id,
    Guid? BatchId,
    DecommissionKind Kind,
    DecommissionState State,
    string SerialNumber,
    Guid AutopilotDeviceId,
    Guid Ztdid,
    string RequestedBy,
    DateTime RequestedAt,
    DateTime? CompletedAt,
    string? FailureReason,
    string? Note,
    int Attempts,
    Guid? ReplacementDeviceId,
    Guid? ReplacementZtdid,
    IReadOnlyList<DecommissionStepView> Steps)
{
    /// <summary>Steps completed so far.</summary>
    public int CompletedSteps => Steps.Count(s => s.State == DecommissionStepState.Completed);

    /// <summary>The serial number of the device a motherboard replacement registered, while that device exists.</summary>
    public string? ReplacementSerial { get; init; }
}

/// <summary>One step as the page shows it.</summary>
public sealed record DecommissionStepView(int Order, DecommissionStepKind Kind, string Label, DecommissionStepState State, DateTime? CompletedAt, string? Outcome);

/// <summary>How far a bulk decommission has got.</summary>
public sealed record DecommissionBatchProgress(Guid BatchId, int Total, int Completed, int Failed, DateTime RequestedAt)
{
    public int Remaining => Total - Completed - Failed;
}

/// <summary>What a decommission of these devices would remove: the confirmation names it.</summary>
public sealed record DecommissionPlan(DecommissionKind Kind, IReadOnlyList<DecommissionPlanItem> Devices)
{
    /// <summary>True when some device cannot be decommissioned now (see <see cref="DecommissionPlanItem.Blocker"/>).</summary>
    public bool Blocked => Devices.Any(d => d.Blocker is not null);
}

/// <summary>One device of a <see cref="DecommissionPlan"/>.</summary>
/// <param name="DeviceId">The Intune Autopilot row.</param>
/// <param name="SerialNumber">Its serial number.</param>
/// <param name="Ztdid">The registration's ZTDID.</param>
/// <param name="ManagedDeviceName">The Intune managed-device record's name, when the device is enrolled.</param>
/// <param name="EntraObjectName">The Entra object's name, when it exists.</param>
/// <param name="HybridJoined">True when the Entra object is synced from on-premises AD (kept; the AD object is the admin's to delete).</param>
/// <param name="Blocker">Why this device cannot be decommissioned now, or null.</param>
public sealed record DecommissionPlanItem(Guid DeviceId, string SerialNumber, Guid Ztdid, string? ManagedDeviceName, string? EntraObjectName, bool HybridJoined, string? Blocker)
{
    public bool Enrolled => ManagedDeviceName is not null;
}

/// <summary>What deleting an Entra object on its own would do, for the warning before it.</summary>
/// <param name="DisplayName">Its name.</param>
/// <param name="AutopilotSerialNumber">The Autopilot device whose object this is, or null when it is not an Autopilot object.</param>
/// <param name="Groups">The groups it leaves.</param>
/// <param name="Consequences">What follows, one sentence each.</param>
public sealed record EntraDeletePlan(string DisplayName, string? AutopilotSerialNumber, IReadOnlyList<string> Groups, IReadOnlyList<string> Consequences);
