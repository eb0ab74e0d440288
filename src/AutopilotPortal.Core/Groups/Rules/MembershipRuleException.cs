namespace AutopilotPortal.Core.Groups.Rules;

/// <summary>Thrown by <see cref="MembershipRule.Parse"/> when the rule text is not a valid rule.</summary>
public sealed class MembershipRuleException : Exception
{
    /// <summary>Creates the exception for <paramref name="error"/>; its message is the error's message.</summary>
    public MembershipRuleException(MembershipRuleError error)
        : base(error?.Message)
    {
        ArgumentNullException.ThrowIfNull(error);
        Error = error;
    }

    /// <summary>Where the rule is wrong and why.</summary>
    public MembershipRuleError Error { get; }
}
