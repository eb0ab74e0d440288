using System.ComponentModel.DataAnnotations;

namespace AutopilotPortal.Core.Import;

/// <summary>The <c>Import</c> section: how CSV imports (and OEM uploads) are read and written.</summary>
public sealed class ImportOptions
{
    public const string SectionName = "Import";

    /// <summary>
    /// Rows written per transaction during an import. Each commit writes every index page the
    /// batch touched, and random keys touch most of them, so fewer, larger batches write far less.
    /// </summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 2000;

    /// <summary>
    /// The most rows one file may hold. Intune caps a CSV at 500 rows; the portal streams and
    /// takes far more, and refuses rows past this limit with a message naming it.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxRows { get; set; } = 100_000;

    /// <summary>The largest file the import and partner pages accept, in bytes.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>
    /// Where uploaded CSVs wait for their preview and import; empty means <c>uploads</c> beside the
    /// database file. Whatever is left there when the portal starts is deleted, so give several
    /// instances on one machine a folder each.
    /// </summary>
    [MaxLength(1024)]
    public string? UploadFolder { get; set; }
}
