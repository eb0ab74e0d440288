using System.ComponentModel.DataAnnotations;

namespace AutopilotPortal.Core.Decommissioning;

/// <summary>The <c>Decommission</c> section: the worker that runs ordered decommissions.</summary>
public sealed class DecommissionOptions
{
    public const string SectionName = "Decommission";

    /// <summary>Whether this instance runs decommissions (several instances may; each decommission is claimed by one).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the worker looks for unfinished work when nobody wakes it (starting one wakes it at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an instance's claim on a decommission lasts unless renewed; a crashed instance's work is resumed after this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(1);
}
