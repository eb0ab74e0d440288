namespace AutopilotPortal.Core.Groups.Rules;

/// <summary>The outcome of evaluating a <see cref="MembershipRule"/> against one device.</summary>
public enum RuleMatch
{
    /// <summary>The device does not satisfy the rule.</summary>
    NoMatch,

    /// <summary>The device satisfies the rule and belongs in the group.</summary>
    Match,

    /// <summary>
    /// A <c>-match</c> or <c>-notMatch</c> pattern ran longer than <see cref="MembershipRule.MatchTimeout"/>;
    /// callers treat the device as not a member.
    /// </summary>
    TimedOut,
}
