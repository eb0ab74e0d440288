namespace AutopilotPortal.Core.Groups.Rules;

/// <summary>
/// Finds the largest number of times a .NET regular expression requires something to repeat: the <c>n</c> of
/// <c>{n}</c>, <c>{n,}</c> and <c>{n,m}</c>. .NET's regex analysis writes out a required repetition of a literal
/// as text (<c>a{10000000}b</c> allocates some 90 MB while the pattern is built, and <c>a{2147483647}b</c> fails with
/// an overflow), so the parser refuses such counts before building the regex.
/// </summary>
internal static class RegexRepetition
{
    /// <summary>
    /// The largest required repetition a <c>-match</c> pattern may have: more than any device property's value has
    /// characters, so a larger one can never match, while the text .NET writes out for it stays a few kilobytes.
    /// </summary>
    public const int MaxRequired = 1000;

    /// <summary>The largest <c>n</c> of any <c>{n…}</c> quantifier in the pattern, outside escapes and character classes; 0 if none.</summary>
    /// <returns>The count, saturated at <see cref="long.MaxValue"/>; a pattern .NET refuses anyway may give any value.</returns>
    public static long LargestRequired(ReadOnlySpan<char> pattern)
    {
        long largest = 0;
        var i = 0;
        while (i < pattern.Length)
        {
            switch (pattern[i])
            {
                case '\\':
                    i += 2;
                    break;
                case '[':
                    i = SkipClass(pattern, i);
                    break;
                case '{' when TryReadMinimum(pattern[(i + 1)..], out var minimum):
                    largest = Math.Max(largest, minimum);
                    i++;
                    break;
                default:
                    i++;
                    break;
            }
        }

        return largest;
    }

    /// <summary>The index after the character class that starts at <paramref name="start"/> (a <c>]</c> first in it is literal).</summary>
    private static int SkipClass(ReadOnlySpan<char> pattern, int start)
    {
        var i = start + 1;
        if (i < pattern.Length && pattern[i] == '^')
        {
            i++;
        }

        if (i < pattern.Length && pattern[i] == ']')
        {
            i++;
        }

        while (i < pattern.Length && pattern[i] != ']')
        {
            i += pattern[i] == '\\' ? 2 : 1;
        }

        return i + 1;
    }

    /// <summary>Reads <c>n}</c>, <c>n,}</c> or <c>n,m}</c> (what follows a <c>{</c> in a quantifier); anything else is a literal brace.</summary>
    private static bool TryReadMinimum(ReadOnlySpan<char> text, out long minimum)
    {
        minimum = 0;
        var i = 0;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            minimum = minimum > (long.MaxValue - 9) / 10 ? long.MaxValue : (minimum * 10) + (text[i] - '0');
            i++;
        }

        if (i == 0)
        {
            return false;
        }

        if (i < text.Length && text[i] == ',')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        return i < text.Length && text[i] == '}';
    }
}
