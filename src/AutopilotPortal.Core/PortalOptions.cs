using System.ComponentModel.DataAnnotations;

namespace AutopilotPortal.Core;

/// <summary>The <c>Autopilot</c> section: who the portal acts for and how imports are run.</summary>
public sealed class PortalOptions
{
    public const string SectionName = "Autopilot";

    /// <summary>The tenant the portal acts for. Created on first start if missing.</summary>
    [Required]
    public Guid TenantId { get; set; }

    [Required, MaxLength(256)]
    public string TenantName { get; set; } = "Contoso";

    [Required, MaxLength(256)]
    public string TenantDomain { get; set; } = "contoso.onmicrosoft.com";

    /// <summary>
    /// Rows written per transaction during an import. Each commit writes every index page the
    /// batch touched, and random keys touch most of them, so fewer, larger batches write far less.
    /// </summary>
    [Range(1, 10_000)]
    public int ImportBatchSize { get; set; } = 2000;

    /// <summary>
    /// The most rows one file may hold. Intune caps a CSV at 500 rows; the portal streams and
    /// takes far more, and refuses rows past this limit with a message naming it.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxImportRows { get; set; } = 100_000;

    /// <summary>The largest file the import page accepts, in bytes.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxImportFileBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>
    /// Where uploaded CSVs wait for their preview and import; empty means <c>uploads</c> beside the
    /// database file. Whatever is left there when the portal starts is deleted, so give several
    /// instances on one machine a folder each.
    /// </summary>
    [MaxLength(1024)]
    public string? UploadFolder { get; set; }

    /// <summary>How many synthetic devices the OEM catalog is seeded with on first start (0 leaves it empty).</summary>
    [Range(0, 1_000_000)]
    public int OemCatalogSize { get; set; } = 500;

    /// <summary>
    /// Whether this instance runs the twelve-hourly sync. Several instances may all leave it on
    /// (a lease in the database lets one run each sync); tests turn it off.
    /// </summary>
    public bool SyncEnabled { get; set; } = true;

    /// <summary>
    /// How long after a manual sync the next may be asked for: ten minutes, as the real service
    /// answers 429. Only a test portal that must sync twice in one flow shortens it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan ManualSyncInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the scheduler asks whether a sync is due; the due time itself comes from the database.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SyncCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Whether this instance runs decommissions (several instances may; each decommission is claimed by one).</summary>
    public bool DecommissionEnabled { get; set; } = true;

    /// <summary>How often the decommission worker looks for unfinished work when nobody wakes it (starting one wakes it at once).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan DecommissionPollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an instance's claim on a decommission lasts unless renewed; a crashed instance's work is resumed after this.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan DecommissionLeaseDuration { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Tests only (ignored in the Production environment): after committing this step (0 = after
    /// claiming, before step 1) the worker writes a marker line and stops, so a test can kill the process there.
    /// </summary>
    [Range(0, 4)]
    public int? DecommissionHaltAfterStep { get; set; }
}

/// <summary>The <c>Database</c> section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary><c>Sqlite</c> (embedded default).</summary>
    [Required, RegularExpression("^(Sqlite)$", ErrorMessage = "Database:Provider must be 'Sqlite'.")]
    public string Provider { get; set; } = "Sqlite";

    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/autopilot.db";
}
