using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;

namespace AutopilotPortal.Core.Import.Csv;

/// <summary>
/// Reads a device CSV (Intune admin or partner format) as a stream of rows, never holding the whole file:
/// memory stays a few buffers whatever the file size. Accepts what real files are: UTF-16 (with or without a
/// byte order mark), UTF-8 (with or without one) and Windows-1252; quoted or unquoted fields; CRLF or LF; blank
/// lines anywhere; whitespace and line breaks inside hashes.
/// </summary>
/// <remarks>
/// Open with <see cref="OpenAsync(Stream, bool, CancellationToken)"/>, which reads and checks the header, then
/// enumerate <see cref="ReadRowsAsync"/> once. Only asynchronous reads are made on the stream, as a Blazor
/// upload stream requires, and it need not be seekable.
/// </remarks>
public sealed class DeviceCsvReader : IAsyncDisposable, IDisposable
{
    /// <summary>
    /// The largest record read, in bytes of UTF-8: a device row is some 4 KB, so anything this large is a file
    /// that is not a device CSV, or an unclosed quote; reading it whole would hold the file in memory.
    /// </summary>
    public const int MaxRecordBytes = 1024 * 1024;

    private static readonly SearchValues<char> Whitespace = SearchValues.Create(
        [.. Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(char.IsWhiteSpace)]);

    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly CsvReader _csv;
    private readonly Queue<CsvMalformedRecord> _malformed;
    private readonly string[] _columns;
    private readonly string _columnList;
    private bool _enumerated;

    private DeviceCsvReader(
        CsvReader csv,
        Queue<CsvMalformedRecord> malformed,
        DetectedEncoding encoding,
        DeviceCsvFormat format,
        string[] columns,
        bool leaveOpen)
    {
        _csv = csv;
        _malformed = malformed;
        _columns = columns;
        _columnList = string.Join(", ", columns);
        Encoding = encoding.Encoding;
        EncodingName = encoding.Name;
        Format = format;
        Columns = Array.AsReadOnly(columns);
        LeaveOpen = leaveOpen;
    }

    /// <summary>The format the header says the file is in.</summary>
    public DeviceCsvFormat Format { get; }

    /// <summary>The number of columns of the header: 3, 4 or 5.</summary>
    public int ColumnCount => _columns.Length;

    /// <summary>The column names of the header, spelled as the format defines them (not as found).</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The encoding the file was detected to be in.</summary>
    public Encoding Encoding { get; }

    /// <summary>
    /// The detected encoding for people: "UTF-16LE (BOM)", "UTF-16BE (BOM)", "UTF-16LE", "UTF-16BE",
    /// "UTF-8 (BOM)", "UTF-8", "Windows-1252", "UTF-32LE (BOM)" or "UTF-32BE (BOM)".
    /// </summary>
    public string EncodingName { get; }

    /// <summary>Whether disposing this reader leaves the stream open.</summary>
    public bool LeaveOpen { get; }

    /// <summary>Opens a device CSV: detects its encoding, then reads and checks its header. The stream is disposed with the reader.</summary>
    /// <param name="stream">The file; read forward only, asynchronously, from its current position.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>A reader positioned on the first row after the header.</returns>
    /// <exception cref="DeviceCsvHeaderException">The file is empty or its header is not one of the accepted ones.</exception>
    public static Task<DeviceCsvReader> OpenAsync(Stream stream, CancellationToken cancellationToken = default) =>
        OpenAsync(stream, leaveOpen: false, cancellationToken);

    /// <summary>Opens a device CSV: detects its encoding, then reads and checks its header.</summary>
    /// <param name="stream">The file; read forward only, asynchronously, from its current position.</param>
    /// <param name="leaveOpen">Whether disposing the reader leaves <paramref name="stream"/> open.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>A reader positioned on the first row after the header.</returns>
    /// <exception cref="DeviceCsvHeaderException">The file is empty or its header is not one of the accepted ones.</exception>
    public static async Task<DeviceCsvReader> OpenAsync(Stream stream, bool leaveOpen, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);

