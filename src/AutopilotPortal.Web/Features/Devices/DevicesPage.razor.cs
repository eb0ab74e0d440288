using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Web.Layout;
using AutopilotPortal.Web.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace AutopilotPortal.Web.Features.Devices;

public partial class DevicesPage : IDisposable
{
    private static readonly DeviceIdComparer Comparer = new();
    private MudTable<DeviceListItem>? _table;
    private HashSet<DeviceListItem> _selected = new(Comparer);
    private bool _paneOpen;
    private bool _capped;

    // What the header counts: every device, or the matches of the search the rows answer; null until the first load.
    private int? _total;

    // The search the rows on screen answer; tests wait for it after typing.
    private string _loadedSearch = string.Empty;
    private Guid? _paneDeviceId;

    // What the list shows, as the address says; the address is the one place it changes.
    private DeviceListView _view = new();
    private IReadOnlyList<string> _addressProblems = [];

    // The columns this person shows, in their order (their preference, or the default).
    private IReadOnlyList<DeviceSortColumn> _columns = DeviceColumns.Default;
    private bool _filtersOpen;

    // The rows on screen, for the header's select-the-page box.
    private IReadOnlyList<DeviceListItem> _pageItems = [];

    // Whether this circuit has rendered: a pane open at its first render came from the address, not a click.
    private bool _rendered;

    // The pane was opened from the list, so closing it goes back one history entry instead of adding one.
    private bool _openedFromList;

    // The device whose pane just closed: the keyboard goes back to its link.
    private Guid? _returnFocusTo;

    [CascadingParameter] public PortalCaller Caller { get; set; } = default!;

    /// <summary>The layout around the page, made inert while the pane is open; absent when rendered alone.</summary>
    [CascadingParameter] public ModalBackground? Background { get; set; }

    [Inject] private IJSRuntime JS { get; set; } = default!;

    private bool CanSelect => Caller.Can(PortalPermission.EditDevices) || Caller.Can(PortalPermission.DeleteDevices);

    /// <summary>The header box: ticked when every row on the page is selected, mixed (null) when some are.</summary>
    private bool? PageSelection
    {
        get
        {
            var selected = _pageItems.Count(_selected.Contains);
            return selected == 0 ? false : selected == _pageItems.Count ? true : null;
        }
    }

    [Inject] private DeviceService Devices { get; set; } = default!;

    [Inject] private DeviceEditService Edits { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [Inject] private ViewerClock Viewer { get; set; } = default!;

    // The search box and match as typed; they reach the address (and so the list) after the debounce.
    private string? Search { get; set; }

    private SerialMatch Match { get; set; } = SerialMatch.StartsWith;

    private async Task<TableData<DeviceListItem>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var view = _view;
        var query = view.ToQuery(Viewer, state.Page * state.PageSize, state.PageSize);
        try
        {
            var page = await Devices.ListAsync(Caller, query, cancellationToken);

            // A load the table has given up on (a newer one replaced it) may still finish: its rows are
            // dropped by the table, and its count must not overwrite the newer one's.
            cancellationToken.ThrowIfCancellationRequested();
            var loaded = query.Search?.Trim() ?? string.Empty;

            // ServerData is a plain delegate: only the table re-renders by itself, so the page does when
            // what it shows outside the table (the cap warning, the export link's sort) changes.
            // The page renders again in any case: the header's select-the-page box follows the rows.
            (_capped, _loadedSearch, _total, _pageItems, _loadedFiltered) = (page.IsCapped, loaded, page.TotalCount, page.Items, view.FilterCount > 0);
            StateHasChanged();

            return new TableData<DeviceListItem> { Items = page.Items, TotalItems = page.TotalCount };
        }
        catch (OperationCanceledException)
        {
            return new TableData<DeviceListItem> { Items = [], TotalItems = 0 };
        }
    }

    /// <summary>"12,345 devices" for the whole list, "37 devices match" for a search or filters, more than the cap when it is reached.</summary>
    private string CountText => _total switch
    {
        null => string.Empty,
        { } total when _capped => $"More than {total:N0} devices match",
        { } total when _loadedSearch.Length > 0 || _loadedFiltered => total == 1 ? "1 device matches" : $"{total:N0} devices match",
        1 => "1 device",
        { } total => $"{total:N0} devices",
    };

    // Whether the rows on screen answer filters (for the count's wording).
    private bool _loadedFiltered;

    /// <summary>The export link downloads what the list shows: the same search, sort and filters.</summary>
    private string ExportHref => $"/api/devices/export.csv{_view.ToQueryString()}";

