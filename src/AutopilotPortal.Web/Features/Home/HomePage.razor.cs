using System.Globalization;
using AutopilotPortal.Core.Dashboard;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Core.Simulation;
using AutopilotPortal.Core.Sync;
using AutopilotPortal.Web.Features.Devices;
using AutopilotPortal.Web.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AutopilotPortal.Web.Features.Home;

/// <summary>
/// The overview at <c>/</c>: devices by profile status and enrollment state, registrations per day,
/// recent imports and their error codes, the sync, unfinished decommissions and recent deployment
/// simulations. Each figure links to the list it counts. Everything comes from one
/// <see cref="DashboardService"/> read, served from counts the database keeps (a load costs the same
/// at ten devices and at a million).
/// </summary>
public partial class HomePage
{
    /// <summary>The days the registrations chart covers, today (in the viewer's zone) the last.</summary>
    private const int Days = 30;

    private static readonly DeploymentResult[] RunResults = Enum.GetValues<DeploymentResult>();

    private static readonly DonutChartOptions RadialOptions = new() { ShowLegend = false };

    /// <summary>Bar chart options whose vertical axis has about four steps of 1, 2 or 5 × 10ⁿ up to <paramref name="max"/>.</summary>
    private static BarChartOptions Axis(long max) => new() { ShowLegend = false, YAxisFormat = "N0", YAxisTicks = Step(max) };

    private static int Step(long max)
    {
        var rough = Math.Max(1.0, max / 4.0);
        var power = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = new[] { 1, 2, 5, 10 }.Select(m => m * power).First(s => s >= rough);
        return (int)Math.Min(int.MaxValue, step);
    }

    private DashboardSummary? _summary;
    private string? _error;
    private bool _loading;

    [CascadingParameter] public PortalCaller Caller { get; set; } = default!;

    [Inject] private DashboardService Dashboard { get; set; } = default!;

    [Inject] private ViewerClock Viewer { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        if (Caller.Can(PortalPermission.ReadDevices))
        {
            await LoadAsync();
        }
    }

    private async Task LoadAsync()
    {
        _loading = true;
        try
        {
            _summary = await Dashboard.GetAsync(Caller);
            _error = null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not AccessDeniedException)
        {
            _error = $"The overview could not be read: {ex.Message}";
        }
        finally
        {
            _loading = false;
        }
    }

    private static List<ChartSeries<double>> Series(string name, IEnumerable<long> values) =>
        [new ChartSeries<double> { Name = name, Data = new ChartData<double>(values.Select(v => (double)v).ToList()) }];

    /// <summary>What a chart shows, in words, for screen readers (the chart itself is a picture of the list below it).</summary>
    private static string ChartName(string title, IEnumerable<(string Label, long Count)> parts)
    {
        var listed = parts.Select(p => $"{p.Label} {p.Count.ToString("N0", CultureInfo.InvariantCulture)}").ToList();
        return listed.Count == 0 ? $"{title}: none" : $"{title}: {string.Join(", ", listed)}";
    }

    private static string Plural(long count, string noun) => count == 1 ? $"1 {noun}" : $"{count:N0} {noun}s";

    /// <summary>"1 row registered, 0 refused." and, when some failed outright, how many imports did.</summary>
    internal static string ImportRowsText(ImportFigures imports) =>
        $"{Plural(imports.RowsRegistered, "row")} registered, {imports.RowsRefused:N0} refused"
        + (imports.FailedJobs > 0 ? $"; {Plural(imports.FailedJobs, "import")} failed outright." : ".");

    private static string Share(long count, long total) =>
        total == 0 ? "0 %" : (100.0 * count / total).ToString(count * 100 >= total ? "0" : "0.#", CultureInfo.InvariantCulture) + " %";

    private static string ErrorLabel(ImportErrorCount error) => error.Code is { } code ? $"{code} {error.Name}" : error.Name;

    /// <summary>An error's short label under its bar: the code, or the name where there is none.</summary>
    private static string ErrorTick(ImportErrorCount error) => error.Code?.ToString(CultureInfo.InvariantCulture) ?? error.Name;

    private static string RunLabel(DeploymentResult result) => result switch
    {
        DeploymentResult.Succeeded => "Succeeded",
        DeploymentResult.Failed => "Failed",
        DeploymentResult.NoProfile => "No profile (normal OOBE)",
        _ => result.ToString(),
    };

    private static string SyncState(SyncFigures sync) => sync.Status switch
    {
        SyncStatus.InProgress => " · in progress",
        SyncStatus.Failed => " · the last attempt failed",
        _ => string.Empty,
    };

    /// <summary>The device list of the devices registered on those days (in the viewer's zone).</summary>
    private static string RegisteredHref(DateOnly from, DateOnly to) =>
        "/devices" + new DeviceListView(RegisteredFrom: from, RegisteredTo: to).ToQueryString();
}
