namespace AutopilotPortal.Tests.Shared;

/// <summary>A browser's cookies as plain name-value pairs, for test clients that send and keep them by hand.</summary>
internal static class CookieJar
{
    /// <summary>The <c>Cookie</c> header for <paramref name="cookies"/>, or null when there are none.</summary>
    public static string? Header(IReadOnlyDictionary<string, string> cookies) =>
        cookies.Count == 0 ? null : string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}"));

    /// <summary>Keeps what the answer's <c>Set-Cookie</c> headers set, and forgets what they expire or empty.</summary>
    public static void Keep(IDictionary<string, string> cookies, HttpResponseMessage response)
    {
        foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            var pair = header.Split(';', 2)[0];
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            var (name, value) = (pair[..at], pair[(at + 1)..]);
            if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
            {
                cookies.Remove(name);
            }
            else
            {
                cookies[name] = value;
            }
        }
    }
}
