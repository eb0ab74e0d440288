using AutopilotPortal.Core;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Core.Import.Csv;
using AutopilotPortal.Core.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;

namespace AutopilotPortal.Web.Features.Import;

public partial class ImportPage
{
    private enum Stage
    {
        Choose,
        Uploading,
        Previewing,
        Preview,
        Importing,
    }

    private Stage _stage = Stage.Choose;
    private bool _dragging;
    private string? _error;
    private string? _fileName;
    private string? _tempPath;
    private long _size;
    private long _uploaded;
    private int _checkedRows;
    private ImportPreview? _preview;
    private bool _problemsOnly;
    private bool _lostLinesAccepted;
    private ImportProgress? _progress;
    private CancellationTokenSource? _cts;

    [CascadingParameter] public PortalCaller Caller { get; set; } = default!;

    [Inject] private ImportService Imports { get; set; } = default!;

    [Inject] private UploadFolder Uploads { get; set; } = default!;

    [Inject] private IOptions<ImportOptions> Options { get; set; } = default!;

    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private long MaxBytes => Options.Value.MaxFileBytes;

    private double UploadPercent => _size == 0 ? 0 : 100.0 * _uploaded / _size;

    private double ImportPercent => _preview is null || _preview.Rows.Count == 0 ? 0 : 100.0 * (_progress?.RowsProcessed ?? 0) / _preview.Rows.Count;

    private string AcceptLabel => _preview is null ? string.Empty : _preview.LostLines.Count <= 5
        ? $"Import without lines {string.Join(", ", _preview.LostLines.Select(l => l.Range))}"
        : $"Import without the {LostLineCount:N0} lines in these {_preview.LostLines.Count:N0} places";

    private int LostLineCount => _preview?.LostLines.Sum(l => l.Count) ?? 0;

    /// <summary>A file is imported (or, with nothing to register, recorded) once any lines it loses are accepted.</summary>
    private bool CanImport => _preview is { Rows.Count: > 0 } && (_preview.LostLines.Count == 0 || _lostLinesAccepted);

    private IEnumerable<ImportPreviewRow> PreviewRows => _preview is null ? [] : _problemsOnly ? _preview.Rows.Where(r => r.Error is not null || r.Warning is not null) : _preview.Rows;

    private async Task OnFileChosenAsync(InputFileChangeEventArgs e)
    {
        _error = null;
        _uploaded = 0;
        _checkedRows = 0;
        var file = e.File;
        _fileName = file.Name;
        _size = file.Size;
        if (file.Size > MaxBytes)
        {
            _error = $"{file.Name} is {FormatBytes(file.Size)}; the largest file the portal accepts is {FormatBytes(MaxBytes)} (Import:MaxFileBytes). Split the file and import the parts.";
            return;
        }

        if (file.Size == 0)
        {
            _error = $"{file.Name} is empty: expected a CSV whose first line is the header 'Device Serial Number,Windows Product ID,Hardware Hash'.";
            return;
        }

        _cts = new CancellationTokenSource();
        try
        {
            _stage = Stage.Uploading;
            _tempPath = Uploads.NewFile();
            await using (var target = File.Create(_tempPath))
            await using (var source = file.OpenReadStream(MaxBytes, _cts.Token))
            {
                var buffer = new byte[81920];
                int read;
                var lastUpdate = 0L;
                while ((read = await source.ReadAsync(buffer, _cts.Token)) > 0)
                {
                    await target.WriteAsync(buffer.AsMemory(0, read), _cts.Token);
                    _uploaded += read;
                    if (_uploaded - lastUpdate > 1024 * 1024)
                    {
                        lastUpdate = _uploaded;
                        StateHasChanged();
                    }
                }
            }

            _stage = Stage.Previewing;
            StateHasChanged();
            await using var stream = File.OpenRead(_tempPath);
            var progress = new Progress<int>(rows =>
            {
                _checkedRows = rows;
                _ = InvokeAsync(StateHasChanged);
            });
            _preview = await Imports.PreviewAsync(Caller, stream, progress, _cts.Token);
            _stage = _preview.Rows.Count == 0 ? Stage.Choose : Stage.Preview;
            if (_preview.Rows.Count == 0)
            {
                _error = $"{file.Name} has a valid header but no device rows.";
                DeleteTempFile();
            }
        }
        catch (DeviceCsvHeaderException ex)
        {
            _error = $"{file.Name} was refused: {ex.Message}";
            Reset();
        }
        catch (AccessDeniedException ex)
        {
            _error = ex.Message;
            Reset();
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or CsvHelper.CsvFormatException or OperationCanceledException)
        {
            _error = $"{file.Name} could not be read: {ex.Message}";
            Reset();
        }
    }

    private async Task ImportAsync()
    {
        if (_tempPath is null || _preview is null || !CanImport)
        {
            return;
        }

        _stage = Stage.Importing;
        _cts = new CancellationTokenSource();
        var progress = new Progress<ImportProgress>(p =>
        {
            _progress = p;
            _ = InvokeAsync(StateHasChanged);
        });
        ImportJob job;
        try
        {
            await using var stream = File.OpenRead(_tempPath);

            // The import keeps running if the page is left: it is not tied to the circuit's token.
            var accepted = _preview.LostLines;
            job = await Task.Run(() => Imports.ImportAsync(Caller, stream, _fileName ?? "devices.csv", accepted, progress, _cts.Token));
        }
        finally
        {
            // Whether the import ended, failed or was cancelled, its upload has served.
            DeleteTempFile();
        }

        Navigation.NavigateTo($"/imports/{job.Id}");
    }

    private void CancelImport() => _cts?.Cancel();

    private void ChooseAnotherFile()
    {
        _error = null;
        Reset();
    }

    private void Reset()
    {
        DeleteTempFile();
        _preview = null;
        _lostLinesAccepted = false;
        _progress = null;
        _uploaded = 0;
        _checkedRows = 0;
        _stage = Stage.Choose;
    }

    private void DeleteTempFile()
    {
        Uploads.Delete(_tempPath);
        _tempPath = null;
    }

    /// <summary>A value's tooltip, shortened: a file's cell may hold thousands of characters.</summary>
    private static string? Hover(string? value) => value is null || value.Length <= 300 ? value : value[..300] + "…";

    private static string FormatBytes(long bytes) => bytes switch
    {
        >= 1024 * 1024 => $"{bytes / 1024.0 / 1024.0:0.#} MB",
        >= 1024 => $"{bytes / 1024.0:0.#} KB",
        _ => $"{bytes} bytes",
    };

    public ValueTask DisposeAsync()
    {
        if (_stage != Stage.Importing)
        {
            _cts?.Cancel();
            DeleteTempFile();
        }

        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
