using AutopilotPortal.Core;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Benchmarks;

/// <summary>The portal's Core services over a benchmark's database (<see cref="BenchDatabase"/>), configured as the host configures them.</summary>
internal static class PortalHost
{
    /// <summary>
    /// The services over the database at <paramref name="databasePath"/>, for <see cref="TestTenant.Id"/>, started as the
    /// host starts them: the initializer migrates a new file or an older one.
    /// </summary>
    /// <param name="databasePath">The SQLite file, or the name of the PostgreSQL database (<see cref="BenchDatabase"/>); made if it does not exist.</param>
    /// <param name="importBatchSize"><c>Import:BatchSize</c>, when not the default.</param>
    /// <param name="capture">An interceptor added to every context, to see the SQL.</param>
    public static async Task<ServiceProvider> StartAsync(string databasePath, int? importBatchSize = null, DbCommandInterceptor? capture = null)
    {
        BenchDatabase.EnsureExists(databasePath);
        var settings = BenchDatabase.Settings(databasePath);
        if (importBatchSize is { } batch)
        {
            settings["Import:BatchSize"] = batch.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddPortalCore();
        if (capture is not null)
        {
            collection.ConfigureDbContext<PortalDbContext>(db => db.AddInterceptors(capture));
        }

        var services = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
        return services;
    }

    /// <summary>The command line that starts this program again with other arguments (apphost or <c>dotnet x.dll</c>).</summary>
    public static (string FileName, IReadOnlyList<string> Prefix) Self()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        if (Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return (process, [typeof(PortalHost).Assembly.Location]);
        }

        return (process, []);
    }

    /// <summary>The repository: above the current directory (where `samples` writes), else above the program.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AutopilotPortal.sln")))
            {
                return dir.FullName;
            }
        }

        return HostProcess.RepositoryRoot();
    }
}
