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
    string? Problem);
