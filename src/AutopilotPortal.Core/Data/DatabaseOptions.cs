using System.ComponentModel.DataAnnotations;

namespace AutopilotPortal.Core.Data;

/// <summary>The <c>Database</c> section.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary><c>Sqlite</c> (embedded default) or <c>Postgres</c> (several instances on one database).</summary>
    [Required, RegularExpression("^(Sqlite|Postgres)$", ErrorMessage = "Database:Provider must be 'Sqlite' or 'Postgres'.")]
    public string Provider { get; set; } = "Sqlite";

    [Required]
    public string ConnectionString { get; set; } = "Data Source=data/autopilot.db";
}
