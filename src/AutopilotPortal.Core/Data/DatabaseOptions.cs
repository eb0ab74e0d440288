using System.ComponentModel.DataAnnotations;

namespace AutopilotPortal.Core.Data;

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