    /// <summary>Each filter set, as its chip says it, and the view without it (what closing the chip shows).</summary>
    private IEnumerable<(string Label, DeviceListView Cleared)> ActiveFilters
    {
        get
        {
            var v = _view;
            if (v.GroupTag is { } tag) yield return ($"Group tag: {tag}", v with { GroupTag = null });
            if (v.ProfileStatus is { } status) yield return ($"Profile status: {Display.ProfileStatus(status)}", v with { ProfileStatus = null });
            if (v.EnrollmentState is { } state) yield return ($"Enrollment: {Display.Enrollment(state)}", v with { EnrollmentState = null });
            if (v.Manufacturer is { } manufacturer) yield return ($"Manufacturer: {manufacturer}", v with { Manufacturer = null });
            if (v.Model is { } model) yield return ($"Model: {model}", v with { Model = null });
            if (v.PurchaseOrder is { } order) yield return ($"Purchase order: {order}", v with { PurchaseOrder = null });
            if (v.ContactedFrom is not null || v.ContactedTo is not null)
            {
                yield return ($"Last contacted {Range(v.ContactedFrom, v.ContactedTo)}", v with { ContactedFrom = null, ContactedTo = null });
            }

            if (v.RegisteredFrom is not null || v.RegisteredTo is not null)
            {
                yield return ($"Registered {Range(v.RegisteredFrom, v.RegisteredTo)}", v with { RegisteredFrom = null, RegisteredTo = null });
            }
        }
    }

    private static string Range(DateOnly? from, DateOnly? to) => (from, to) switch
    {
        ({ } f, { } t) when f == t => $"on {f:yyyy-MM-dd}",
        ({ } f, { } t) => $"{f:yyyy-MM-dd} to {t:yyyy-MM-dd}",
        ({ } f, null) => $"since {f:yyyy-MM-dd}",
        (null, { } t) => $"up to {t:yyyy-MM-dd}",
        _ => "",
    };

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateTime? ToDate(DateOnly? day) => day?.ToDateTime(TimeOnly.MinValue);

    private static DateOnly? ToDay(DateTime? date) => date is { } d ? DateOnly.FromDateTime(d) : null;

    /// <summary>Shows a view by putting it in the address (replacing the entry: each keystroke is not a step back).</summary>
    private Task ApplyAsync(DeviceListView view)
    {
        if (view != _view)
        {
            Navigation.NavigateTo($"/devices{view.ToQueryString(DeviceInQuery)}", replace: true);
        }

        return Task.CompletedTask;
    }

    private Task ApplySearchAsync() => ApplyAsync(_view with { Search = Blank(Search), Match = Match });

    private async Task ReloadAsync()
    {
        if (_table is not null)
        {
            await _table.ReloadServerData();
        }
    }

    /// <summary>The device whose pane is open: <c>/devices?device=&lt;id&gt;</c> links straight to it.</summary>
    [SupplyParameterFromQuery(Name = "device")]
    public Guid? DeviceInQuery { get; set; }

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    [Inject] private Core.Preferences.UserPreferenceService Preferences { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        Navigation.LocationChanged += OnLocationChanged;
        _columns = DeviceColumns.Parse(await Preferences.GetAsync(Caller, DeviceColumns.PreferenceName));
    }

    private async Task ChooseColumnsAsync()
    {
        var dialog = await Dialogs.ShowAsync<DeviceColumnsDialog>("Columns", new DialogParameters<DeviceColumnsDialog> { { d => d.Shown, _columns } });
        if (await dialog.Result is { Canceled: false, Data: IReadOnlyList<DeviceSortColumn> chosen })
        {
            _columns = chosen;
            var stored = chosen.SequenceEqual(DeviceColumns.Default) ? null : DeviceColumns.Format(chosen);
            await Preferences.SetAsync(Caller, DeviceColumns.PreferenceName, stored);
        }
    }

    private void OnLocationChanged(object? sender, Microsoft.AspNetCore.Components.Routing.LocationChangedEventArgs e) =>
        _ = InvokeAsync(ReadAddressAsync);

