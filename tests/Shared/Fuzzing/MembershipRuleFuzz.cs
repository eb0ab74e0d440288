using System.Text.RegularExpressions;
using AutopilotPortal.Core.Groups.Rules;
using CsCheck;

namespace AutopilotPortal.Tests.Fuzzing;

/// <summary>
/// Fuzzes <see cref="MembershipRule"/>: the documented rules and rules written from the grammar, mutated token by token
/// (tokens deleted, doubled, swapped, replaced or inserted from the language's vocabulary and its usual mistakes) and
/// character by character, plus rules nested as deep as 3072 characters allow. Every text ends in a rule that evaluates
/// to a <see cref="RuleMatch"/> on sample devices, or in <see cref="MembershipRuleException"/> whose error points into
/// the text as documented (a 0-based position and a length within it, a message starting with the 1-based column).
/// </summary>
internal sealed partial class MembershipRuleFuzz : FuzzTarget<string>
{
    /// <summary>The documented rules that must work verbatim, and rules from the portal's own documentation.</summary>
    public static readonly string[] Examples =
    [
        "(device.devicePhysicalIDs -any (_ -contains \"[ZTDID]\"))",
        "(device.devicePhysicalIds -any (_ -eq \"[OrderID]:179887111881\"))",
        "(device.devicePhysicalIds -any (_ -eq \"[PurchaseOrderId]:76222342342\"))",
        "device.devicePhysicalIDs -any _ -contains \"[ZTDId]\"",
        "(device.deviceManufacturer -eq \"HP\") -and (device.deviceModel -match \"^HP EliteBook 8[0-9]0\")",
        "device.accountEnabled -eq true -or device.deviceModel -eq \"x\" -and device.deviceModel -eq \"y\"",
        "-not device.accountEnabled -eq false -and device.deviceModel -eq \"HP EliteBook 840 G8\"",
        "device.deviceOSType -in [\"Windows\", \"Windows 11\"] -and device.enrollmentProfileName -ne null",
        "device.devicePhysicalIds -all (_ -notStartsWith \"[OrderId]:Lab\")",
        "device.displayName -startsWith \"PF\" -and device.deviceId -ne \"00000000-0000-0000-0000-000000000000\"",
    ];

    private static readonly string[] Vocabulary =
    [
        "device.deviceModel", "device.devicePhysicalIds", "device.accountEnabled", "device.objectId", "device.deviceId",
        "device.displayName", "device.enrollmentProfileName", "device.deviceOSVersion", "device.", "deviceModel", "user.department",
        "_", "-eq", "-ne", "-startsWith", "-notStartsWith", "-endsWith", "-contains", "-notContains", "-match", "-notMatch",
        "-in", "-notIn", "-any", "-all", "-and", "-or", "-not", "\u2013eq", "eq", "-bogus", "-", "\u2013",
        "\"HP\"", "\"[ZTDID]\"", "\"\"", "true", "false", "\"true\"", "null", "[", "]", ",", "(", ")",
        "\"a`\"b\"", "\"`\"", "\"unterminated", "\"(a+)+$\"", "\"[\"", "\"^HP EliteBook 8[0-9]0\"", "\"(?<n>x)\\k<n>\"",
        "\"a{2147483647}\"", "\"x{1,1000}{1,1000}\"", "\"(?i)x\"", "\"\\\\p{L}\"", "\"\\\"", "\u201Csmart\u201D", "'single'", "42", "`",
    ];

    private static readonly string[] Conditions =
    [
        "device.deviceModel -eq \"HP EliteBook 840 G8\"", "device.accountEnabled -ne false", "device.displayName -contains \"PF\"",
        "device.devicePhysicalIds -any (_ -startsWith \"[OrderId]\")", "device.deviceManufacturer -match \"^(HP|Dell)\"",
        "device.enrollmentProfileName -eq null", "device.deviceTrustType -in [\"AzureAD\", \"ServerAD\"]",
    ];

    private static readonly string[] RegexAtoms =
    [
        "(", ")", "[", "]", "{", "}", "*", "+", "?", "\\", "|", "^", "$", ".", "a", "HP", "(?<n>", "(?=", "(?!", "(?<=",
        "\\k<n>", "\\p{L}", "\\p{Xx}", "\\1", "{2,1}", "{99999999999}", "{2147483647}", "{10000000}", "{1000}", "(?i)", "(?#", "\\Q",
        "\\x", "\\u12", "\\d+", "(a+)+", "[^]", "[a-]", "[z-a]", "(?(", "(?>", "`\"", "\\b", "\\G", "(?<-n>", "\\c",
    ];

