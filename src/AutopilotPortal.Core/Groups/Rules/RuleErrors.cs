namespace AutopilotPortal.Core.Groups.Rules;

/// <summary>Builds the errors the parser throws, each naming its 1-based column first.</summary>
internal static class RuleErrors
{
    private const int MaxQuotedLength = 40;

    public static MembershipRuleException At(int position, int length, string message) =>
        new(new MembershipRuleError(position, length, $"Column {position + 1}: {message}"));

    public static MembershipRuleException At(RuleToken token, string message) =>
        At(token.Position, token.Length, message);

    /// <summary>How a token reads in a message: its text in quotes (shortened when long), or "the end of the rule".</summary>
    public static string Describe(string text, RuleToken token)
    {
        if (token.Kind == RuleTokenKind.End)
        {
            return "the end of the rule";
        }

        var raw = text.AsSpan(token.Position, token.Length);
        return raw.Length <= MaxQuotedLength
            ? $"'{raw}'"
            : $"'{raw[..(MaxQuotedLength - 1)]}…'";
    }

}
