namespace AutopilotPortal.Core.Groups.Rules;

/// <summary>Why a membership rule could not be parsed, and where.</summary>
/// <param name="Position">0-based index into the rule text where the problem is.</param>
/// <param name="Length">How many characters the problem spans: at least 1, or 0 at the end of the text.</param>
/// <param name="Message">
/// One sentence naming the 1-based column, what is wrong and what was expected, e.g.
/// <c>Column 27: expected an operator such as -eq, -contains or -any after 'device.deviceModel', but found '"HP"'.</c>
/// </param>
public sealed record MembershipRuleError(int Position, int Length, string Message);
