using System.Data.Common;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AutopilotPortal.Benchmarks;

/// <summary>Totals, per kind of statement, how often EF ran it and how long it took (<c>--profile</c>).</summary>
internal sealed partial class SqlStats : DbCommandInterceptor
{
    private readonly Dictionary<string, (int Count, TimeSpan Time)> _totals = [];

    public IEnumerable<string> Lines() => _totals.OrderByDescending(t => t.Value.Time)
        .Select(t => $"{t.Value.Time.TotalSeconds,7:N2} s {t.Value.Count,6:N0}x  {t.Key}");

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Add(command, eventData.Duration);
        return base.ReaderExecutedAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Add(command, eventData.Duration);
        return base.NonQueryExecutedAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Add(command, eventData.Duration);
        return base.ScalarExecutedAsync(command, eventData, result, cancellationToken);
    }

    private void Add(DbCommand command, TimeSpan duration)
    {
        var key = Kind(command.CommandText);
        lock (_totals)
        {
            var (count, time) = _totals.GetValueOrDefault(key);
            _totals[key] = (count + 1, time + duration);
        }
    }

    /// <summary>The statement's verbs and tables, e.g. "INSERT DdsRegistrations ×3 | SELECT DdsRegistrations".</summary>
    private static string Kind(string sql)
    {
        var statements = Statement().Matches(sql).Select(m => $"{m.Groups[1].Value.ToUpperInvariant()} {m.Groups[2].Value}").ToList();
        return string.Join(" | ", statements.GroupBy(s => s).Select(g => g.Count() == 1 ? g.Key : $"{g.Key} x{g.Count()}"));
    }

    [GeneratedRegex("""(?:^|;)\s*(SELECT|INSERT INTO|UPDATE|DELETE FROM)\b.*?(?:FROM\s+)?"(\w+)"|(?:^|;)\s*(SELECT)""", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Statement();
}
