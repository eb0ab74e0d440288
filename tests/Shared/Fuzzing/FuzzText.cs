using System.Globalization;
using System.Text;

namespace AutopilotPortal.Tests.Fuzzing;

/// <summary>Shows fuzz inputs so they can be pasted into a C# test.</summary>
internal static class FuzzText
{
    /// <summary>The text as the body of a C# string literal: quotes, backslashes, control and non-ASCII characters escaped.</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => escaped.Append("\\\""),
                '\\' => escaped.Append("\\\\"),
                '\r' => escaped.Append("\\r"),
                '\n' => escaped.Append("\\n"),
                '\t' => escaped.Append("\\t"),
                < ' ' or > '~' => escaped.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }

    /// <summary>Inserts <paramref name="inserted"/> at <paramref name="position"/> taken modulo the length.</summary>
    public static string InsertAt(string text, uint position, string inserted) =>
        text.Insert((int)(position % (uint)(text.Length + 1)), inserted);

    /// <summary>Removes up to <paramref name="count"/> characters at <paramref name="position"/> taken modulo the length.</summary>
    public static string RemoveAt(string text, uint position, int count)
    {
        if (text.Length == 0)
        {
            return text;
        }

        var at = (int)(position % (uint)text.Length);
        return text.Remove(at, Math.Min(count, text.Length - at));
    }
}
