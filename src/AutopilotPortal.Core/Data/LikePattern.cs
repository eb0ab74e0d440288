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

/// <summary>
/// Filters by a LIKE pattern (<see cref="LikePattern"/>) without regard to case, as each provider does it:
/// SQLite's LIKE ignores the case of ASCII letters by itself, PostgreSQL's ILIKE ignores case. Registered as an
/// interceptor of the context (<see cref="IDatabaseProvider.Configure"/>), like <see cref="IBulkRowWriting"/>.
/// </summary>
public interface ITextMatching : Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor
{
    /// <summary>The rows of <paramref name="source"/> whose <paramref name="column"/> matches <paramref name="pattern"/>, ignoring case.</summary>
    IQueryable<T> WhereLike<T>(IQueryable<T> source, System.Linq.Expressions.Expression<Func<T, string?>> column, string pattern);
}

/// <summary>Builds the predicate an <see cref="ITextMatching"/> adds: its provider's LIKE method, the pattern as a parameter.</summary>
internal static class LikePredicate
{
    public static IQueryable<T> Where<T>(IQueryable<T> source, System.Linq.Expressions.Expression<Func<T, string?>> column, string pattern, System.Reflection.MethodInfo like)
    {
        // Read from a closure, so that the pattern is sent as a parameter rather than written into the SQL.
        var holder = new Pattern(pattern);
        System.Linq.Expressions.Expression<Func<string>> value = () => holder.Value;
        var functions = System.Linq.Expressions.Expression.Property(null, typeof(Microsoft.EntityFrameworkCore.EF).GetProperty(nameof(Microsoft.EntityFrameworkCore.EF.Functions))!);
        var body = System.Linq.Expressions.Expression.Call(like, functions, column.Body, value.Body, System.Linq.Expressions.Expression.Constant(LikePattern.Escape));
        return source.Where(System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(body, column.Parameters));
    }

    private sealed record Pattern(string Value);
}
