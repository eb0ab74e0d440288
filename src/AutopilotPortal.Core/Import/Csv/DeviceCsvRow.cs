namespace AutopilotPortal.Core.Import.Csv;

/// <summary>One device record of a device CSV, as read; nothing in it is validated beyond the CSV structure.</summary>
/// <param name="LineNumber">
/// The 1-based physical line of the file where the record starts (the header is line 1); a record whose
/// quoted hash spans several lines is numbered by its first line.
/// </param>
/// <param name="SerialNumber">The device serial number, trimmed; <c>""</c> when empty or missing.</param>
/// <param name="ProductKey">The Windows Product ID, trimmed; usually <c>""</c> in files written by Get-WindowsAutopilotInfo.</param>
/// <param name="HardwareHash">The hardware hash with all whitespace (spaces, tabs, line breaks) removed; not decoded.</param>
/// <param name="GroupTag"><see langword="null"/> when the header has no Group Tag column; trimmed otherwise.</param>
/// <param name="AssignedUser"><see langword="null"/> when the header has no Assigned User column; trimmed otherwise.</param>
/// <param name="Manufacturer">The manufacturer name (partner format only); <see langword="null"/> otherwise.</param>
/// <param name="Model">The device model (partner format only); <see langword="null"/> otherwise.</param>
/// <param name="Problem">
/// <see langword="null"/>, or a sentence naming the record's structural problem and its line, such as
/// "Line 7 has 2 fields; the header has 3 (Device Serial Number, Windows Product ID, Hardware Hash)."
/// Extra trailing empty fields are not a problem.
/// </param>
public sealed record DeviceCsvRow(
    int LineNumber,
    string SerialNumber,
    string ProductKey,
    string HardwareHash,
    string? GroupTag,
    string? AssignedUser,
    string? Manufacturer,
    string? Model,
    string? Problem)
{
    /// <summary>
    /// The last physical line of the record, when a quoted field makes it span several (a hash broken over
    /// lines, or lines swallowed by a quote); <see langword="null"/> for a record on one line.
    /// </summary>
    public int? LastLineNumber { get; init; }

    /// <summary>
    /// The lines this record swallowed: a quote that is never closed, or closed only lines later, made them one
    /// field, so the rows on them were not read. <see langword="null"/> when none were.
    /// </summary>
    public LostLines? Lost { get; init; }

    /// <summary>Whether the record holds bytes that are not valid UTF-8, which were read as Windows-1252.</summary>
    public bool HasWindows1252Bytes { get; init; }
}

/// <summary>Lines of a CSV that did not become rows of their own, and why.</summary>
/// <param name="FirstLine">The first line lost: the line where the quote opened.</param>
/// <param name="LastLine">The last line lost.</param>
/// <param name="Reason">A sentence naming the lines and the cause, such as "A quote opened on line 6 is never closed; lines 6–101 were read as one field."</param>
public sealed record LostLines(int FirstLine, int LastLine, string Reason)
{
    /// <summary>How many lines were lost.</summary>
    public int Count => LastLine - FirstLine + 1;

    /// <summary>"6–101", or "6" for one line.</summary>
    public string Range => FirstLine == LastLine ? FirstLine.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : $"{FirstLine.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}–{LastLine.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}";
}
