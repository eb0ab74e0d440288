using System.Text;
using System.Text.Json;

namespace AutopilotPortal.Web.Graph;

/// <summary>
/// Reads a request body as leniently as Graph's own reader: property names may be bare identifiers
/// (<c>{ groupTag: "Sales" }</c>, as the WindowsAutopilotIntune module's <c>Set-AutopilotDevice</c>
/// sends), trailing commas and comments are allowed, and an empty body is an empty object.
/// </summary>
internal static class LenientJson
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };

    /// <summary>Reads and parses a request body as <see cref="Parse(ReadOnlyMemory{byte})"/> does.</summary>
    public static async Task<JsonDocument> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, cancellationToken);
        return Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    /// <summary>
    /// Parses a body's bytes: strict JSON in UTF-8 (with or without its byte order mark) is parsed as it
    /// is, without a copy; a UTF-16 body (by its byte order mark), or one that needs the lenient reading,
    /// goes through <see cref="Parse(string)"/>.
    /// </summary>
    public static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        var bytes = body.Span;
        if (bytes.StartsWith(Encoding.UTF8.Preamble))
        {
            return Parse(body[Encoding.UTF8.Preamble.Length..]);
        }

        foreach (var utf16 in (ReadOnlySpan<Encoding>)[Encoding.Unicode, Encoding.BigEndianUnicode])
        {
            if (bytes.StartsWith(utf16.Preamble))
            {
                return Parse(utf16.GetString(bytes[utf16.Preamble.Length..]));
            }
        }

        try
        {
            return JsonDocument.Parse(body, Options);
        }
        catch (JsonException)
        {
            return Parse(Encoding.UTF8.GetString(bytes));
        }
    }

    /// <summary>Parses <paramref name="text"/>; a body that is not JSON even so is a 400 naming where it breaks.</summary>
    public static JsonDocument Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return JsonDocument.Parse("{}");
        }

        try
        {
            return JsonDocument.Parse(QuoteBareNames(text), Options);
        }
        catch (JsonException ex)
        {
            throw new GraphRequestException(400, "BadRequest", $"The request body is not JSON: {ex.Message}");
        }
    }

    /// <summary>Puts quotes around property names written as bare identifiers; everything else is left as it is.</summary>
    public static string QuoteBareNames(string text)
    {
        var output = new StringBuilder(text.Length + 16);
        var inString = false;
        var lastSignificant = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                output.Append(c);
                if (c == '\\' && i + 1 < text.Length)
                {
                    output.Append(text[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (c == '/' && i + 1 < text.Length && text[i + 1] is '*' or '/')
            {
                // A comment is copied as it is and does not count as what came before a name.
                var close = text[i + 1] == '*' ? text.IndexOf("*/", i + 2, StringComparison.Ordinal) : text.IndexOf('\n', i + 2);
                var stop = close < 0 ? text.Length : close + (text[i + 1] == '*' ? 2 : 1);
                output.Append(text, i, stop - i);
                i = stop - 1;
                continue;
            }

            if (c == '"')
            {
                inString = true;
                output.Append(c);
                lastSignificant = c;
                continue;
            }

            if ((lastSignificant is '{' or ',') && (char.IsLetter(c) || c is '_' or '$' or '@'))
            {
                var end = i;
                while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is '_' or '$' or '@' or '.'))
                {
                    end++;
                }

                var next = end;
                while (next < text.Length && char.IsWhiteSpace(text[next]))
                {
                    next++;
                }

                if (next < text.Length && text[next] == ':')
                {
                    output.Append('"').Append(text, i, end - i).Append('"');
                    i = end - 1;
                    lastSignificant = '"';
                    continue;
                }
            }

            output.Append(c);
            if (!char.IsWhiteSpace(c))
            {
                lastSignificant = c;
            }
        }

        return output.ToString();
    }
}
