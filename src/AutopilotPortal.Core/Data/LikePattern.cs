namespace AutopilotPortal.Core.Data;

/// <summary>
/// LIKE patterns built from what a person typed: the term's own <c>%</c>, <c>_</c> and <c>\</c> match
/// themselves (use the patterns with <see cref="Escape"/> as LIKE's escape character).
/// </summary>
public static class LikePattern
{
    /// <summary>The escape character the patterns use.</summary>
    public const string Escape = "\\";

    /// <summary>Matches values that contain <paramref name="term"/>.</summary>
    public static string Contains(string term) => "%" + Quote(term) + "%";

    /// <summary>Matches values that start with <paramref name="term"/>.</summary>
    public static string StartsWith(string term) => Quote(term) + "%";

    private static string Quote(string term) =>
        term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
