using System.Text;

namespace AutopilotPortal.Core.Groups.Rules;

/// <summary>Splits rule text into tokens, each with its position, so errors can point at it.</summary>
internal static class RuleTokenizer
{
    /// <summary>The escape character inside strings, as in PowerShell: <c>`"</c> is a quote, <c>``</c> a backtick.</summary>
    public const char Escape = '`';

    public static List<RuleToken> Tokenize(string text)
    {
        var tokens = new List<RuleToken>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i == text.Length)
            {
                tokens.Add(new RuleToken(RuleTokenKind.End, i, 0, string.Empty));
                return tokens;
            }

            var c = text[i];
            switch (c)
            {
                case '(':
                    tokens.Add(new RuleToken(RuleTokenKind.LeftParenthesis, i++, 1, "("));
                    break;
                case ')':
                    tokens.Add(new RuleToken(RuleTokenKind.RightParenthesis, i++, 1, ")"));
                    break;
                case '[':
                    tokens.Add(new RuleToken(RuleTokenKind.LeftBracket, i++, 1, "["));
                    break;
                case ']':
                    tokens.Add(new RuleToken(RuleTokenKind.RightBracket, i++, 1, "]"));
                    break;
                case ',':
                    tokens.Add(new RuleToken(RuleTokenKind.Comma, i++, 1, ","));
                    break;
                case '"':
                    tokens.Add(ReadString(text, ref i));
                    break;
                // The documentation's own examples carry en dashes (–eq) from typesetting; people paste them.
                case '-' or '\u2013' when i + 1 < text.Length && char.IsAsciiLetter(text[i + 1]):
                    var start = i++;
                    while (i < text.Length && char.IsAsciiLetter(text[i]))
                    {
                        i++;
                    }

                    tokens.Add(new RuleToken(RuleTokenKind.Operator, start, i - start, text[(start + 1)..i]));
                    break;
                default:
                    if (!IsWordCharacter(c))
                    {
                        throw UnexpectedCharacter(i, c);
                    }

                    var wordStart = i;
                    while (i < text.Length && IsWordCharacter(text[i]))
                    {
                        i++;
                    }

                    tokens.Add(new RuleToken(RuleTokenKind.Word, wordStart, i - wordStart, text[wordStart..i]));
                    break;
            }
        }
    }

    private static bool IsWordCharacter(char c) => char.IsLetterOrDigit(c) || c is '_' or '.';

    private static RuleToken ReadString(string text, ref int i)
    {
        var start = i++;
        var value = new StringBuilder();
        while (i < text.Length)
        {
            var c = text[i];
            if (c == Escape && i + 1 < text.Length)
            {
                value.Append(text[i + 1]);
                i += 2;
            }
            else if (c == '"')
            {
                i++;
                return new RuleToken(RuleTokenKind.String, start, i - start, value.ToString());
            }
            else
            {
                value.Append(c);
                i++;
            }
        }

        throw RuleErrors.At(
            start,
            text.Length - start,
            "the string that starts here has no closing '\"'; a quote inside a string is written `\".");
    }

    private static MembershipRuleException UnexpectedCharacter(int position, char c)
    {
        var hint = c is '\'' or '\u201C' or '\u201D'
            ? "; strings are written in straight double quotes, e.g. \"value\""
            : "; expected a property such as device.deviceModel, an operator such as -eq, a quoted string, a parenthesis or a list";
        return RuleErrors.At(position, 1, $"unexpected character '{c}'{hint}.");
    }
}
