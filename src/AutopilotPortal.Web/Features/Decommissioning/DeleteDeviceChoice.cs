namespace AutopilotPortal.Web.Features.Decommissioning;

/// <summary>How <see cref="DeleteDeviceDialog"/> closed.</summary>
public enum DeleteDeviceChoice
{
    /// <summary>The device was deleted.</summary>
    Deleted,

    /// <summary>It is enrolled; the admin chose the full decommission.</summary>
    Decommission,

    /// <summary>It is enrolled; the admin chose the one-step delete (Intune record, then registration).</summary>
    OneStepDelete,
}
