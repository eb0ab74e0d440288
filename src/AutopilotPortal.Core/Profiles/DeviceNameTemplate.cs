using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace AutopilotPortal.Core.Profiles;

/// <summary>
/// The rules of Autopilot's device name template: the name Windows gets is at most 15 characters
/// of letters, digits and hyphens, not only digits; the template may hold one macro,
/// <c>%SERIAL%</c> (the hardware serial number, cut so that the name fits) or <c>%RAND:x%</c>
/// (x random digits).
/// </summary>
public static partial class DeviceNameTemplate
{
    /// <summary>The longest name Windows (NetBIOS) takes.</summary>
    public const int MaxNameLength = 15;

    private const string Field = "Device name template";

    /// <summary>Checks a template; returns the problems, each a sentence naming the field. Empty means valid (null and blank are valid: no template).</summary>
    public static IReadOnlyList<string> Validate(string? template)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(template))
        {
            return errors;
        }

        var parsed = Parse(template.Trim());
        foreach (var bad in parsed.BadMacros)
        {
            errors.Add($"{Field}: '{bad}' is not a macro; use %SERIAL% or %RAND:x% with x a number of digits, for example %RAND:4%.");
        }

        foreach (var c in parsed.Literal.Where(c => !IsNameChar(c)).Distinct())
        {
            errors.Add(c == ' '
                ? $"{Field}: spaces are not allowed; use letters, digits and hyphens."
                : $"{Field}: '{c}' is not allowed; use letters, digits and hyphens.");
        }

        if (parsed.Macros.Count > 1)
        {
            errors.Add($"{Field}: use one macro, either %SERIAL% or %RAND:x%, not {parsed.Macros.Count}.");
        }

        if (parsed.Macros.Any(m => m.RandomDigits == 0))
        {
            errors.Add($"{Field}: %RAND:0% adds no digits; x in %RAND:x% must be 1 or more.");
        }

        var fixedLength = parsed.Literal.Length + parsed.Macros.Sum(m => m.RandomDigits ?? 0);
        var hasSerial = parsed.Macros.Any(m => m.IsSerial);
        if (hasSerial && fixedLength >= MaxNameLength)
        {
            errors.Add($"{Field}: the text around %SERIAL% has {fixedLength} characters, which leaves no room for the serial number in a name of at most {MaxNameLength}.");
        }
        else if (!hasSerial && fixedLength > MaxNameLength)
        {
            errors.Add($"{Field}: the names it makes have {fixedLength} characters; Windows allows at most {MaxNameLength}.");
        }

        if (!hasSerial && parsed.BadMacros.Count == 0 && fixedLength > 0 && parsed.Literal.All(char.IsAsciiDigit))
        {
            errors.Add($"{Field}: the names it makes would be only digits; add a letter or a hyphen.");
        }

        return errors;
    }

    /// <summary>
    /// The name a device with this serial number gets. <c>%SERIAL%</c> becomes the serial without
    /// the characters a name may not hold, cut at the end so that the name fits 15 characters;
    /// <c>%RAND:x%</c> becomes x digits drawn from <paramref name="random"/> (a seeded one shows a stable preview).
    /// Returns null when the template is not valid.
    /// </summary>
    public static string? Expand(string? template, string serialNumber, Random random)
    {
        if (string.IsNullOrWhiteSpace(template) || Validate(template).Count > 0)
        {
            return null;
        }

        var parsed = Parse(template.Trim());
        var name = new StringBuilder();
        foreach (var part in parsed.Parts)
        {
            if (part.Macro is null)
            {
                name.Append(part.Text);
            }
            else if (part.Macro.IsSerial)
            {
                var room = MaxNameLength - parsed.Literal.Length;
                var serial = new string(serialNumber.Where(c => char.IsAsciiLetterOrDigit(c) || c == '-').ToArray()).ToUpperInvariant();
                name.Append(serial.Length > room ? serial[..room] : serial);
            }
            else
            {
                for (var i = 0; i < part.Macro.RandomDigits; i++)
                {
                    name.Append(random.Next(10).ToString(CultureInfo.InvariantCulture));
                }
            }
        }

        return name.ToString();
    }

    /// <summary>Checks the name a template made for one device (a serial of digits only, or none at all, can make a bad name).</summary>
    public static string? CheckName(string name)
    {
        if (name.Length == 0)
        {
            return $"{Field}: this device's serial number has no letter or digit, so its name would be empty.";
        }

        return name.All(char.IsAsciiDigit) ? $"{Field}: this device's name '{name}' would be only digits; add a letter or a hyphen to the template." : null;
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';

    private static ParsedTemplate Parse(string template)
    {
        var parts = new List<TemplatePart>();
        var macros = new List<Macro>();
        var bad = new List<string>();
        var literal = new StringBuilder();
        var position = 0;
        foreach (Match match in MacroPattern().Matches(template))
        {
            AddLiteral(template[position..match.Index]);
            var text = match.Value;
            Macro? macro = null;
            if (string.Equals(text, "%SERIAL%", StringComparison.OrdinalIgnoreCase))
            {
                macro = new Macro(true, null);
            }
            else if (RandomPattern().Match(text) is { Success: true } random
                && int.TryParse(random.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var digits))
            {
                macro = new Macro(false, digits);
            }

            if (macro is null)
            {
                bad.Add(text);
            }
            else
            {
                macros.Add(macro);
                parts.Add(new TemplatePart(text, macro));
            }

            position = match.Index + match.Length;
        }

        AddLiteral(template[position..]);
        return new ParsedTemplate(parts, macros, bad, literal.ToString());

        void AddLiteral(string text)
        {
            // A lone % that opens no macro is a bad macro, not a bad character.
            var percent = text.IndexOf('%', StringComparison.Ordinal);
            if (percent >= 0)
            {
                bad.Add(text[percent..]);
                text = text[..percent];
            }

            if (text.Length > 0)
            {
                parts.Add(new TemplatePart(text, null));
                literal.Append(text);
            }
        }
    }

    [GeneratedRegex("%[^%]*%")]
    private static partial Regex MacroPattern();

    [GeneratedRegex("^%RAND:([0-9]{1,3})%$", RegexOptions.IgnoreCase)]
    private static partial Regex RandomPattern();

    private sealed record Macro(bool IsSerial, int? RandomDigits);

    private sealed record TemplatePart(string Text, Macro? Macro);

    private sealed record ParsedTemplate(List<TemplatePart> Parts, List<Macro> Macros, List<string> BadMacros, string Literal);
}
