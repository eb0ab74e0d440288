using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace AutopilotPortal.E2E.Tests.Infrastructure;

/// <summary>
/// The real portal host (AutopilotPortal.dll), started as its own process on a loopback port with a
/// fresh SQLite database in a temporary folder. Its stdout and stderr are kept so that a failing test
/// can show what the server said.
/// </summary>
public sealed class PortalHost : IAsyncDisposable
{
    private const string ListeningMarker = "Now listening on: ";
    private const int MaxLogLines = 400;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly ConcurrentQueue<string> _log = new();
    private readonly Process _process;
    private readonly string _tempDir;

    private PortalHost(Process process, string tempDir)
    {
        _process = process;
        _tempDir = tempDir;
    }

    /// <summary>The root of the running portal, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = default!;

    /// <summary>Starts the host and returns once it answers HTTP.</summary>
    public static async Task<PortalHost> StartAsync(string environment = "Production")
    {
        var hostDll = FindHostAssembly();
        var tempDir = Directory.CreateTempSubdirectory("autopilot-e2e-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(hostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Port 0: Kestrel picks a free port and logs it, so a busy port or a leftover server cannot collide with us.
        foreach (var arg in new[]
        {
            hostDll,
            "--urls", "http://127.0.0.1:0",
            "--environment", environment,
            "--Database:ConnectionString", $"Data Source={Path.Combine(tempDir, "portal.db")}",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Information",
        })
        {
            start.ArgumentList.Add(arg);
        }

        // Uploads are staged under the temp path: keep them in our folder so that dispose removes them.
        start.Environment["TMPDIR"] = tempDir;
        start.Environment.Remove("ASPNETCORE_URLS");
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");

        var host = new PortalHost(new Process { StartInfo = start, EnableRaisingEvents = true }, tempDir);
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
            var tail = host.LogTail(MaxLogLines);
            await host.DisposeAsync();
            throw new InvalidOperationException($"The portal host ({hostDll}) did not start: {ex.Message}{Environment.NewLine}Server log:{Environment.NewLine}{tail}", ex);
        }
    }

    /// <summary>The last lines the server wrote, for failure messages.</summary>
    public string LogTail(int lines = 60) => string.Join(Environment.NewLine, _log.TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        Kill(_process);
        if (HasStarted(_process))
        {
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        DeleteDirectory(_tempDir);
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
            while (_log.Count > MaxLogLines && _log.TryDequeue(out _))
            {
            }

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

    private static bool HasStarted(Process process)
    {
        try
        {
            _ = process.Id;
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (HasStarted(process) && !process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    private static void DeleteDirectory(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file still open by the dying host: leave it to the OS's temp cleanup rather than fail the run.
        }
    }

    /// <summary>The host's build output, next to the solution: <c>bin/&lt;Configuration&gt;/net10.0/AutopilotPortal.dll</c>.</summary>
    private static string FindHostAssembly()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AutopilotPortal.sln")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new InvalidOperationException($"No AutopilotPortal.sln above {AppContext.BaseDirectory}.");
        }

        var configuration = typeof(PortalHost).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var dll = Path.Combine(dir.FullName, "bin", configuration, "net10.0", "AutopilotPortal.dll");
        return File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"The portal host is not built: {dll} is missing. Build the E2E project, which builds the host first.");
    }
}
