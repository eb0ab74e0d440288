using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using AutopilotPortal.Tests.Shared;

namespace AutopilotPortal.E2E.Tests;

/// <summary>The real host, started with a database setting it cannot work with: one line naming the setting, exit code 1.</summary>
public sealed class StartFailureTests
{
    public static TheoryData<string[], string> BadSettings() => new()
    {
        { ["--Database:Provider", "Oracle"], "Database:Provider must be 'Sqlite' or 'Postgres'" },
        { ["--Database:Provider", "Postgres", "--Database:ConnectionString", $"Host=127.0.0.1;Port={ClosedPort()};Username=portal;Timeout=5"], "Database:ConnectionString: the Postgres database cannot be opened: Failed to connect to 127.0.0.1:" },
        { ["--Database:ConnectionString", "Data Source=/proc/no-such-folder/portal.db"], "Database:ConnectionString: the Sqlite database cannot be opened:" },
        { ["--Database:Provider", "Postgres", "--Database:ConnectionString", "Data Source=portal.db"], "Database:ConnectionString: the Postgres database cannot be opened:" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task TheHostStopsWithOneLineNamingTheSetting(string[] settings, string expected)
    {
        var configuration = typeof(StartFailureTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var hostDll = Path.Combine(HostProcess.RepositoryRoot(), "bin", configuration, "net10.0", "AutopilotPortal.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(hostDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { hostDll, "--urls", "http://127.0.0.1:0", "--Tenant:Id", TestTenant.Id.ToString() }.Concat(settings))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);

        var lines = (await error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(process.ExitCode == 1, $"Exit code {process.ExitCode}; standard error: {await error}; output: {await output}");
        var line = Assert.Single(lines);
        Assert.StartsWith("The portal cannot start.", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", await output, StringComparison.Ordinal);
    }

    /// <summary>A loopback port nothing listens on: one the OS gave a listener that was closed at once.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
