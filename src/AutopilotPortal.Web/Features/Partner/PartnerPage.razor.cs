using AutopilotPortal.Core.Import;
using AutopilotPortal.Core;
using AutopilotPortal.Core.Import.Csv;
using AutopilotPortal.Core.Partner;
using AutopilotPortal.Core.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace AutopilotPortal.Web.Features.Partner;

public partial class PartnerPage
{
    private PartnerRegistrationKind _kind = PartnerRegistrationKind.Tuple;
    private string? _manufacturer;
    private string? _model;
    private string? _serial;
    private string? _productKey;
    private string? _hash;
    private string? _groupTag;
    private bool _busy;
    private PartnerRegistrationResult? _oneResult;
    private string? _error;
    private string? _csvName;
    private string? _csvError;
    private IReadOnlyList<PartnerRegistrationResult>? _csvResults;
    private MudTable<PartnerRegistrationSummary>? _registrationsTable;

    [CascadingParameter] public PortalCaller Caller { get; set; } = default!;

    [Inject] private PartnerRegistrationService Partners { get; set; } = default!;

    [Inject] private IOptions<ImportOptions> Options { get; set; } = default!;

    private static Dictionary<string, object?> Attributes(string testId, string label) => new() { ["data-testid"] = testId, ["aria-label"] = label };

    private async Task RegisterOneAsync()
    {
        var request = _kind switch
        {
            PartnerRegistrationKind.Tuple => PartnerDeviceRequest.ByTuple(_manufacturer, _model, _serial, _groupTag),
            PartnerRegistrationKind.ProductKey => PartnerDeviceRequest.ByProductKey(_productKey, _groupTag),
            _ => PartnerDeviceRequest.ByHash(_hash, _groupTag),
        };

        await RunAsync(async () =>
        {
            _oneResult = (await Partners.RegisterAsync(Caller, [request]))[0];
        });
    }

    private async Task OnCsvChosenAsync(InputFileChangeEventArgs e)
    {
        _csvName = e.File.Name;
        _csvError = null;
        _csvResults = null;
        await RunAsync(async () =>
        {
            try
            {
                await using var stream = e.File.OpenReadStream(Options.Value.MaxFileBytes);
                _csvResults = await Partners.RegisterCsvAsync(Caller, stream, e.File.Name);
            }
            catch (DeviceCsvHeaderException ex)
            {
                _csvError = $"{e.File.Name} was refused: {ex.Message}";
            }
            catch (IOException ex)
            {
                _csvError = $"{e.File.Name} could not be read: {ex.Message}";
            }
        });
    }

    private async Task RunAsync(Func<Task> action)
    {
        _busy = true;
        _error = null;
        try
        {
            await action();
            if (_registrationsTable is not null)
            {
                await _registrationsTable.ReloadServerData();
            }
        }
        catch (AccessDeniedException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task<TableData<PartnerRegistrationSummary>> LoadRegistrationsAsync(TableState state, CancellationToken cancellationToken)
    {
        var page = await Partners.ListRegistrationsAsync(Caller, state.Page * state.PageSize, state.PageSize, cancellationToken);
        return new TableData<PartnerRegistrationSummary> { Items = page.Items, TotalItems = page.TotalCount };
    }

    private async Task<TableData<OemCatalogDevice>> LoadCatalogAsync(TableState state, CancellationToken cancellationToken)
    {
        var page = await Partners.ListCatalogAsync(Caller, state.Page * state.PageSize, state.PageSize, cancellationToken);
        return new TableData<OemCatalogDevice> { Items = page.Items, TotalItems = page.TotalCount };
    }
}
