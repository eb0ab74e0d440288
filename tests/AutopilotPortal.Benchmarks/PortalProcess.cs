using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using AutopilotPortal.Tests.Shared;

namespace AutopilotPortal.Benchmarks;

/// <summary>
/// The real portal host (<c>bin/&lt;Configuration&gt;/net10.0/AutopilotPortal.dll</c>) as its own process on a loopback port,
/// over an existing database of either provider (<see cref="BenchDatabase"/>), as the E2E tests start it. EF's command log is on so that each SQL command's own time
/// (as the host measured it) can be reported next to what the browser saw.
/// </summary>
internal sealed partial class PortalProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private readonly ConcurrentQueue<SqlTiming> _commands = new();
    private readonly object _parseLock = new();
    private HostProcess _host = default!;
    private SqlTiming? _pending;

    public Uri BaseUrl => _host.BaseUrl;

    public string HostAssembly => _host.HostAssembly;

    public int ProcessId => _host.ProcessId;

    /// <summary>Every SQL command the host ran since the last <see cref="ClearCommands"/>, with EF's elapsed time.</summary>
    public IReadOnlyList<SqlTiming> Commands
    {
        get
        {
            lock (_parseLock)
            {
                return [.. _commands];
            }
        }
    }

    public void ClearCommands()
    {
        lock (_parseLock)
        {
            _commands.Clear();
        }
    }

    public IEnumerable<string> Log => _host.LogTail(int.MaxValue).Split(Environment.NewLine);

    /// <param name="databasePath">The SQLite file the host opens, or the PostgreSQL database it stands for (<see cref="BenchDatabase"/>).</param>
    /// <param name="logCommands">
    /// EF's command log at Information (for <see cref="Commands"/>); false leaves the host's own log levels, so that
    /// writing a line per SQL command is not part of what is measured.
    /// </param>
    /// <param name="extraSettings">More command-line settings (<c>--Sync:Enabled</c>, <c>false</c>), after the others.</param>
    public static async Task<PortalProcess> StartAsync(string databasePath, bool logCommands = true, IReadOnlyList<string>? extraSettings = null)
    {
        var configuration = typeof(PortalProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var process = new PortalProcess();
        List<string> settings = ["--environment", "Production"];
        foreach (var (key, value) in BenchDatabase.Settings(databasePath))
        {
            settings.AddRange(["--" + key, value ?? string.Empty]);
        }

        settings.AddRange(
        [
            "--Logging:Console:FormatterName", "simple",
            "--Logging:Console:FormatterOptions:SingleLine", "true",
        ]);
        settings.AddRange(extraSettings ?? []);
        if (logCommands)
        {
            settings.AddRange(["--Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Information"]);
        }

        process._host = await HostProcess.StartAsync(
            configuration,
            settings,
            StartTimeout,
            onLine: process.Parse,
            maxLogLines: 2_000);
        return process;
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    /// <summary>
    /// <c>info: Microsoft.EntityFrameworkCore.Database.Command[20101] Executed DbCommand (75ms) [Parameters=…] SELECT …</c>;
    /// single-line format still breaks the SQL over lines, so the SQL is the text after the bracket and the lines that follow
    /// until the next log entry.
    /// </summary>
    private void Parse(string line)
    {
        lock (_parseLock)
        {
            var match = ExecutedCommand().Match(line);
            if (match.Success)
            {
                _pending = new SqlTiming(double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), match.Groups[2].Value.Trim());
                _commands.Enqueue(_pending);
                return;
            }

            if (_pending is not null && line.Length > 0 && !LogEntryStart().IsMatch(line))
            {
                _pending.Sql = (_pending.Sql + " " + line.Trim()).Trim();
            }
            else
            {
                _pending = null;
            }
        }
    }

    [GeneratedRegex(@"Executed DbCommand \((\d+)ms\) \[.*?CommandTimeout='\d+'\]\s*(.*)$")]
    private static partial Regex ExecutedCommand();

    [GeneratedRegex(@"^(trce|dbug|info|warn|fail|crit): ")]
    private static partial Regex LogEntryStart();
}

/// <summary>One SQL command as the host's EF log reported it.</summary>
internal sealed class SqlTiming(double milliseconds, string sql)
{
    public double Milliseconds { get; } = milliseconds;

    public string Sql { get; set; } = sql;
}
