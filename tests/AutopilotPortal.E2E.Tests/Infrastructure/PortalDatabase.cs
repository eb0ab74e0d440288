using AutopilotPortal.Core;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Registration;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.E2E.Tests.Infrastructure;

/// <summary>
/// The service library over a running host's SQLite file, from the test process: to arrange devices
/// and to read what the host wrote. It runs no background services (the host does).
/// </summary>
public sealed class PortalDatabase : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private PortalDatabase(ServiceProvider services, string path)
    {
        _services = services;
        Path = path;
    }

    public string Path { get; }

    /// <summary>The tenant the hosts act for (appsettings.json's).</summary>
    public Guid TenantId => _services.GetRequiredService<Microsoft.Extensions.Options.IOptions<PortalOptions>>().Value.TenantId;

    /// <summary>Opens the database of a host whose appsettings.json names the tenant; the host has migrated it.</summary>
    public static PortalDatabase Open(string path)
    {
        var appsettings = System.IO.Path.Combine(AutopilotPortal.Tests.Shared.HostProcess.RepositoryRoot(), "appsettings.json");
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(appsettings), new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip });
        var tenant = json.RootElement.GetProperty(PortalOptions.SectionName).GetProperty(nameof(PortalOptions.TenantId)).GetString();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:ConnectionString"] = $"Data Source={path};Default Timeout=30",
                ["Autopilot:TenantId"] = tenant,
                ["Autopilot:SyncEnabled"] = "false",
                ["Autopilot:DecommissionEnabled"] = "false",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddPortalCore();
        return new PortalDatabase(services.BuildServiceProvider(), path);
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public Task<PortalDbContext> CreateDbContextAsync() => Get<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();

    /// <summary>Registers a synthetic device through the real registration path; returns its Intune id and serial.</summary>
    public async Task<(Guid Id, string Serial)> RegisterAsync(int seed, string? groupTag = null)
    {
        var hash = HardwareHashBuilder.Synthetic(new Random(seed)).Build();
        var row = DeviceRegistrationService.Prepare(new RegistrationRequest(2, null, null, hash, groupTag));
        var outcome = (await Get<DeviceRegistrationService>().RegisterAsync(TenantId, [row], dryRun: false))[0];
        if (outcome.Error is { } error)
        {
            throw new InvalidOperationException($"Arranging device {seed} failed: {error.Label}: {error.Message}");
        }

        return (outcome.AutopilotDeviceId!.Value, outcome.SerialNumber!);
    }

    /// <summary>
    /// Makes a registered device enrolled, as a deployment would: writes Intune's managed-device record, points the
    /// Autopilot row at it (enrolled) and enables the Entra object, straight into the file. One isolated helper, to be
    /// replaced by the deployment simulator ("Simulate deployment") once it exists.
    /// </summary>
    public async Task<Guid> EnrollAsync(Guid autopilotDeviceId)
    {
        var managedId = Guid.NewGuid();
        await using var connection = new SqliteConnection($"Data Source={Path};Default Timeout=30");
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO "IntuneManagedDevices" ("Id", "TenantId", "DeviceName", "SerialNumber", "AzureActiveDirectoryDeviceId", "UserPrincipalName", "EnrolledDateTime")
            SELECT $managed, "TenantId", 'DESKTOP-' || substr("SerialNumber", 1, 7), "SerialNumber", "AzureActiveDirectoryDeviceId", NULL, $now
            FROM "IntuneAutopilotDevices" WHERE "Id" = $device;
            UPDATE "IntuneAutopilotDevices" SET "ManagedDeviceId" = $managed, "EnrollmentState" = 1 WHERE "Id" = $device;
            UPDATE "DirectoryDevices" SET "AccountEnabled" = 1 WHERE "Id" = (SELECT "DirectoryObjectId" FROM "IntuneAutopilotDevices" WHERE "Id" = $device);
            """;
        command.Parameters.AddWithValue("$managed", managedId.ToString().ToUpperInvariant());
        command.Parameters.AddWithValue("$device", autopilotDeviceId.ToString().ToUpperInvariant());
        command.Parameters.AddWithValue("$now", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture));
        if (await command.ExecuteNonQueryAsync() < 3)
        {
            throw new InvalidOperationException($"Device {autopilotDeviceId} could not be enrolled: it does not exist.");
        }

        await tx.CommitAsync();
        return managedId;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}
