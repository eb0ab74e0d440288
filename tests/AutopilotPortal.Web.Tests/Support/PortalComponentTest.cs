using AutopilotPortal.Core;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Registration;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Tests.Shared;
using Microsoft.AspNetCore.Components;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace AutopilotPortal.Web.Tests.Support;

/// <summary>
/// The one bUnit setup every component test shares: loose JS interop, MudBlazor's services
/// without the popover provider check, and the real core services over a fresh test database.
/// </summary>
public abstract class PortalComponentTest : BunitContext, IAsyncLifetime
{
    /// <summary>Long enough for the debounce and real SQLite I/O on a slow CI machine.</summary>
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly TestDatabase _database = TestDatabase.Create();

    protected PortalComponentTest()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(PortalTestSettings.For(_database)).Build();
        Services.AddSingleton<IConfiguration>(configuration);
        Services.AddLogging();
        Services.AddMudServices(options => options.PopoverOptions.CheckForPopoverProvider = false);
        Services.AddPortalCore();
        Services.AddScoped<Shared.ViewerClock>();
        Services.AddScoped<AutopilotPortal.Web.Layout.NotificationLog>();
        Services.AddCascadingValue(_ => Caller);
    }

    /// <summary>Who the rendered pages act for (an administrator unless a test says otherwise; set it before rendering).</summary>
    protected PortalCaller Caller { get; set; } = PortalCaller.WithRoles("test-admin", PortalRole.Admin);

    protected DeviceService Devices => Services.GetRequiredService<DeviceService>();

    /// <summary>Nothing to do: the test database is a copy of a template the initializer made for the test tenant.</summary>
    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        _database.Dispose();
    }

    /// <summary>Renders the providers that dialogs and selects render into; returns the dialog provider.</summary>
    protected IRenderedComponent<MudDialogProvider> RenderProviders()
    {
        Render<MudPopoverProvider>();
        return Render<MudDialogProvider>();
    }

    /// <summary>Registers synthetic devices made from seeds <paramref name="firstSeed"/>, <paramref name="firstSeed"/>+1, …</summary>
    protected async Task<IReadOnlyList<SeededDevice>> SeedDevicesAsync(int count, int firstSeed = 1, string? groupTag = null)
    {
        var builders = Enumerable.Range(firstSeed, count).Select(seed => HardwareHashBuilder.Synthetic(new Random(seed))).ToList();
        var rows = builders
            .Select((b, i) => RegistrationValidator.Prepare(new RegistrationRequest(i + 2, b.SerialNumber, null, b.Build(), groupTag)))
            .ToList();
        var outcomes = await Services.GetRequiredService<DeviceRegistrationService>().RegisterAsync(TestTenant.Id, rows, dryRun: false);
        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Error?.Message));
        return outcomes.Select((o, i) => new SeededDevice(o.AutopilotDeviceId!.Value, builders[i].SerialNumber!, builders[i])).ToList();
    }

    /// <summary>Runs a query against a fresh context, as the services do.</summary>
    protected async Task<T> QueryAsync<T>(Func<PortalDbContext, Task<T>> query)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        return await query(db);
    }
}

/// <summary>A device the test registered, with the builder that made its hash.</summary>
public sealed record SeededDevice(Guid Id, string SerialNumber, HardwareHashBuilder Hardware);
