using System.Globalization;

namespace AutopilotPortal.Benchmarks;

/// <summary>The command and its <c>--name value</c> options.</summary>
internal sealed class BenchOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public string Command { get; private init; } = string.Empty;

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions { Command = args.Length > 0 ? args[0].ToLowerInvariant() : string.Empty };
        for (var i = 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'; options are --name value.");
            }

            var name = args[i][2..];
            var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            options._values[name] = hasValue ? args[++i] : "true";
        }

        return options;
    }

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var text) ? int.Parse(text.Replace("_", string.Empty, StringComparison.Ordinal), CultureInfo.InvariantCulture) : fallback;

    public string? String(string name) => _values.GetValueOrDefault(name);

    public bool Flag(string name) => _values.TryGetValue(name, out var text) && text != "false";
}
