using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace AutopilotPortal.Core.Groups.Rules;

/// <summary>
/// A parsed Entra dynamic-device-group membership rule, such as
/// <c>device.devicePhysicalIds -any (_ -contains "[ZTDId]")</c>, ready to evaluate against many devices.
/// </summary>
/// <remarks>
/// Parse once, evaluate often: parsing checks the whole rule (properties, operators, value types,
/// regex patterns) and compiles its regexes; <see cref="Evaluate"/> allocates nothing and is safe to call
/// from several threads at once. See <c>docs/decisions/0005-membership-rules.md</c> for the supported subset.
/// </remarks>
public sealed class MembershipRule
{
    /// <summary>The longest rule Entra accepts, in characters.</summary>
    public const int MaxLength = 3072;

    private readonly RuleNode root;

    private MembershipRule(string text, RuleNode root, IReadOnlySet<string> properties)
    {
        Text = text;
        this.root = root;
        Properties = properties;
    }

    /// <summary>How long one <c>-match</c> or <c>-notMatch</c> may run on one value before the device counts as <see cref="RuleMatch.TimedOut"/>.</summary>
    public static TimeSpan MatchTimeout { get; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The rule exactly as given to <see cref="Parse"/>.</summary>
    public string Text { get; }

    /// <summary>
    /// The device properties the rule reads, as canonical camelCase names without <c>device.</c>
    /// (e.g. <c>devicePhysicalIds</c>); lookups ignore case. A device whose listed properties did not
    /// change keeps its membership, so callers may skip re-evaluating it.
    /// </summary>
    public IReadOnlySet<string> Properties { get; }

    /// <summary>The parsed tree; tests read it to check precedence.</summary>
    internal RuleNode Root => root;

    /// <summary>Parses <paramref name="text"/> as a device membership rule.</summary>
    /// <exception cref="MembershipRuleException">The text is not a valid rule; <see cref="MembershipRuleException.Error"/> says where and why.</exception>
    public static MembershipRule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (root, properties) = RuleParser.Parse(text, MatchTimeout);
        return new MembershipRule(text, root, properties);
    }

    /// <summary>Parses <paramref name="text"/>, returning the error instead of throwing; a null text reads as empty.</summary>
    public static bool TryParse(
        string text,
        [NotNullWhen(true)] out MembershipRule? rule,
        [NotNullWhen(false)] out MembershipRuleError? error)
    {
        try
        {
            rule = Parse(text ?? string.Empty);
            error = null;
            return true;
        }
        catch (MembershipRuleException exception)
        {
            rule = null;
            error = exception.Error;
            return false;
        }
    }

    /// <summary>Whether <paramref name="device"/> satisfies the rule.</summary>
    /// <returns>
    /// <see cref="RuleMatch.TimedOut"/> when a regex ran longer than <see cref="MatchTimeout"/>: the
    /// device is then not a member, and the caller may report the rule as too expensive.
    /// </returns>
    public RuleMatch Evaluate(RuleDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        try
        {
            return root.Evaluate(device, element: null) ? RuleMatch.Match : RuleMatch.NoMatch;
        }
        catch (RegexMatchTimeoutException)
        {
            return RuleMatch.TimedOut;
        }
    }

    /// <summary>Whether the device is a member: <see cref="Evaluate"/> returned <see cref="RuleMatch.Match"/>.</summary>
    public bool Matches(RuleDevice device) => Evaluate(device) == RuleMatch.Match;

    /// <summary>The rule text.</summary>
    public override string ToString() => Text;
}
