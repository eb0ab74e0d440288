using System.Text;
using System.Text.RegularExpressions;

namespace AutopilotPortal.Core.Groups.Rules;

// The syntax tree of a parsed rule. Each node evaluates itself (an interpreter over the tree): the
// parser has already resolved properties, checked types and compiled regexes, so evaluation only
// reads the device, compares spans and never allocates.

/// <summary>A node of a parsed rule.</summary>
internal abstract class RuleNode
{
    /// <summary>
    /// Whether <paramref name="device"/> satisfies this node; <paramref name="element"/> is the value
    /// <c>_</c> stands for inside an <c>-any</c> or <c>-all</c>, and null outside.
    /// </summary>
    /// <exception cref="RegexMatchTimeoutException">A <c>-match</c> pattern ran too long.</exception>
    public abstract bool Evaluate(RuleDevice device, string? element);

    /// <summary>Writes the node back as rule text, with every <c>-and</c> and <c>-or</c> in parentheses.</summary>
    public abstract void Write(StringBuilder output);

    public override string ToString()
    {
        var output = new StringBuilder();
        Write(output);
        return output.ToString();
    }

    protected static void WriteString(StringBuilder output, string value)
    {
        output.Append('"');
        foreach (var c in value)
        {
            if (c is '"' or RuleTokenizer.Escape)
            {
                output.Append(RuleTokenizer.Escape);
            }

            output.Append(c);
        }

        output.Append('"');
    }
}

internal sealed class OrNode(RuleNode left, RuleNode right) : RuleNode
{
    public override bool Evaluate(RuleDevice device, string? element) =>
        left.Evaluate(device, element) || right.Evaluate(device, element);

    public override void Write(StringBuilder output)
    {
        output.Append('(');
        left.Write(output);
        output.Append(" -or ");
        right.Write(output);
        output.Append(')');
    }
}

internal sealed class AndNode(RuleNode left, RuleNode right) : RuleNode
{
    public override bool Evaluate(RuleDevice device, string? element) =>
        left.Evaluate(device, element) && right.Evaluate(device, element);

    public override void Write(StringBuilder output)
    {
        output.Append('(');
        left.Write(output);
        output.Append(" -and ");
        right.Write(output);
        output.Append(')');
    }
}

internal sealed class NotNode(RuleNode operand) : RuleNode
{
    public override bool Evaluate(RuleDevice device, string? element) => !operand.Evaluate(device, element);

    public override void Write(StringBuilder output)
    {
        output.Append("-not ");
        operand.Write(output);
    }
}

/// <summary><c>device.accountEnabled -eq true</c> and the like.</summary>
internal sealed class BooleanNode(RuleOperator op, bool value) : RuleNode
{
    public override bool Evaluate(RuleDevice device, string? element) =>
        (device.AccountEnabled == value) == (op == RuleOperator.Eq);

    public override void Write(StringBuilder output) =>
        output.Append(RuleProperties.Display(RuleProperty.AccountEnabled))
            .Append(' ').Append(RuleOperators.Display(op))
            .Append(' ').Append(value ? "true" : "false");
}

/// <summary><c>-any</c> or <c>-all</c> over <c>device.devicePhysicalIds</c>, with <c>_</c> bound to each value.</summary>
internal sealed class CollectionNode(RuleOperator op, RuleNode body) : RuleNode
{
    public override bool Evaluate(RuleDevice device, string? element)
    {
        var all = op == RuleOperator.All;
        var values = device.DevicePhysicalIds;
        if (values is null)
        {
            return all;
        }

        // An indexed loop: no enumerator is allocated for the interface.
        for (var i = 0; i < values.Count; i++)
        {
            if (body.Evaluate(device, values[i]) != all)
            {
                return !all;
            }
        }

        return all;
    }

    public override void Write(StringBuilder output)
    {
        output.Append(RuleProperties.Display(RuleProperty.DevicePhysicalIds))
            .Append(' ').Append(RuleOperators.Display(op)).Append(' ');
        var parenthesized = body is OrNode or AndNode;
        if (!parenthesized)
        {
            output.Append('(');
        }

        body.Write(output);
        if (!parenthesized)
        {
            output.Append(')');
        }
    }
}

/// <summary>
/// A test of one string-valued property (or <c>_</c>). An absent value (null, empty, or an all-zero id)
/// reads as the empty string, so <c>-eq null</c> and <c>-eq ""</c> agree and every negated operator is
/// exactly the negation of its positive form.
/// </summary>
internal abstract class StringNode(RuleProperty property) : RuleNode
{
    private const int GuidLength = 36;

    protected RuleProperty Property { get; } = property;

