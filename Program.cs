using AutopilotPortal.Core;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Web;
using AutopilotPortal.Web.ApiAuth;

// `dotnet run -- api-client add --name NAME --role Autopilot.Reader` creates an API client and exits.
if (ApiClientCommand.IsInvoked(args) && ApiClientCommand.Check(args) is { } problem)
{
    Console.Error.WriteLine(problem);
    Environment.ExitCode = ApiClientCommand.UsageError;
    return;
}

var builder = WebApplication.CreateBuilder(args);

// `dotnet run -- --seed-devices 1000` tops the tenant up to N synthetic devices (demo, load test).
builder.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--seed-devices"] = "Seed:Devices" });

// Serve the libraries' static files (MudBlazor's CSS and JS) from the build output in every
// environment, not only in Development: `dotnet run` starts in Production.
builder.WebHost.UseStaticWebAssets();
ApiClientCommand.KeepStandardOutputForTheAnswer(builder.Logging, args);

builder.Services.AddPortalCore();
builder.Services.AddPortalWeb(builder.Configuration, builder.Environment);

var app = builder.Build();

try
{
    await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync();
}
catch (Exception ex) when (PortalStartException.Describe(ex) is { } reason)
{
    // A setting the portal cannot start with: one line that names it, not a stack trace.
    Console.Error.WriteLine($"The portal cannot start. {reason}");
    Environment.ExitCode = 1;
    await app.DisposeAsync();
    return;
}

if (ApiClientCommand.IsInvoked(args))
{
    Environment.ExitCode = await ApiClientCommand.RunAsync(app.Services, args, Console.Out, Console.Error);
    await app.DisposeAsync();
    return;
}

await app.InitializeAccountsAsync();
app.Services.GetRequiredService<AutopilotPortal.Core.Import.UploadFolder>().SweepLeftovers();
await app.Services.GetRequiredService<AutopilotPortal.Core.Partner.OemCatalogSeeder>().SeedAsync();
if (app.Configuration.GetValue<int>("Seed:Devices") is var seed and > 0)
{
    var progress = new Progress<int>(n => app.Logger.LogInformation("Seeded {Count} of {Total} devices", n, seed));
    await app.Services.GetRequiredService<DemoSeeder>().SeedAsync(seed, progress);
}

app.MapPortalWeb();
app.Run();

/// <summary>The entry point, visible to integration tests.</summary>
public partial class Program;
