using AutopilotPortal.Core.Import.Csv;
using AutopilotPortal.Core.Registration;

namespace AutopilotPortal.Core.Import;

/// <summary>The rows of one batch, by outcome.</summary>
internal readonly record struct ImportCounts(int Rows, int Registered, int Failed, int Warnings, int AlreadyRegistered)
{
    public ImportCounts Add(RegistrationOutcome outcome)
    {
        var already = outcome.Error?.IsAlreadyRegistered == true;
        return new(
            Rows + 1,
            Registered + (outcome.Succeeded ? 1 : 0),
            Failed + (outcome.Succeeded || already ? 0 : 1),
            Warnings + (outcome.Warning is null ? 0 : 1),
            AlreadyRegistered + (already ? 1 : 0));
    }

    public void AddTo(ImportJob job)
    {
        job.TotalRows += Rows;
        job.Registered += Registered;
        job.Failed += Failed;
        job.Warnings += Warnings;
        job.AlreadyRegistered += AlreadyRegistered;
    }
}

/// <summary>How far an import is. <see cref="Failed"/> leaves out the rows already registered, which changed nothing.</summary>
public sealed record ImportProgress(int RowsProcessed, int Registered, int Failed, int Warnings)
{
    /// <summary>Rows whose hardware is already registered to this tenant (806): nothing wrong, nothing changed.</summary>
    public int AlreadyRegistered { get; init; }
}

/// <summary>The result of a preview: every row with what the import would do with it.</summary>
public sealed record ImportPreview(DeviceCsvFormat Format, int ColumnCount, string EncodingName, IReadOnlyList<ImportPreviewRow> Rows)
{
    public int WillRegister => Rows.Count(r => r.Error is null);

    /// <summary>Rows with an error, leaving out those already registered (<see cref="AlreadyRegistered"/>).</summary>
    public int WillFail => Rows.Count(r => r.Error is { IsAlreadyRegistered: false });

    /// <summary>Rows whose hardware is already registered to this tenant (806): importing them changes nothing.</summary>
    public int AlreadyRegistered => Rows.Count(r => r.Error is { IsAlreadyRegistered: true });

    public int WithWarnings => Rows.Count(r => r.Warning is not null);

    /// <summary>The physical lines of the file, the header and blank lines included.</summary>
    public int LineCount { get; init; }

    /// <summary>Lines that a quote swallowed, so that their rows were not read: the import loses them only once they are accepted.</summary>
    public IReadOnlyList<LostLines> LostLines { get; init; } = [];

    /// <summary>For a file that mixes encodings, the sentence naming its lines; otherwise <see langword="null"/>.</summary>
    public string? EncodingWarning { get; init; }
}

/// <summary>One row of a preview. The hash itself is not kept.</summary>
public sealed record ImportPreviewRow(
    int LineNumber,
    string CsvSerialNumber,
    string? HashSerialNumber,
    string? Manufacturer,
    string? Model,
    string? GroupTag,
    string? AssignedUser,
    RegistrationError? Error,
    string? Warning)
{
    /// <summary>
    /// A device of this tenant with the same serial but other hardware, which this row would not replace but add
    /// beside (a replaced motherboard, most likely); <see langword="null"/> when there is none.
    /// </summary>
    public Guid? SameSerialDeviceId { get; init; }

    internal static ImportPreviewRow From(PreparedRegistration row, RegistrationOutcome outcome) => new(
        row.Request.LineNumber,
        row.Request.SerialNumber ?? string.Empty,
        row.Hardware?.SerialNumber.Trim(),
        row.Hardware?.Manufacturer ?? row.Request.Manufacturer,
        row.Hardware?.Model ?? row.Request.Model,
        row.Request.GroupTag,
        row.Request.AssignedUser,
        outcome.Error,
        outcome.Warning);
}
