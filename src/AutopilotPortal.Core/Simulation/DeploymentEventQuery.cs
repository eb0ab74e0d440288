namespace AutopilotPortal.Core.Simulation;

/// <summary>What the deployment events page asks for.</summary>
public sealed record DeploymentEventQuery
{
    /// <summary>Only events of this result; null for all.</summary>
    public DeploymentResult? Result { get; init; }

    /// <summary>Only events of serial numbers starting with this (case-insensitive).</summary>
    public string? Serial { get; init; }

    /// <summary>Only events of this device.</summary>
    public Guid? AutopilotDeviceId { get; init; }

    public int Skip { get; init; }

    public int Take { get; init; } = 25;
}