    /// <summary>Takes the view from the address; reloads the rows when it differs from the one shown.</summary>
    private async Task ReadAddressAsync()
    {
        var uri = Navigation.ToAbsoluteUri(Navigation.Uri);
        if (!uri.AbsolutePath.Equals("/devices", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var view = DeviceListView.Parse(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query), out var problems);
        _addressProblems = problems;
        if (view == _view)
        {
            return;
        }

        // The boxes follow the address when it changed from elsewhere (Back, a link, a bookmark), not
        // while the search typed here is on its way to it.
        if (view.Search != Blank(Search) || view.Match != Match)
        {
            (Search, Match) = (view.Search, view.Match);
        }

        _view = view;
        if (view.FilterCount > 0 && !_rendered)
        {
            _filtersOpen = true;
        }

        await ReloadAsync();
        StateHasChanged();
    }

    protected override async Task OnParametersSetAsync()
    {
        await ReadAddressAsync();
        OnDeviceInAddress();
    }

    private void OnDeviceInAddress()
    {
        var (wasOpen, previous) = (_paneOpen, _paneDeviceId);
        _paneDeviceId = DeviceInQuery ?? _paneDeviceId;
        _paneOpen = DeviceInQuery is not null;
        if (_paneOpen && !wasOpen)
        {
            _openedFromList = _rendered;
        }
        else if (!_paneOpen && wasOpen)
        {
            _returnFocusTo = previous;
        }

        Background?.Set(_paneOpen);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        _rendered = true;
        if (_returnFocusTo is { } id)
        {
            _returnFocusTo = null;
            await JS.InvokeAsync<bool>("portal.focus", $"a[data-device-link='{id}']", "h1");
        }
    }

    private void OnRowClick(TableRowClickEventArgs<DeviceListItem> args)
    {
        if (args.Item is not null && args.Item.Id != DeviceInQuery)
        {
            Navigation.NavigateTo($"/devices{_view.ToQueryString(args.Item.Id)}");
        }
    }

    private async Task OnPaneOpenChangedAsync(bool open)
    {
        if (!open)
        {
            await ClosePaneAsync();
        }
    }

    /// <summary>
    /// Closes the pane as Back would when the list opened it (one history entry per device opened),
    /// or replaces the address when the pane came with it.
    /// </summary>
    private async Task ClosePaneAsync()
    {
        if (DeviceInQuery is null)
        {
            return;
        }

        if (_openedFromList)
        {
            await JS.InvokeVoidAsync("history.back");
        }
        else
        {
            Navigation.NavigateTo($"/devices{_view.ToQueryString()}", replace: true);
        }
    }

    private Task SortAsync(DeviceSortColumn column) =>
        ApplyAsync(_view with { Sort = column, Descending = column == _view.Sort && !_view.Descending });

    private void Select(DeviceListItem device, bool selected)
    {
        if (selected)
        {
            _selected.Add(device);
        }
        else
        {
            _selected.Remove(device);
        }
    }

    private void SelectPage(bool selected)
    {
        foreach (var device in _pageItems)
        {
            Select(device, selected);
        }
    }

    public void Dispose()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        Background?.Set(false);
    }

    private async Task DecommissionSelectedAsync(Core.Decommissioning.DecommissionKind kind)
    {
        var ids = _selected.Select(d => d.Id).ToList();
        if (ids.Count > 0 && await Decommissioning.DecommissionActions.DecommissionAsync(Dialogs, Navigation, Caller, ids, kind))
        {
            _selected.Clear();
        }
    }

    /// <summary>Whether a search or a filter narrows the list (so "all" means fewer than every device).</summary>
    private bool IsNarrowed => !string.IsNullOrWhiteSpace(_view.Search) || _view.FilterCount > 0;

    /// <summary>Edits the group tag of every device the list's search and filters match, as they are when the edit is asked for.</summary>
    private async Task EditMatchingGroupTagAsync()
    {
        var ids = await Devices.MatchingIdsAsync(Caller, _view.ToQuery(Viewer, 0, 1), DeviceEditService.MaxBulkEdit);
        if (ids is null)
        {
            Snackbar.Add($"More than {DeviceEditService.MaxBulkEdit:N0} devices match now; narrow the list further to edit them at once.", Severity.Warning);
            return;
        }

        if (ids.Count == 0)
        {
            Snackbar.Add("No device matches now; nothing to edit.", Severity.Info);
            await ReloadAsync();
            return;
        }

        await EditGroupTagAsync(ids, common: _view.GroupTag, $"Edit group tag of all {ids.Count:N0} matching devices");
    }

    private Task EditSelectedGroupTagAsync()
    {
        var ids = _selected.Select(d => d.Id).ToList();
        var common = _selected.Select(d => d.GroupTag).Distinct().Count() == 1 ? _selected.First().GroupTag : null;
        return EditGroupTagAsync(ids, common, ids.Count == 1 ? "Edit group tag" : $"Edit group tag of {ids.Count} devices");
    }

    private async Task EditGroupTagAsync(IReadOnlyList<Guid> ids, string? common, string title)
    {
        var parameters = new DialogParameters<EditValueDialog>
        {
            { d => d.Title, title },
            { d => d.Label, "Group tag" },
            { d => d.Helper, "Leave empty to clear the tag. Dynamic groups on [OrderId] follow the change." },
            { d => d.Value, common },
            {
                d => d.Save, async value =>
                {
                    try
                    {
                        await Edits.UpdateGroupTagAsync(Caller, ids, value);
                        return null;
                    }
                    catch (Exception ex) when (ex is DeviceValidationException or DeviceNotFoundException or AccessDeniedException)
                    {
                        return ex.Message;
                    }
                }
            },
        };
        var dialog = await Dialogs.ShowAsync<EditValueDialog>("Edit group tag", parameters);
        var result = await dialog.Result;
        if (result is { Canceled: false })
        {
            Snackbar.Add(ids.Count == 1 ? "Group tag saved." : $"Group tag saved on {ids.Count} devices.", Severity.Success);
            _selected.Clear();
            await ReloadAsync();
        }
    }

    private sealed class DeviceIdComparer : IEqualityComparer<DeviceListItem>
    {
        public bool Equals(DeviceListItem? x, DeviceListItem? y) => x?.Id == y?.Id;

        public int GetHashCode(DeviceListItem obj) => obj.Id.GetHashCode();
    }
}
