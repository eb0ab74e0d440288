using CsvHelper;

namespace AutopilotPortal.Core.Csv;

/// <summary>
/// How the portal writes every CSV download: UTF-8 with a byte order mark (so Excel reads it),
/// CRLF line ends, RFC 4180 quoting where a cell needs it, and text cells neutralised against
/// formula injection as OWASP describes.
/// </summary>
public static class CsvExport
{
    /// <summary>
    /// The characters that make a spreadsheet run a cell as a formula when the cell starts with one
    /// of them: <c>= @ + -</c>, tab, CR and LF. Such a cell is written quoted, with a single quote in
    /// front, so that a spreadsheet shows it as text.
    /// </summary>
    public const string FormulaLeads = "=@+-\t\r\n";

    /// <summary>The writer options every export shares.</summary>
    public static CsvWriterOptions Options { get; } = CsvWriterOptions.Default with
    {
        Injection = CsvInjection.Escape,
        InjectionCharacters = FormulaLeads,
        InjectionEscape = '\'',
        NewLine = "\r\n",
        WriteByteOrderMark = true,
    };

    /// <summary>
    /// A writer that streams to <paramref name="output"/> through its own buffer and leaves the
    /// stream open. Write records with the asynchronous methods: an HTTP response body refuses
    /// synchronous writes.
    /// </summary>
    /// <param name="output">The destination, such as a response body.</param>
    public static CsvWriter Create(Stream output) => CsvWriter.Create(output, Options, leaveOpen: true);
}
