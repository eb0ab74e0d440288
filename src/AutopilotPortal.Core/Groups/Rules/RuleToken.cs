namespace AutopilotPortal.Core.Groups.Rules;

internal enum RuleTokenKind
{
    /// <summary>A name such as <c>device.deviceModel</c>, <c>_</c>, <c>true</c>, <c>null</c> or a dashless operator (<c>eq</c>).</summary>
    Word,

    /// <summary>A dash and a name: <c>-eq</c>, <c>-any</c>, <c>-and</c>; <see cref="RuleToken.Value"/> is the name without the dash.</summary>
    Operator,

    /// <summary>A double-quoted string; <see cref="RuleToken.Value"/> is its content with the backtick escapes undone.</summary>
    String,

    LeftParenthesis,
    RightParenthesis,
    LeftBracket,
    RightBracket,
    Comma,
    End,
}

/// <summary>One token of a rule and where it sits in the rule text.</summary>
/// <param name="Kind">What the token is.</param>
/// <param name="Position">0-based index of its first character in the rule text.</param>
/// <param name="Length">How many characters of the rule text it spans (0 for the end).</param>
/// <param name="Value">Its meaning: the word, the operator name without its dash, or the unescaped string.</param>
internal readonly record struct RuleToken(RuleTokenKind Kind, int Position, int Length, string Value);
