using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace AutopilotPortal.Benchmarks;

/// <summary>
/// The real portal host (<c>bin/&lt;Configuration&gt;/net10.0/AutopilotPortal.dll</c>) as its own process on a loopback port,
/// over an existing SQLite database, as the E2E tests start it. EF's command log is on so that each SQL command's own time
/// (as the host measured it) can be reported next to what the browser saw.
/// </summary>
internal sealed partial class PortalProcess : IAsyncDisposable
{
    private const string ListeningMarker = "Now listening on: ";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private readonly ConcurrentQueue<string> _log = new();
    private readonly ConcurrentQueue<SqlTiming> _commands = new();
    private readonly Process _process;
    private readonly object _parseLock = new();
    private SqlTiming? _pending;

    private PortalProcess(Process process) => _process = process;

    public Uri BaseUrl { get; private set; } = default!;

    public string HostAssembly { get; private init; } = string.Empty;

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

    public IEnumerable<string> Log => _log;

    public static async Task<PortalProcess> StartAsync(string databasePath)
    {
        var hostDll = FindHostAssembly();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(hostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            hostDll,
            "--urls", "http://127.0.0.1:0",
            "--environment", "Production",
            "--Database:ConnectionString", $"Data Source={databasePath}",
            "--Autopilot:TenantId", PortalHost.TenantId.ToString(),
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information",
            "--Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", "Information",
            "--Logging:Console:FormatterName", "simple",
            "--Logging:Console:FormatterOptions:SingleLine", "true",
        })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");

        var host = new PortalProcess(new Process { StartInfo = start, EnableRaisingEvents = true }) { HostAssembly = hostDll };
        try
        {
            host.BaseUrl = await host.StartProcessAsync().WaitAsync(StartTimeout);
            using var http = new HttpClient { BaseAddress = host.BaseUrl, Timeout = StartTimeout };
            using var response = await http.GetAsync("devices");
            response.EnsureSuccessStatusCode();
            return host;
        }
        catch (Exception ex)
        {
            var tail = string.Join(Environment.NewLine, host._log.TakeLast(60));
            await host.DisposeAsync();
            throw new InvalidOperationException($"The portal host ({hostDll}) did not start: {ex.Message}{Environment.NewLine}Server log:{Environment.NewLine}{tail}", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Never started, or exited between the check and the kill.
        }

        _process.Dispose();
    }

    private Task<Uri> StartProcessAsync()
    {
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            _log.Enqueue(line);
            while (_log.Count > 2_000 && _log.TryDequeue(out _))
            {
            }

            Parse(line);
            var at = line.IndexOf(ListeningMarker, StringComparison.Ordinal);
            if (at >= 0)
            {
                listening.TrySetResult(new Uri(line[(at + ListeningMarker.Length)..].Trim().TrimEnd('/') + "/"));
            }
        }

        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The portal host exited before it listened."));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        return listening.Task;
    }

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

    /// <summary>The host's build output, next to the solution (the project reference builds it first).</summary>
    private static string FindHostAssembly()
    {
        var root = PortalHost.RepositoryRoot();
        var configuration = typeof(PortalProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var dll = Path.Combine(root, "bin", configuration, "net10.0", "AutopilotPortal.dll");
        return File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"The portal host is not built: {dll} is missing. Run: dotnet build -c {configuration} AutopilotPortal.csproj");
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
