namespace AutopilotPortal.Core.Sync;

/// <summary>What started a sync.</summary>
public enum SyncTrigger
{
    /// <summary>The twelve-hourly schedule.</summary>
    Automatic,

    /// <summary>Somebody pressed Sync.</summary>
    Manual,
}

/// <summary>The answer to a request for a sync.</summary>
public enum SyncRequestKind
{
    /// <summary>The sync has started; it runs in the background.</summary>
    Started,

    /// <summary>A sync is running already (Graph answers 409).</summary>
    InProgress,

    /// <summary>A manual sync ran less than ten minutes ago (Graph answers 429); see <see cref="SyncRequestResult.AvailableAt"/>.</summary>
    Throttled,
}

/// <summary>The answer to <see cref="SyncService.RequestSyncAsync"/>.</summary>
/// <param name="Kind">Started, or why not.</param>
/// <param name="AvailableAt">When throttled: the time (UTC) a manual sync may be asked for again.</param>
public sealed record SyncRequestResult(SyncRequestKind Kind, DateTime? AvailableAt = null)
{
    /// <summary>The background sync this request started (its summary, or null if it failed); completed when nothing was started.</summary>
    public Task<SyncSummary?> Completion { get; init; } = Task.FromResult<SyncSummary?>(null);
}

/// <summary>What one sync changed.</summary>
/// <param name="Added">Registrations that appeared in Intune's list.</param>
/// <param name="Removed">Intune rows whose registration is gone, deleted.</param>
/// <param name="Updated">Intune rows whose properties were copied again from the registration.</param>
/// <param name="ProfilesDelivered">Pending devices whose intended profile was delivered (now assigned in sync).</param>
/// <param name="ProfilesCleared">Devices no profile targets any more whose assigned profile was cleared.</param>
public sealed record SyncSummary(int Added, int Removed, int Updated, int ProfilesDelivered, int ProfilesCleared)
{
    public override string ToString() =>
        $"{Added:N0} added, {Removed:N0} removed, {Updated:N0} updated, {ProfilesDelivered:N0} profiles delivered, {ProfilesCleared:N0} profiles cleared";
}

/// <summary><c>windowsAutopilotSettings</c> as the devices page shows it.</summary>
/// <param name="LastSyncDateTime">When the last sync completed (UTC).</param>
/// <param name="LastManualSyncTriggerDateTime">When a sync was last asked for by hand (UTC).</param>
/// <param name="SyncStatus">The status; a sync whose instance stopped without finishing shows as failed.</param>
/// <param name="LastSyncSummary">What the last sync did, or why it failed.</param>
/// <param name="ManualSyncAvailableAt">When a manual sync may next be asked for (UTC); null when it may be now.</param>
public sealed record SyncSettingsView(
    DateTime? LastSyncDateTime,
    DateTime? LastManualSyncTriggerDateTime,
    SyncStatus SyncStatus,
    string? LastSyncSummary,
    DateTime? ManualSyncAvailableAt)
{
    public bool IsRunning => SyncStatus == SyncStatus.InProgress;
}