        var prefix = new byte[CsvEncodingDetector.SniffLength];
        var length = 0;
        var endOfInput = false;
        while (length < prefix.Length)
        {
            var read = await stream.ReadAsync(prefix.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                endOfInput = true;
                break;
            }

            length += read;
        }

        var detected = CsvEncodingDetector.Detect(prefix.AsSpan(0, length), endOfInput);
        Stream source = new PrefixedStream(prefix, detected.PreambleLength, length, stream, leaveOpen);
        if (!detected.IsPlainUtf8)
        {
            // CsvHelper parses UTF-8; the framework's transcoding stream is faster than its own transcoding.
            source = Encoding.CreateTranscodingStream(source, detected.Encoding, Utf8NoBom, leaveOpen: false);
        }

        var malformed = new Queue<CsvMalformedRecord>();
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = false,
            Mode = CsvMode.Rfc4180,
            AllowLineBreaksInQuotes = true,
            SkipEmptyLines = true,
            TrimWhitespace = true,
            TrimInsideQuotes = true,
            DetectSeparatorHint = false,
            TrackLineNumbers = true,
            MaxRecordSize = MaxRecordBytes,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MissingField = CsvMissingFieldHandling.ReturnEmpty,
            MalformedData = CsvMalformedDataHandling.Recover,
            OnMalformedRecord = malformed.Enqueue,
            // The byte order mark is already skipped, and the source is UTF-8.
            Encoding = null,
        };
        var csv = CsvReader.Create(source, options, leaveOpen: false);
        try
        {
            var (format, columns) = await ReadHeaderAsync(csv, malformed, prefix.AsMemory(0, length), detected, cancellationToken)
                .ConfigureAwait(false);
            return new DeviceCsvReader(csv, malformed, detected, format, columns, leaveOpen);
        }
        catch
        {
            await csv.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Reads the rows after the header, one at a time; blank lines (and lines of empty fields) are skipped.
    /// Can be enumerated once.
    /// </summary>
    /// <param name="cancellationToken">Cancels the reading.</param>
    /// <returns>The rows, each with the line it starts on and its structural problem, if any.</returns>
    /// <exception cref="InvalidDataException">A record is longer than <see cref="MaxRecordBytes"/> (not a device CSV, or an unclosed quote).</exception>
    /// <exception cref="InvalidOperationException">The rows are enumerated a second time.</exception>
    public async IAsyncEnumerable<DeviceCsvRow> ReadRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_enumerated)
        {
            throw new InvalidOperationException("The rows of a device CSV can be read only once.");
        }

        _enumerated = true;
        while (true)
        {
            // CsvHelper completes reads from its buffer without looking at the token.
            cancellationToken.ThrowIfCancellationRequested();
            bool more;
            try
            {
                more = await _csv.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (CsvFormatException ex)
            {
                throw new InvalidDataException(
                    $"Line {ex.LineNumber} is longer than {MaxRecordBytes / 1024} KB: the file is not a device CSV, or a quote is never closed.",
                    ex);
            }

            if (!more)
            {
                yield break;
            }

            if (IsBlankRecord(_csv))
            {
                continue;
            }

            yield return CreateRow();
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _csv.Dispose();

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _csv.DisposeAsync();

    private static async Task<(DeviceCsvFormat Format, string[] Columns)> ReadHeaderAsync(
        CsvReader csv,
        Queue<CsvMalformedRecord> malformed,
        ReadOnlyMemory<byte> prefix,
        DetectedEncoding detected,
        CancellationToken cancellationToken)
    {
        try
        {
            while (await csv.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!IsBlankRecord(csv))
                {
                    return MatchHeader(csv, malformed);
                }
            }
        }
        catch (CsvFormatException ex)
        {
            throw new DeviceCsvHeaderException(FirstLine(prefix.Span, detected), ex);
        }

        throw new DeviceCsvHeaderException(string.Empty);
    }

    private static (DeviceCsvFormat Format, string[] Columns) MatchHeader(CsvReader csv, Queue<CsvMalformedRecord> malformed)
    {
        var names = new List<string>(csv.FieldCount);
        for (var i = 0; i < csv.FieldCount; i++)
        {
            names.Add(csv.GetString(i).Trim());
        }

        // Excel adds empty columns to the header when cells right of the data were ever touched.
        while (names.Count > 0 && names[^1].Length == 0)
        {
            names.RemoveAt(names.Count - 1);
        }

        var line = csv.LineNumber;
        while (malformed.TryPeek(out var record) && record.LineNumber <= line)
        {
            malformed.Dequeue();
        }

        if (DeviceCsvHeaders.TryMatch(names, out var format, out var columns))
        {
            return (format, columns);
        }

        var raw = csv.RawRecord;
        var found = Encoding.UTF8.GetString(raw[..Math.Min(raw.Length, 1024)]);
        throw new DeviceCsvHeaderException(found);
    }

    private static string FirstLine(ReadOnlySpan<byte> prefix, DetectedEncoding detected)
    {
        var bytes = prefix[Math.Min(detected.PreambleLength, prefix.Length)..];
        var text = detected.Encoding.GetString(bytes[..Math.Min(bytes.Length, 1024)]);
        var end = text.AsSpan().IndexOfAny('\r', '\n');
        return end < 0 ? text : text[..end];
    }

    private static bool IsBlankRecord(CsvReader csv)
    {
        for (var i = 0; i < csv.FieldCount; i++)
        {
            // Spans, not strings: this runs for every row.
            if (csv.GetSpan(i).IndexOfAnyExcept(" \t\r\n"u8) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    private DeviceCsvRow CreateRow()
    {
        var line = (int)_csv.LineNumber;
        var intune = Format == DeviceCsvFormat.Intune;
        return new DeviceCsvRow(
            line,
            SerialNumber: Field(0),
            ProductKey: Field(1),
            HardwareHash: RemoveWhitespace(_csv.FieldCount > 2 ? _csv.GetString(2) : string.Empty),
            GroupTag: intune && ColumnCount >= 4 ? Field(3) : null,
            AssignedUser: intune && ColumnCount >= 5 ? Field(4) : null,
            Manufacturer: intune ? null : Field(3),
            Model: intune ? null : Field(4),
            Problem: FindProblem(line));
    }

    private string Field(int index) => index < _csv.FieldCount ? _csv.GetString(index).Trim() : string.Empty;

    private string? FindProblem(long line)
    {
        // Malformed records are reported while scanning, which may run ahead of the record returned.
        CsvMalformedRecord? quoting = null;
        while (_malformed.TryPeek(out var record) && record.LineNumber <= line)
        {
            _malformed.Dequeue();
            if (record.LineNumber == line)
            {
                quoting = record;
            }
        }

        var count = _csv.FieldCount;
        if (count < ColumnCount)
        {
            return FieldCountProblem(line, count);
        }

        if (count > ColumnCount)
        {
            var used = count;
            while (used > ColumnCount && _csv.IsEmpty(used - 1))
            {
                used--;
            }

            if (used > ColumnCount)
            {
                return FieldCountProblem(line, used);
            }
        }

        return quoting?.Reason switch
        {
            null => null,
            CsvMalformedReason.StrayQuote => $"Line {line} has a quote inside an unquoted field.",
            CsvMalformedReason.TextAfterClosingQuote => $"Line {line} has text after the closing quote of a field.",
            CsvMalformedReason.UnterminatedQuote => $"Line {line} has a quote that is never closed.",
            _ => $"Line {line} is malformed ({quoting.Value.Reason}).",
        };
    }

    private string FieldCountProblem(long line, int count) =>
        $"Line {line} has {count} {(count == 1 ? "field" : "fields")}; the header has {ColumnCount} ({_columnList}).";

    private static string RemoveWhitespace(string value)
    {
        var span = value.AsSpan();
        var first = span.IndexOfAny(Whitespace);
        if (first < 0)
        {
            return value;
        }

        var buffer = value.Length <= 8192 ? stackalloc char[value.Length] : new char[value.Length];
        span[..first].CopyTo(buffer);
        var length = first;
        foreach (var c in span[first..])
        {
            if (!char.IsWhiteSpace(c))
            {
                buffer[length++] = c;
            }
        }

        return new string(buffer[..length]);
    }
}
