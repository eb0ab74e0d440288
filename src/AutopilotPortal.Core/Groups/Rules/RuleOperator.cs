namespace AutopilotPortal.Core.Groups.Rules;

/// <summary>The operators of the rule language, each written with or without a leading dash.</summary>
internal enum RuleOperator
{
    Eq,
    Ne,
    StartsWith,
    NotStartsWith,
    EndsWith,
    NotEndsWith,
    Contains,
    NotContains,
    Match,
    NotMatch,
    In,
    NotIn,
    Any,
    All,
    And,
    Or,
    Not,
}

internal static class RuleOperators
{
    private static readonly (string Name, RuleOperator Operator)[] Table =
    [
        ("eq", RuleOperator.Eq),
        ("ne", RuleOperator.Ne),
        ("startsWith", RuleOperator.StartsWith),
        ("notStartsWith", RuleOperator.NotStartsWith),
        ("endsWith", RuleOperator.EndsWith),
        ("notEndsWith", RuleOperator.NotEndsWith),
        ("contains", RuleOperator.Contains),
        ("notContains", RuleOperator.NotContains),
        ("match", RuleOperator.Match),
        ("notMatch", RuleOperator.NotMatch),
        ("in", RuleOperator.In),
        ("notIn", RuleOperator.NotIn),
        ("any", RuleOperator.Any),
        ("all", RuleOperator.All),
        ("and", RuleOperator.And),
        ("or", RuleOperator.Or),
        ("not", RuleOperator.Not),
    ];

    /// <summary>"-eq, -ne, … -any and -all": the operators that may follow a property.</summary>
    public const string ComparisonList =
        "-eq, -ne, -startsWith, -notStartsWith, -endsWith, -notEndsWith, -contains, -notContains, " +
        "-match, -notMatch, -in, -notIn, -any and -all";

    /// <summary>Finds an operator by name, case-insensitively; <paramref name="name"/> has no dash.</summary>
    public static bool TryFind(ReadOnlySpan<char> name, out RuleOperator op)
    {
        foreach (var entry in Table)
        {
            if (name.Equals(entry.Name, StringComparison.OrdinalIgnoreCase))
            {
                op = entry.Operator;
                return true;
            }
        }

        op = default;
        return false;
    }

    /// <summary>The canonical spelling with its dash, e.g. <c>-startsWith</c>.</summary>
    public static string Display(RuleOperator op)
    {
        foreach (var entry in Table)
        {
            if (entry.Operator == op)
            {
                return "-" + entry.Name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(op), op, "Not a rule operator.");
    }

    public static bool IsComparison(RuleOperator op) => op <= RuleOperator.NotIn;

    public static bool IsCollection(RuleOperator op) => op is RuleOperator.Any or RuleOperator.All;
}
