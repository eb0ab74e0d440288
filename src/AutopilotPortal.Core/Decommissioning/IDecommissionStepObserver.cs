namespace AutopilotPortal.Core.Decommissioning;

/// <summary>
/// Told by the decommission worker each time it has committed a step (0 = the decommission was
/// claimed, before step 1). The product registers none; a test host registers one to stop the
/// process at a chosen step and prove that a restart resumes there.
/// </summary>
public interface IDecommissionStepObserver
{
    /// <summary>Called after step <paramref name="afterStep"/> of decommission <paramref name="decommissionId"/> committed, before the next begins.</summary>
    Task StepCommittedAsync(Guid decommissionId, int afterStep, CancellationToken cancellationToken);
}
