using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Security;
using AutopilotPortal.Web.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AutopilotPortal.Web.Features.Devices;

public partial class DevicesPage
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
    private DeviceSortColumn _sort = DeviceSortColumn.SerialNumber;
    private bool _descending;

    [CascadingParameter] public PortalCaller Caller { get; set; } = default!;

    [Inject] private DeviceService Devices { get; set; } = default!;

    [Inject] private DeviceEditService Edits { get; set; } = default!;

    [Inject] private IDialogService Dialogs { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private string? Search { get; set; }

    private SerialMatch Match { get; set; } = SerialMatch.StartsWith;

    private async Task<TableData<DeviceListItem>> LoadAsync(TableState state, CancellationToken cancellationToken)
    {
        var sort = Enum.TryParse<DeviceSortColumn>(state.SortLabel, out var column) ? column : DeviceSortColumn.SerialNumber;
        var query = new DeviceListQuery(Search, Match, sort, state.SortDirection == SortDirection.Descending, state.Page * state.PageSize, state.PageSize);
        try
        {
            var page = await Devices.ListAsync(Caller, query, cancellationToken);
            var loaded = query.Search?.Trim() ?? string.Empty;

            // ServerData is a plain delegate: only the table re-renders by itself, so the page does when
            // what it shows outside the table (the cap warning, the export link's sort) changes.
            if (_capped != page.IsCapped || _loadedSearch != loaded || (_sort, _descending) != (query.SortBy, query.Descending) || _total != page.TotalCount)
            {
                (_capped, _loadedSearch, _sort, _descending, _total) = (page.IsCapped, loaded, query.SortBy, query.Descending, page.TotalCount);
                StateHasChanged();
            }

            return new TableData<DeviceListItem> { Items = page.Items, TotalItems = page.TotalCount };
        }
        catch (OperationCanceledException)
        {
            return new TableData<DeviceListItem> { Items = [], TotalItems = 0 };
        }
    }

    /// <summary>"12,345 devices" for the whole list, "37 devices match" for a search, more than the cap when it is reached.</summary>
    private string CountText => _total switch
    {
        null => string.Empty,
        _ when _capped => $"More than {DeviceService.MaxContainsMatches:N0} devices match",
        { } total when _loadedSearch.Length > 0 => total == 1 ? "1 device matches" : $"{total:N0} devices match",
        1 => "1 device",
        { } total => $"{total:N0} devices",
    };

    /// <summary>The export link downloads what the list shows: the same search and sort.</summary>
    private string ExportHref
    {
        get
        {
            return $"/api/devices/export.csv?search={Uri.EscapeDataString(Search ?? string.Empty)}&match={Match}&sort={_sort}&descending={_descending}";
        }
    }

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

    protected override void OnParametersSet()
    {
        _paneDeviceId = DeviceInQuery ?? _paneDeviceId;
        _paneOpen = DeviceInQuery is not null;
    }

    private void OnRowClick(TableRowClickEventArgs<DeviceListItem> args)
    {
        if (args.Item is not null && args.Item.Id != DeviceInQuery)
        {
            Navigation.NavigateTo($"/devices?device={args.Item.Id}");
        }
    }

    private void OnPaneOpenChanged(bool open)
    {
        if (!open && DeviceInQuery is not null)
        {
            Navigation.NavigateTo("/devices", replace: true);
        }
    }

    private async Task DecommissionSelectedAsync(Core.Decommissioning.DecommissionKind kind)
    {
        var ids = _selected.Select(d => d.Id).ToList();
        if (ids.Count > 0 && await Decommissioning.DecommissionActions.DecommissionAsync(Dialogs, Navigation, Caller, ids, kind))
        {
            _selected.Clear();
        }
    }

    private async Task EditSelectedGroupTagAsync()
    {
        var ids = _selected.Select(d => d.Id).ToList();
        var common = _selected.Select(d => d.GroupTag).Distinct().Count() == 1 ? _selected.First().GroupTag : null;
        var parameters = new DialogParameters<EditValueDialog>
        {
            { d => d.Title, ids.Count == 1 ? "Edit group tag" : $"Edit group tag of {ids.Count} devices" },
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
