using System.ComponentModel.DataAnnotations;

namespace AutopilotPortal.Core.Sync;

/// <summary>The <c>Sync</c> section: the twelve-hourly sync and the manual throttle.</summary>
public sealed class SyncOptions
{
    public const string SectionName = "Sync";

    /// <summary>
    /// Whether this instance runs the twelve-hourly sync. Several instances may all leave it on
    /// (a lease in the database lets one run each sync); tests turn it off.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long after the last completed sync the scheduled one is due: twelve hours, as the real service
    /// syncs. A test or demonstration portal that must show several scheduled syncs shortens it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AutomaticInterval { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// How long after a manual sync the next may be asked for: ten minutes, as the real service
    /// answers 429. Only a test portal that must sync twice in one flow shortens it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ManualInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the scheduler asks whether a sync is due; the due time itself comes from the database.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}