    public sealed override bool Evaluate(RuleDevice device, string? element) => Property switch
    {
        RuleProperty.Element => Test(element),
        RuleProperty.DisplayName => Test(device.DisplayName),
        RuleProperty.DeviceManufacturer => Test(device.DeviceManufacturer),
        RuleProperty.DeviceModel => Test(device.DeviceModel),
        RuleProperty.DeviceOSType => Test(device.DeviceOSType),
        RuleProperty.DeviceTrustType => Test(device.DeviceTrustType),
        RuleProperty.EnrollmentProfileName => Test(device.EnrollmentProfileName),
        RuleProperty.DeviceId => TestGuid(device.DeviceId),
        RuleProperty.ObjectId => TestGuid(device.ObjectId),
        _ => throw new InvalidOperationException($"{Property} is not a string property."),
    };

    /// <summary>Tests the value; empty when the property is absent.</summary>
    protected abstract bool Test(ReadOnlySpan<char> value);

    protected void WriteStart(StringBuilder output, RuleOperator op) =>
        output.Append(RuleProperties.Display(Property)).Append(' ').Append(RuleOperators.Display(op)).Append(' ');

    private bool TestGuid(Guid id)
    {
        if (id == Guid.Empty)
        {
            return Test([]);
        }

        // Formatted into the stack, lower case with dashes as Graph returns ids.
        Span<char> text = stackalloc char[GuidLength];
        id.TryFormat(text, out var written, "D");
        return Test(text[..written]);
    }
}

/// <summary><c>-eq null</c> or <c>-ne null</c>.</summary>
internal sealed class NullNode(RuleProperty property, RuleOperator op) : StringNode(property)
{
    protected override bool Test(ReadOnlySpan<char> value) => value.IsEmpty == (op == RuleOperator.Eq);

    public override void Write(StringBuilder output)
    {
        WriteStart(output, op);
        output.Append("null");
    }
}

/// <summary><c>-eq</c>, <c>-startsWith</c>, <c>-contains</c>… with a string, ignoring case (ordinal).</summary>
internal sealed class TextNode(RuleProperty property, RuleOperator op, string operand) : StringNode(property)
{
    protected override bool Test(ReadOnlySpan<char> value) => op switch
    {
        RuleOperator.Eq => value.Equals(operand, StringComparison.OrdinalIgnoreCase),
        RuleOperator.Ne => !value.Equals(operand, StringComparison.OrdinalIgnoreCase),
        RuleOperator.StartsWith => value.StartsWith(operand, StringComparison.OrdinalIgnoreCase),
        RuleOperator.NotStartsWith => !value.StartsWith(operand, StringComparison.OrdinalIgnoreCase),
        RuleOperator.EndsWith => value.EndsWith(operand, StringComparison.OrdinalIgnoreCase),
        RuleOperator.NotEndsWith => !value.EndsWith(operand, StringComparison.OrdinalIgnoreCase),
        RuleOperator.Contains => value.Contains(operand, StringComparison.OrdinalIgnoreCase),
        RuleOperator.NotContains => !value.Contains(operand, StringComparison.OrdinalIgnoreCase),
        _ => throw new InvalidOperationException($"{op} is not a text operator."),
    };

    public override void Write(StringBuilder output)
    {
        WriteStart(output, op);
        WriteString(output, operand);
    }
}

/// <summary><c>-match</c> or <c>-notMatch</c> with a pattern compiled once, at parse time.</summary>
internal sealed class MatchNode(RuleProperty property, RuleOperator op, Regex pattern) : StringNode(property)
{
    protected override bool Test(ReadOnlySpan<char> value) => pattern.IsMatch(value) == (op == RuleOperator.Match);

    public override void Write(StringBuilder output)
    {
        WriteStart(output, op);
        WriteString(output, pattern.ToString());
    }
}

/// <summary><c>-in</c> or <c>-notIn</c> a list of strings, ignoring case.</summary>
internal sealed class InNode : StringNode
{
    private readonly RuleOperator op;
    private readonly IReadOnlyList<string> values;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup;

    public InNode(RuleProperty property, RuleOperator op, IReadOnlyList<string> values)
        : base(property)
    {
        this.op = op;
        this.values = values;
        // The span lookup finds a value without turning the device's span into a string.
        lookup = new HashSet<string>(values, StringComparer.OrdinalIgnoreCase).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    protected override bool Test(ReadOnlySpan<char> value) => lookup.Contains(value) == (op == RuleOperator.In);

    public override void Write(StringBuilder output)
    {
        WriteStart(output, op);
        output.Append('[');
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                output.Append(", ");
            }

            WriteString(output, values[i]);
        }

        output.Append(']');
    }
}