    private static readonly RuleDevice[] Devices =
    [
        new(),
        new()
        {
            ObjectId = new Guid("6f9619ff-8b86-d011-b42d-00c04fc964ff"),
            DeviceId = new Guid("11111111-2222-3333-4444-555555555555"),
            DisplayName = "PF5MT6SC",
            AccountEnabled = true,
            DeviceManufacturer = "HP",
            DeviceModel = "HP EliteBook 840 G8",
            DeviceOSType = "Windows",
            DeviceTrustType = "AzureAD",
            EnrollmentProfileName = "Sales",
            DevicePhysicalIds = ["[ZTDID]:5a6c1b3e-0000-4000-8000-000000000001", "[OrderId]:Sales", "[HWID]:h:6966", "aaaaaaaaaaaaaaa!"],
        },
    ];

    public override string Name => "membership-rule";

    public override uint Stream => 3;

    public override Gen<string> Inputs { get; } =
        from rule in Gen.Frequency(
            (4, Gen.Int[0, Examples.Length - 1].Select(i => Examples[i])),
            (3, Written()),
            (1, Nested()),
            (1, Pattern()),
            (1, Gen.String))
        from mutations in RuleMutation.Gen.Array[0, 5]
        select Apply(rule, mutations);

    public override FuzzOutcome Run(string input)
    {
        MembershipRule rule;
        try
        {
            rule = MembershipRule.Parse(input);
        }
        catch (MembershipRuleException exception)
        {
            CheckError(input, exception.Error);
            if (MembershipRule.TryParse(input, out _, out var error) || error != exception.Error)
            {
                throw new FuzzContractException("TryParse does not return the error Parse throws.");
            }

            return FuzzOutcome.Error(nameof(MembershipRuleException));
        }

        if (!MembershipRule.TryParse(input, out _, out _))
        {
            throw new FuzzContractException("Parse accepts the rule but TryParse refuses it.");
        }

        var timedOut = false;
        foreach (var device in Devices)
        {
            var match = rule.Evaluate(device);
            if (!Enum.IsDefined(match))
            {
                throw new FuzzContractException($"Evaluate returned {match}.");
            }

            timedOut |= match == RuleMatch.TimedOut;
        }

        return FuzzOutcome.Result(timedOut ? "parsed, a -match timed out" : "parsed");
    }

    public override string Print(string input) => $"\"{FuzzText.Escape(input)}\"";

    // A compiled regex costs some hundreds of KB; everything else is proportional to the text.
    public override long AllocationBudget(string input) => (32L * 1024 * 1024) + (4096L * input.Length);

    private static void CheckError(string text, MembershipRuleError error)
    {
        if (error.Position < 0 || error.Length < 0 || error.Position + error.Length > text.Length
            || (error.Length == 0 && error.Position != text.Length && text.Length > 0))
        {
            throw new FuzzContractException($"The error's position {error.Position} and length {error.Length} do not fit the {text.Length}-character rule.");
        }

        if (!error.Message.StartsWith($"Column {error.Position + 1}: ", StringComparison.Ordinal))
        {
            throw new FuzzContractException($"The error message does not start with its column: {error.Message}");
        }
    }

    private static Gen<string> Written() =>
        from conditions in Gen.Int[0, Conditions.Length - 1].Array[1, 4]
        from joins in Gen.OneOf(" -and ", " -or ", " -and -not ", " -or (", ") -and (").Array[3]
        select string.Concat(conditions.Select((c, i) => (i == 0 ? string.Empty : joins[i % 3]) + Conditions[c]));

    /// <summary>Rules nested as deep as the length limit allows (and a little past it), and deep regular expressions.</summary>
    private static Gen<string> Nested() =>
        from shape in Gen.Int[0, 4]
        from fraction in Gen.Double.Unit
        select Nest(shape, fraction);

