using System.Collections.Concurrent;
using System.Diagnostics;

namespace AutopilotPortal.Tests.Shared;

/// <summary>
/// The real portal host (<c>bin/&lt;Configuration&gt;/net10.0/AutopilotPortal.dll</c> next to the solution) as its
/// own process on a loopback port that Kestrel picks (so a busy port or a leftover server cannot collide), killed
/// with its process tree on dispose. Shared, as a linked file, by the end-to-end tests and the benchmarks.
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private const string ListeningMarker = "Now listening on: ";

    private readonly ConcurrentQueue<string> _log = new();
    private readonly Process _process;
    private readonly int _maxLogLines;

    private HostProcess(Process process, string hostAssembly, int maxLogLines)
    {
        _process = process;
        HostAssembly = hostAssembly;
        _maxLogLines = maxLogLines;
    }

    /// <summary>The root of the running portal, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = default!;

    public string HostAssembly { get; }

    /// <summary>The host's process id (to sample its memory, say).</summary>
    public int ProcessId => _process.Id;

    /// <summary>
    /// Starts the host with <paramref name="settings"/> (command-line configuration, e.g. the connection string) and
    /// returns once it answers HTTP. Every line it writes goes to <paramref name="onLine"/> as well as to the log tail.
    /// </summary>
    public static async Task<HostProcess> StartAsync(
        string configuration,
        IEnumerable<string> settings,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null,
        Action<string>? onLine = null,
        int maxLogLines = 400)
    {
        var hostDll = Path.Combine(RepositoryRoot(), "bin", configuration, "net10.0", "AutopilotPortal.dll");
        if (!File.Exists(hostDll))
        {
            throw new InvalidOperationException($"The portal host is not built: {hostDll} is missing. Run: dotnet build -c {configuration} AutopilotPortal.csproj");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(hostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(hostDll);
        foreach (var arg in new[] { "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information" }.Concat(settings))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var host = new HostProcess(new Process { StartInfo = start, EnableRaisingEvents = true }, hostDll, maxLogLines);
        try
        {
            host.BaseUrl = await host.StartProcessAsync(onLine).WaitAsync(timeout);
            using var http = new HttpClient { BaseAddress = host.BaseUrl, Timeout = timeout };
            using var response = await http.GetAsync("devices");
            response.EnsureSuccessStatusCode();
            return host;
        }
        catch (Exception ex)
        {
            var tail = host.LogTail(60);
            await host.DisposeAsync();
            throw new InvalidOperationException($"The portal host ({hostDll}) did not start: {ex.Message}{Environment.NewLine}Server log:{Environment.NewLine}{tail}", ex);
        }
    }

    /// <summary>The folder that holds AutopilotPortal.sln, found upwards from the running assembly.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AutopilotPortal.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException($"No AutopilotPortal.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>The last lines the server wrote, for failure messages.</summary>
    public string LogTail(int lines = 60) => string.Join(Environment.NewLine, _log.TakeLast(lines));

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

    private Task<Uri> StartProcessAsync(Action<string>? onLine)
    {
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null)
            {
                return;
            }

            _log.Enqueue(line);
            while (_log.Count > _maxLogLines && _log.TryDequeue(out _))
            {
            }

            onLine?.Invoke(line);
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
}
