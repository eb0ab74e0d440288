using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace AutopilotPortal.Core.Groups.Rules;

/// <summary>
/// A recursive-descent parser for the rule grammar, lowest precedence first:
/// <code>
/// rule       = or END
/// or         = and { "-or" and }
/// and        = not { "-and" not }
/// not        = "-not" not | primary
/// primary    = "(" or ")" | condition
/// condition  = property ( compare value | ("-any" | "-all") not )    ; the "not" binds _ to each value
/// </code>
/// Types are checked here, so a rule that parses can always be evaluated.
/// </summary>
internal sealed class RuleParser
{
    private const string ConditionExample = "device.deviceModel -eq \"value\"";
    private const string ElementExample = "_ -contains \"value\"";
    private const string CollectionExample = "device.devicePhysicalIds -any (_ -contains \"[ZTDId]\")";

    private readonly string text;
    private readonly List<RuleToken> tokens;
    private readonly HashSet<RuleProperty> properties = [];
    private readonly TimeSpan matchTimeout;
    private int index;

    private RuleParser(string text, TimeSpan matchTimeout)
    {
        this.text = text;
        this.matchTimeout = matchTimeout;
        tokens = RuleTokenizer.Tokenize(text);
    }

    /// <summary>The parsed tree and the canonical names of the properties it reads.</summary>
    /// <exception cref="MembershipRuleException">The text is not a valid rule.</exception>
    public static (RuleNode Root, IReadOnlySet<string> Properties) Parse(string text, TimeSpan matchTimeout)
    {
        if (text.Length > MembershipRule.MaxLength)
        {
            throw RuleErrors.At(
                MembershipRule.MaxLength,
                text.Length - MembershipRule.MaxLength,
                $"the rule is {text.Length} characters long, but a rule may have at most {MembershipRule.MaxLength}.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw RuleErrors.At(0, text.Length, $"the rule is empty; expected a condition such as {ConditionExample}.");
        }

        var parser = new RuleParser(text, matchTimeout);
        var root = parser.ParseOr(scope: null);
        var next = parser.Peek();
        if (next.Kind != RuleTokenKind.End)
        {
            throw RuleErrors.At(next, $"expected -and, -or or the end of the rule, but found {parser.Describe(next)}.");
        }

        var names = parser.properties.Select(RuleProperties.NameOf).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        return (root, names);
    }

    // scope: the collection whose values "_" stands for, inside -any/-all; null outside.
    private RuleNode ParseOr(RuleToken? scope)
    {
        var left = ParseAnd(scope);
        while (IsOperator(Peek(), RuleOperator.Or))
        {
            index++;
            left = new OrNode(left, ParseAnd(scope));
        }

        return left;
    }

    private RuleNode ParseAnd(RuleToken? scope)
    {
        var left = ParseNot(scope);
        while (IsOperator(Peek(), RuleOperator.And))
        {
            index++;
            left = new AndNode(left, ParseNot(scope));
        }

        return left;
    }

    private RuleNode ParseNot(RuleToken? scope)
    {
        if (IsOperator(Peek(), RuleOperator.Not))
        {
            index++;
            return new NotNode(ParseNot(scope));
        }

        return ParsePrimary(scope);
    }

    private RuleNode ParsePrimary(RuleToken? scope)
    {
        var token = Peek();
        if (token.Kind == RuleTokenKind.LeftParenthesis)
        {
            index++;
            var inner = ParseOr(scope);
            var close = Next();
            if (close.Kind != RuleTokenKind.RightParenthesis)
            {
                throw RuleErrors.At(
                    close,
                    $"expected -and, -or or ')' to close the '(' at column {token.Position + 1}, but found {Describe(close)}.");
            }

            return inner;
        }

        return ParseCondition(scope);
    }

    private RuleNode ParseCondition(RuleToken? scope)
    {
        var operand = Next();
        var (property, kind) = ResolveOperand(operand, scope);
        var operatorToken = Next();
        if (!TryGetOperator(operatorToken, out var op) || !(RuleOperators.IsComparison(op) || RuleOperators.IsCollection(op)))
        {
            if (operatorToken.Kind == RuleTokenKind.Operator && !RuleOperators.TryFind(operatorToken.Value, out _))
            {
                throw RuleErrors.At(
                    operatorToken,
                    $"unknown operator {Describe(operatorToken)}; supported operators are {RuleOperators.ComparisonList}.");
            }

            throw RuleErrors.At(
                operatorToken,
                $"expected an operator such as -eq, -contains or -any after {Describe(operand)}, but found {Describe(operatorToken)}.");
        }

        if (kind == RulePropertyKind.StringCollection)
        {
            if (!RuleOperators.IsCollection(op))
            {
                throw RuleErrors.At(
                    operatorToken,
                    $"{RuleProperties.Display(property)} holds several values, so it takes -any or -all, " +
                    $"e.g. {CollectionExample}, but found {Describe(operatorToken)}.");
            }

            if (Peek().Kind == RuleTokenKind.End)
            {
                throw RuleErrors.At(
                    Peek(),
                    $"expected a condition on '_' after {Describe(operatorToken)}, e.g. {CollectionExample}, but found the end of the rule.");
            }

            return new CollectionNode(op, ParseNot(operand));
        }

        if (RuleOperators.IsCollection(op))
        {
            var name = property == RuleProperty.Element ? "'_'" : RuleProperties.Display(property);
            throw RuleErrors.At(
                operatorToken,
                $"{Describe(operatorToken)} needs a collection such as device.devicePhysicalIds, but {name} holds a single value; " +
                $"compare it directly, e.g. {(property == RuleProperty.Element ? "_" : RuleProperties.Display(property))} -eq \"value\".");
        }

        return kind == RulePropertyKind.Boolean
            ? ParseBoolean(operatorToken, op)
            : ParseString(property, operatorToken, op);
    }

    private (RuleProperty Property, RulePropertyKind Kind) ResolveOperand(RuleToken operand, RuleToken? scope)
    {
        if (operand.Kind != RuleTokenKind.Word)
        {
            var expected = scope is null ? $"a condition such as {ConditionExample}" : $"a condition on '_' such as {ElementExample}";
            throw RuleErrors.At(operand, $"expected {expected}, but found {Describe(operand)}.");
        }

        var word = operand.Value;
        if (word == "_")
        {
            if (scope is null)
            {
                throw RuleErrors.At(
                    operand,
                    $"'_' stands for one value of a collection and can only follow -any or -all, e.g. {CollectionExample}.");
            }

            return (RuleProperty.Element, RulePropertyKind.String);
        }

        if (scope is { } collection)
        {
            throw RuleErrors.At(
                operand,
                $"inside -any or -all a condition tests '_', one value of {Describe(collection)}, but found {Describe(operand)}.");
        }

        if (!word.StartsWith(RuleProperties.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            if (RuleProperties.TryFind(word, out var bare, out _))
            {
                throw RuleErrors.At(
                    operand,
                    $"expected a property written with 'device.', e.g. {RuleProperties.Display(bare)}, but found {Describe(operand)}.");
            }

            throw RuleErrors.At(operand, $"expected a condition such as {ConditionExample}, but found {Describe(operand)}.");
        }

        if (!RuleProperties.TryFind(word.AsSpan(RuleProperties.Prefix.Length), out var property, out var kind))
        {
            throw RuleErrors.At(
                operand,
                $"unknown property {Describe(operand)}; supported device properties are {RuleProperties.SupportedList}.");
        }

        properties.Add(property);
        return (property, kind);
    }

    private BooleanNode ParseBoolean(RuleToken operatorToken, RuleOperator op)
    {
        if (op is not (RuleOperator.Eq or RuleOperator.Ne))
        {
            throw RuleErrors.At(
                operatorToken,
                $"device.accountEnabled is true or false, so it takes -eq or -ne, but found {Describe(operatorToken)}.");
        }

        var value = Next();
        if (value.Kind is RuleTokenKind.Word or RuleTokenKind.String)
        {
            // Entra accepts "true" in quotes as well as the bare keyword.
            if (value.Value.Equals("true", StringComparison.OrdinalIgnoreCase))
            {
                return new BooleanNode(op, true);
            }

            if (value.Value.Equals("false", StringComparison.OrdinalIgnoreCase))
            {
                return new BooleanNode(op, false);
            }
        }

        throw RuleErrors.At(value, $"expected true or false after {Describe(operatorToken)}, but found {Describe(value)}.");
    }

    private StringNode ParseString(RuleProperty property, RuleToken operatorToken, RuleOperator op)
    {
        if (op is RuleOperator.In or RuleOperator.NotIn)
        {
            return new InNode(property, op, ParseList(operatorToken));
        }

        var value = Next();
        var isEquality = op is RuleOperator.Eq or RuleOperator.Ne;
        if (value.Kind == RuleTokenKind.Word && value.Value.Equals("null", StringComparison.OrdinalIgnoreCase))
        {
            if (!isEquality)
            {
                throw RuleErrors.At(
                    value,
                    $"expected a quoted string after {Describe(operatorToken)}, but found 'null'; null can only be compared with -eq or -ne.");
            }

            return new NullNode(property, op);
        }

        if (value.Kind != RuleTokenKind.String)
        {
            var expected = isEquality ? "a quoted string or null" : "a quoted string";
            throw RuleErrors.At(value, $"expected {expected} after {Describe(operatorToken)}, but found {Describe(value)}.");
        }

        if (op is RuleOperator.Match or RuleOperator.NotMatch)
        {
            return new MatchNode(property, op, CompilePattern(operatorToken, value));
        }

        return new TextNode(property, op, value.Value);
    }

    private List<string> ParseList(RuleToken operatorToken)
    {
        var open = Next();
        if (open.Kind != RuleTokenKind.LeftBracket)
        {
            throw RuleErrors.At(
                open,
                $"expected a list such as [\"a\", \"b\"] after {Describe(operatorToken)}, but found {Describe(open)}.");
        }

        var values = new List<string>();
        while (true)
        {
            var item = Next();
            if (item.Kind != RuleTokenKind.String)
            {
                throw RuleErrors.At(item, $"expected a quoted string in the list, but found {Describe(item)}.");
            }

            values.Add(item.Value);
            var separator = Next();
            if (separator.Kind == RuleTokenKind.RightBracket)
            {
                return values;
            }

            if (separator.Kind != RuleTokenKind.Comma)
            {
                throw RuleErrors.At(
                    separator,
                    $"expected ',' or ']' to close the list that starts at column {open.Position + 1}, but found {Describe(separator)}.");
            }
        }
    }

    private Regex CompilePattern(RuleToken operatorToken, RuleToken value)
    {
        var required = RegexRepetition.LargestRequired(value.Value);
        if (required > RegexRepetition.MaxRequired)
        {
            throw RuleErrors.At(
                value,
                $"expected a valid regular expression after {Describe(operatorToken)}, but found {Describe(value)} " +
                $"(it requires {required:N0} repetitions; a pattern may require at most {RegexRepetition.MaxRequired:N0}, " +
                "more than any device property has characters).");
        }

        try
        {
            // Compiled: a rule is parsed once and then run over every device of the tenant.
            return new Regex(
                value.Value,
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled,
                matchTimeout);
        }
        catch (RegexParseException exception)
        {
            throw RuleErrors.At(
                value,
                $"expected a valid regular expression after {Describe(operatorToken)}, but found {Describe(value)} ({Words(exception.Error)}).");
        }
    }

    /// <summary>UnterminatedBracket → "unterminated bracket".</summary>
    private static string Words(RegexParseError error)
    {
        var name = error.ToString();
        var words = new System.Text.StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                words.Append(' ');
            }

            words.Append(char.ToLowerInvariant(name[i]));
        }

        return words.ToString();
    }

    private static bool TryGetOperator(RuleToken token, out RuleOperator op)
    {
        op = default;
        return token.Kind is RuleTokenKind.Operator or RuleTokenKind.Word && RuleOperators.TryFind(token.Value, out op);
    }

    private static bool IsOperator(RuleToken token, RuleOperator expected) =>
        TryGetOperator(token, out var op) && op == expected;

    private RuleToken Peek() => tokens[index];

    // The End token is never consumed, so reading past it keeps returning it.
    private RuleToken Next() => tokens[index] is { Kind: RuleTokenKind.End } end ? end : tokens[index++];

    private string Describe(RuleToken token) => RuleErrors.Describe(text, token);
}