    private static string Nest(int shape, double fraction)
    {
        // The depth whose rule just fits in MaxLength for each shape, times 0..1.01.
        var (fixedLength, perLevel) = shape switch
        {
            0 => (Conditions[0].Length, 2),
            1 => (Conditions[1].Length, 5),
            2 => ("device.devicePhysicalIds -any _ -eq \"x\"".Length, 2),
            3 => (Conditions[2].Length, Conditions[2].Length + 5),
            _ => ("device.displayName -match \"a\"".Length, 2),
        };
        var depth = Math.Max(1, (int)((MembershipRule.MaxLength - fixedLength) / perLevel * Math.Min(fraction * 1.01, 1.01)));
        return shape switch
        {
            0 => new string('(', depth) + Conditions[0] + new string(')', depth),
            1 => string.Concat(Enumerable.Repeat("-not ", depth)) + Conditions[1],
            2 => "device.devicePhysicalIds -any " + new string('(', depth) + "_ -eq \"x\"" + new string(')', depth),
            3 => string.Join(" -or ", Enumerable.Repeat(Conditions[2], depth)),
            _ => "device.displayName -match \"" + new string('(', depth) + "a" + new string(')', depth) + "\"",
        };
    }

    /// <summary>A <c>-match</c> whose pattern is put together from regular-expression pieces, valid or not.</summary>
    private static Gen<string> Pattern() =>
        from property in Gen.OneOf("device.deviceModel", "device.displayName", "_")
        from atoms in Gen.Int[0, RegexAtoms.Length - 1].Array[1, 12]
        select (property == "_" ? "device.devicePhysicalIds -any (_ -match \"" : property + " -match \"")
            + string.Concat(atoms.Select(a => RegexAtoms[a])) + (property == "_" ? "\")" : "\"");

    private static string Apply(string rule, RuleMutation[] mutations)
    {
        foreach (var mutation in mutations)
        {
            rule = mutation.Apply(rule);
        }

        return rule;
    }

    [GeneratedRegex("\"(?:`.|[^\"`])*\"?|\\s+|[()\\[\\],]|[-\\u2013]?[\\w.]+|.", RegexOptions.Singleline)]
    private static partial Regex Token();

    private enum RuleMutationKind
    {
        DeleteToken,
        DuplicateToken,
        SwapTokens,
        ReplaceToken,
        InsertToken,
        InsertCharacter,
        DeleteCharacter,
        Truncate,
    }

    /// <summary>A token-level or character-level mutation of a rule.</summary>
    private readonly record struct RuleMutation(RuleMutationKind Kind, uint A, uint B)
    {
        private const string Characters = "`\"\u2013\u201C'\0()[],_-.\\ é\uD800{}$^*+?|";

        public static readonly Gen<RuleMutation> Gen = CsCheck.Gen.Select(
            CsCheck.Gen.Enum<RuleMutationKind>(), CsCheck.Gen.UInt, CsCheck.Gen.UInt, (kind, a, b) => new RuleMutation(kind, a, b));

        public string Apply(string rule)
        {
            switch (Kind)
            {
                case RuleMutationKind.InsertCharacter:
                    return FuzzText.InsertAt(rule, A, Characters[(int)(B % Characters.Length)].ToString());
                case RuleMutationKind.DeleteCharacter:
                    return FuzzText.RemoveAt(rule, A, 1 + (int)(B % 4));
                case RuleMutationKind.Truncate:
                    return rule[..(int)(A % (uint)(rule.Length + 1))];
            }

            var tokens = Token().Matches(rule).Select(m => m.Value).ToList();
            var word = Vocabulary[B % Vocabulary.Length];
            if (tokens.Count == 0)
            {
                return Kind == RuleMutationKind.InsertToken ? word : rule;
            }

            var at = (int)(A % tokens.Count);
            switch (Kind)
            {
                case RuleMutationKind.DeleteToken:
                    tokens.RemoveAt(at);
                    break;
                case RuleMutationKind.DuplicateToken:
                    tokens.Insert(at, tokens[at]);
                    break;
                case RuleMutationKind.SwapTokens when at + 1 < tokens.Count:
                    (tokens[at], tokens[at + 1]) = (tokens[at + 1], tokens[at]);
                    break;
                case RuleMutationKind.ReplaceToken:
                    tokens[at] = word;
                    break;
                case RuleMutationKind.InsertToken:
                    tokens.Insert(at, B % 2 == 0 ? " " + word + " " : word);
                    break;
            }

            return string.Concat(tokens);
        }
    }
}
