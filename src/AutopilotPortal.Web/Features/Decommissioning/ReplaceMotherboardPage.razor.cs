using AutopilotPortal.Core.Decommissioning;
using AutopilotPortal.Core.Devices;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Import.Csv;
using AutopilotPortal.Core.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace AutopilotPortal.Web.Features.Decommissioning;

/// <summary>The guided motherboard replacement: explains why the old hash cannot be reused, takes the new one, confirms, starts.</summary>
public partial class ReplaceMotherboardPage
{
    private const long MaxFileBytes = 1024 * 1024;

    private DeviceDetails? _device;
    private bool _notFound;
    private string? _hash;
    private string? _groupTag;
    private string? _error;
    private int _stepIndex;
    private bool _starting;
    private Guid? _started;
    private HardwareHashInfo? _newHardware;
    private IReadOnlyList<string> _differences = [];
    private bool _differencesAccepted;

    [Parameter] public Guid DeviceId { get; set; }

    [CascadingParameter] public PortalCaller Caller { get; set; } = default!;

    [Inject] private DeviceService Devices { get; set; } = default!;

    [Inject] private DecommissionService Decommissions { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        if (!Caller.Can(PortalPermission.DeleteDevices))
        {
            return;
        }

        _device = await Devices.GetDetailsAsync(Caller, DeviceId);
        _notFound = _device is null;
        _groupTag ??= _device?.Device.GroupTag;
    }

    private async Task OnFileChosenAsync(InputFileChangeEventArgs e)
    {
        _error = null;
        try
        {
            await using var stream = e.File.OpenReadStream(MaxFileBytes);
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer);
            buffer.Position = 0;
            await using var reader = await DeviceCsvReader.OpenAsync(buffer);
            var rows = new List<DeviceCsvRow>();
            await foreach (var row in reader.ReadRowsAsync())
            {
                rows.Add(row);
                if (rows.Count > 1)
                {
                    break;
                }
            }

            _error = rows.Count switch
            {
                0 => "The file has no device rows.",
                > 1 => "The file holds more than one device; upload the CSV of the repaired device alone.",
                _ when string.IsNullOrWhiteSpace(rows[0].HardwareHash) => "The file's row has no hardware hash.",
                _ => null,
            };
            if (_error is null)
            {
                _hash = rows[0].HardwareHash;
                _groupTag = string.IsNullOrWhiteSpace(rows[0].GroupTag) ? _groupTag : rows[0].GroupTag;
            }
        }
        catch (Exception ex) when (ex is IOException or DeviceCsvHeaderException or InvalidDataException or System.Text.DecoderFallbackException or CsvHelper.CsvFormatException)
        {
            _error = $"The file could not be read: {ex.Message}";
        }
    }

    /// <summary>Decodes the new hash and compares it with the old device, so that the confirmation shows both side by side.</summary>
    private void Next()
    {
        _error = null;
        var decoded = HardwareHash.Decode(_hash?.Trim() ?? string.Empty);
        if (!decoded.IsValid || decoded.Info is null)
        {
            _error = $"The new hardware hash is not valid: {decoded.Message}";
            return;
        }

        _newHardware = decoded.Info;
        _differences = _device?.Hardware?.Info is { } old ? ReplacementHardware.Differences(old, _newHardware) : [];
        _differencesAccepted = false;
        _stepIndex = 1;
    }

    private bool CanConfirm => !_starting && (_differences.Count == 0 || _differencesAccepted);

    private async Task StartAsync()
    {
        if (!CanConfirm)
        {
            return;
        }

        _starting = true;
        _error = null;
        try
        {
            _started = await Decommissions.ReplaceMotherboardAsync(Caller, DeviceId, _hash, _groupTag);
        }
        catch (Exception ex) when (ex is DecommissionRefusedException or AccessDeniedException)
        {
            _error = ex.Message;
            _stepIndex = 0;
        }
        finally
        {
            _starting = false;
        }
    }
}
