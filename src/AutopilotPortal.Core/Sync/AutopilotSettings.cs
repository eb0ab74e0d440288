namespace AutopilotPortal.Core.Sync;

/// <summary>
/// Intune's sync settings for one tenant (Graph <c>windowsAutopilotSettings</c>), and the lease
/// that lets exactly one portal instance run a sync when several share the database.
/// </summary>
public sealed class AutopilotSettings
{
    public Guid TenantId { get; set; }

    /// <summary>When the last sync completed (UTC); null before the first.</summary>
    public DateTime? LastSyncDateTime { get; set; }

    /// <summary>When somebody last started a sync by hand (UTC); manual syncs are throttled from it.</summary>
    public DateTime? LastManualSyncTriggerDateTime { get; set; }

    public SyncStatus SyncStatus { get; set; }

    /// <summary>What the last sync did (counts), or why it failed.</summary>
    public string? LastSyncSummary { get; set; }

    /// <summary>The instance running a sync now (<see cref="SyncService.InstanceId"/>), while <see cref="LeaseExpiresAt"/> is in the future.</summary>
    public string? LeaseOwner { get; set; }

    /// <summary>When the running sync's lease lapses unless renewed (UTC); a crashed instance's lease lapses on its own.</summary>
    public DateTime? LeaseExpiresAt { get; set; }
}

/// <summary>Graph <c>windowsAutopilotSyncStatus</c>.</summary>
public enum SyncStatus
{
    Unknown = 0,
    InProgress = 1,
    Completed = 2,
    Failed = 3,
}
