using System.Buffers;
using System.Globalization;
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

    /// <summary>What a hash broken over lines may hold: base64 and whitespace.</summary>
    private static readonly SearchValues<byte> HashCharacters = SearchValues.Create(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= \t\r\n"u8);

    private readonly CsvReader _csv;
    private readonly CsvTextStream _text;
    private readonly DetectedEncoding _detected;
    private readonly Queue<CsvMalformedRecord> _malformed;
    private readonly List<LostLines> _lost = [];
    private readonly string[] _columns;
    private readonly string _columnList;
    private bool _enumerated;

    private DeviceCsvReader(
        CsvReader csv,
        CsvTextStream text,
        Queue<CsvMalformedRecord> malformed,
        DetectedEncoding encoding,
        DeviceCsvFormat format,
        string[] columns,
        bool leaveOpen)
    {
        _csv = csv;
        _text = text;
        _detected = encoding;
        _malformed = malformed;
        _columns = columns;
        _columnList = string.Join(", ", columns);
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

    /// <summary>
    /// The encoding the file was found to be in, on the evidence read so far (the whole file's once the rows have
    /// been read): Windows-1252 for a file whose only bytes beyond ASCII are not UTF-8, else the detected one.
    /// </summary>
    public Encoding Encoding => Windows1252Only ? Windows1252.Value : _detected.Encoding;

    /// <summary>
    /// The encoding for people, on the evidence read so far (the whole file's once the rows have been read):
    /// "UTF-16LE (BOM)", "UTF-16BE (BOM)", "UTF-16LE", "UTF-16BE", "UTF-32LE (BOM)", "UTF-32BE (BOM)",
    /// "UTF-8 (BOM)", "UTF-8", "Windows-1252", or, for a file that holds both UTF-8 text and bytes that are
    /// not UTF-8, "UTF-8 and Windows-1252 (mixed)".
    /// </summary>
    public string EncodingName => (_detected.IsBytes, MixedEncoding, Windows1252Only) switch
    {
        (true, true, _) => "UTF-8 and Windows-1252 (mixed)",
        (true, _, true) => "Windows-1252",
        _ => _detected.Name,
    };

    /// <summary>
    /// Whether the file holds both multi-byte UTF-8 text and bytes that are not UTF-8 (read as Windows-1252),
    /// on the evidence read so far; <see cref="EncodingWarning"/> then names the lines.
    /// </summary>
    public bool MixedEncoding => _detected.IsBytes && _text.FirstUtf8Line > 0 && _text.Windows1252Lines.Count > 0;

    /// <summary>
    /// For a file of mixed encodings (<see cref="MixedEncoding"/>), a sentence naming the first line of each
    /// and how the lines that are not UTF-8 were read; otherwise <see langword="null"/>.
    /// </summary>
    public string? EncodingWarning
    {
        get
        {
            if (!MixedEncoding)
            {
                return null;
            }

            var lines = _text.Windows1252Lines;
            var list = string.Join(", ", lines.Take(10).Select(l => l.ToString("N0", CultureInfo.InvariantCulture)))
                + (lines.Count > 10 ? $" and {lines.Count - 10:N0} more" : string.Empty);
            return $"The file mixes encodings: line {_text.FirstUtf8Line:N0} has UTF-8 text, but line {lines[0]:N0} has bytes that are not UTF-8. " +
                $"Those bytes were read as Windows-1252 (ANSI) on {(lines.Count == 1 ? "line" : "lines")} {list}; check the text of those rows, " +
                "or save the file again in one encoding (UTF-8).";
        }
    }

    /// <summary>The physical lines of the file read so far, the header and blank lines included: the whole file's once the rows have been read.</summary>
    public int LineCount => _text.Lines;

    /// <summary>The rows read so far (every record but the header and blank lines).</summary>
    public int RowCount { get; private set; }

    /// <summary>The lines that did not become rows of their own because a quote swallowed them, so far.</summary>
    public IReadOnlyList<LostLines> LostLines => _lost;

    private bool Windows1252Only => _detected.IsBytes && _text.FirstUtf8Line == 0 && _text.Windows1252Lines.Count > 0;

    private static readonly Lazy<Encoding> Windows1252 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    });

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
        while (length < prefix.Length)
        {
            var read = await stream.ReadAsync(prefix.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
        }

        var detected = CsvEncodingDetector.Detect(prefix.AsSpan(0, length));
        Stream source = new PrefixedStream(prefix, detected.PreambleLength, length, stream, leaveOpen);
        if (!detected.IsBytes)
        {
            // CsvHelper parses UTF-8; the framework's transcoding stream is faster than its own transcoding.
            source = Encoding.CreateTranscodingStream(source, detected.Encoding, Utf8NoBom, leaveOpen: false);
        }

        var text = new CsvTextStream(source, transcoded: !detected.IsBytes);

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
            // The byte order mark is already skipped, and the text stream gives UTF-8.
            Encoding = null,
        };
        var csv = CsvReader.Create(text, options, leaveOpen: false);
        try
        {
            var (format, columns) = await ReadHeaderAsync(csv, malformed, prefix.AsMemory(0, length), detected, cancellationToken)
                .ConfigureAwait(false);
            return new DeviceCsvReader(csv, text, malformed, detected, format, columns, leaveOpen);
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
    /// <returns>
    /// The rows, each with the line it starts on and its structural problem, if any. A record longer than
    /// <see cref="MaxRecordBytes"/> (an unclosed quote, or a file that is not a device CSV) ends the rows: the
    /// rest of the file is counted, and one last row says which lines were lost.
    /// </returns>
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
            long tooLongAt = 0;
            try
            {
                more = await _csv.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (CsvFormatException ex)
            {
                more = false;
                tooLongAt = ex.LineNumber;
            }

            if (tooLongAt > 0)
            {
                // A record that would be held whole past the limit: its lines, to the end of the file, are read
                // and counted but not kept, and become one row that says what was lost.
                await _text.DrainAsync(cancellationToken).ConfigureAwait(false);
                yield return TooLongRow((int)tooLongAt);
                yield break;
            }

            if (!more)
            {
                yield break;
            }

            if (IsBlankRecord(_csv))
            {
                continue;
            }

            RowCount++;
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
            throw DeviceCsvHeaderException.TooLong(FirstLine(prefix.Span, detected), MaxRecordBytes / 1024, ex);
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
        // The first line that is not blank, as the header is read.
        var text = detected.Encoding.GetString(bytes[..Math.Min(bytes.Length, 4096)]).TrimStart();
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
        var quoting = TakeMalformed(line);
        var lastLine = line;
        LostLines? lost = null;
        if (_csv.RawRecord.IndexOfAny((byte)'\r', (byte)'\n') >= 0)
        {
            (lastLine, lost) = FindLostLines(line, quoting);
        }

        if (lost is not null)
        {
            _lost.Add(lost);
        }

        // The fields of a record that swallowed lines hold those lines: only their first line is kept, to show.
        Func<int, string> field = lost is null ? Field : i => FirstLineOf(Field(i));
        return new DeviceCsvRow(
            line,
            SerialNumber: field(0),
            ProductKey: field(1),
            HardwareHash: lost is null ? RemoveWhitespace(_csv.FieldCount > 2 ? _csv.GetString(2) : string.Empty) : string.Empty,
            GroupTag: intune && ColumnCount >= 4 ? field(3) : null,
            AssignedUser: intune && ColumnCount >= 5 ? field(4) : null,
            Manufacturer: intune ? null : field(3),
            Model: intune ? null : field(4),
            Problem: lost?.Reason ?? FindProblem(line, quoting))
        {
            LastLineNumber = lastLine == line ? null : lastLine,
            Lost = lost,
            HasWindows1252Bytes = _detected.IsBytes && _text.HasWindows1252Bytes(line, lastLine),
        };
    }

    /// <summary>
    /// For a record that spans lines: its last line, and the lines it swallowed. A quote that is never closed
    /// swallows every line after it; one closed lines later swallowed rows when the lines inside it hold a
    /// separator. A hash broken over lines inside quotes (base64 and whitespace) loses nothing.
    /// </summary>
    private (int LastLine, LostLines? Lost) FindLostLines(int line, CsvMalformedRecord? quoting)
    {
        // A record that runs to the end of the input may end in line breaks that start no line of their own.
        var lastLine = Math.Min(line + LineBreaks(_csv.RawRecord), Math.Max(line, _text.Lines));
        var before = 0;
        for (var i = 0; i < _csv.FieldCount; i++)
        {
            var raw = _csv.GetRawSpan(i);
            var breaks = LineBreaks(raw);
            if (breaks == 0)
            {
                continue;
            }

            // A quote closed lines later swallowed rows when the lines after its first break hold a separator;
            // a quoted value that merely holds a line break (refused by the value's own rules) lost nothing.
            var value = _csv.GetSpan(i);
            var unclosed = quoting?.Reason == CsvMalformedReason.UnterminatedQuote;
            var afterBreak = value[(value.IndexOfAny((byte)'\r', (byte)'\n') + 1)..];
            // More fields than the header means the quote closed on a later row's line, whose fields follow.
            var spillsFields = UsedFieldCount() > ColumnCount;
            if ((i == 2 && value.IndexOfAnyExcept(HashCharacters) < 0) || (!unclosed && !spillsFields && afterBreak.IndexOf((byte)',') < 0))
            {
                before += breaks;
                continue;
            }

            var opened = line + before;
            var reason = unclosed
                ? $"A quote opened on line {opened:N0} is never closed; lines {opened:N0}–{lastLine:N0} were read as one field."
                : $"A quote opened on line {opened:N0} is closed only on line {lastLine:N0}; lines {opened:N0}–{lastLine:N0} were read as one field.";
            return (lastLine, new LostLines(opened, lastLine, reason));
        }

        return (lastLine, null);
    }

    private DeviceCsvRow TooLongRow(int line)
    {
        var last = Math.Max(line, _text.Lines);
        var lost = new LostLines(line, last,
            $"Line {line:N0} starts a record longer than {MaxRecordBytes / 1024:N0} KB: a quote opened there is never closed, or the lines are not device rows; " +
            $"lines {line:N0}–{last:N0} (the rest of the file) could not be read.");
        _lost.Add(lost);
        RowCount++;
        return new DeviceCsvRow(line, string.Empty, string.Empty, string.Empty, Format == DeviceCsvFormat.Intune && ColumnCount >= 4 ? string.Empty : null,
            Format == DeviceCsvFormat.Intune && ColumnCount >= 5 ? string.Empty : null, null, null, lost.Reason)
        {
            LastLineNumber = last == line ? null : last,
            Lost = lost,
        };
    }

    /// <summary>Line breaks as CsvHelper counts them: CR, LF and CR LF each once.</summary>
    private static int LineBreaks(ReadOnlySpan<byte> text)
    {
        var count = 0;
        while (true)
        {
            var at = text.IndexOfAny((byte)'\r', (byte)'\n');
            if (at < 0)
            {
                return count;
            }

            count++;
            var next = at + 1;
            if (text[at] == (byte)'\r' && next < text.Length && text[next] == (byte)'\n')
            {
                next++;
            }

            text = text[next..];
        }
    }

    private static string FirstLineOf(string value)
    {
        var end = value.AsSpan().IndexOfAny('\r', '\n');
        return end < 0 ? value : value[..end].TrimEnd() + "…";
    }

    private string Field(int index) => index < _csv.FieldCount ? _csv.GetString(index).Trim() : string.Empty;

    private CsvMalformedRecord? TakeMalformed(long line)
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

        return quoting;
    }

    private string? FindProblem(long line, CsvMalformedRecord? quoting)
    {
        if (_csv.FieldCount >= 3 && Field(0).Equals(_columns[0], StringComparison.OrdinalIgnoreCase)
            && DeviceCsvHeaders.TryMatch([.. Enumerable.Range(0, UsedFieldCount()).Select(Field)], out _, out _))
        {
            return $"Line {line} repeats the header: the file may be two files joined. It is not a device; the rows after it are read as usual.";
        }

        var count = _csv.FieldCount;
        if (count < ColumnCount)
        {
            return FieldCountProblem(line, count);
        }

        if (count > ColumnCount && UsedFieldCount() is var used && used > ColumnCount)
        {
            return FieldCountProblem(line, used);
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

    /// <summary>The record's fields without the empty ones at its end (Excel adds them).</summary>
    private int UsedFieldCount()
    {
        var used = _csv.FieldCount;
        while (used > 0 && _csv.IsEmpty(used - 1))
        {
            used--;
        }

        return used;
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
