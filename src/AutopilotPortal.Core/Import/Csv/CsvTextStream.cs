using System.Buffers;
using System.Text;

namespace AutopilotPortal.Core.Import.Csv;

/// <summary>
/// The UTF-8 that the CSV parser reads, made from the file's bytes after the byte order mark: it counts the
/// file's physical lines as CsvHelper does (CR, LF and CR LF each end one line) and, for a file that is not
/// UTF-16 or UTF-32, decides the encoding of every byte on its own.
/// </summary>
/// <remarks>
/// <para>
/// A valid UTF-8 sequence is always read as UTF-8, and a byte that is not part of one is read as Windows-1252
/// (what Excel and Windows PowerShell write as ANSI on Western systems). So a file that is UTF-8 but for one
/// ANSI byte keeps its UTF-8 text ("Zürich", never "ZÃ¼rich"), and an ANSI file reads as ANSI whichever line
/// its first accented letter is on. The stream records the evidence for each reading (the lines holding
/// multi-byte UTF-8 and the lines holding Windows-1252 bytes), so that a file where both occur can be named
/// as mixed, with its lines.
/// </para>
/// <para>In <c>transcoded</c> mode the source is UTF-8 already (the framework's transcoding of UTF-16 or UTF-32), and only lines are counted.</para>
/// </remarks>
internal sealed class CsvTextStream : ReadOnlyForwardStream
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>The UTF-8 form of each byte 0x80–0xFF read as Windows-1252.</summary>
    private static readonly byte[][] Windows1252Utf8 = CreateWindows1252Table();

    private readonly Stream _source;
    private readonly bool _transcoded;
    private readonly List<int> _windows1252Lines = [];
    private byte[]? _raw;
    private int _carried;
    private byte[] _pending = [];
    private int _pendingStart;
    private int _pendingEnd;
    private long _lineBreaks;
    private bool _lastWasCr;
    private bool _textSinceBreak;
    private bool _ended;
    private bool _disposed;

    public CsvTextStream(Stream source, bool transcoded)
    {
        _source = source;
        _transcoded = transcoded;
    }

    /// <summary>The physical lines read so far: the whole file's once the parser has read to its end.</summary>
    public int Lines => (int)Math.Min(int.MaxValue, _lineBreaks + (_textSinceBreak ? 1 : 0));

    /// <summary>The first line holding a multi-byte UTF-8 sequence, or 0 (always 0 when transcoded).</summary>
    public int FirstUtf8Line { get; private set; }

    /// <summary>The lines, in order, that hold bytes not valid in UTF-8 and read as Windows-1252.</summary>
    public IReadOnlyList<int> Windows1252Lines => _windows1252Lines;

    /// <summary>Whether any of the lines <paramref name="first"/> to <paramref name="last"/> holds Windows-1252 bytes.</summary>
    public bool HasWindows1252Bytes(int first, int last)
    {
        var at = _windows1252Lines.BinarySearch(first);
        if (at < 0)
        {
            at = ~at;
        }

        return at < _windows1252Lines.Count && _windows1252Lines[at] <= last;
    }

    /// <summary>Reads the rest of the source without keeping it, so that <see cref="Lines"/> counts the whole file.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            while (await ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_pendingEnd > _pendingStart)
        {
            return TakePending(buffer.Span);
        }

        if (_transcoded)
        {
            // Already UTF-8: counted where it lies.
            var read = await _source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            CountLines(buffer.Span[..read]);
            return read;
        }

        while (true)
        {
            if (_ended)
            {
                return 0;
            }

            _raw ??= ArrayPool<byte>.Shared.Rent(ChunkSize);
            var read = await _source.ReadAsync(_raw.AsMemory(_carried, _raw.Length - _carried), cancellationToken).ConfigureAwait(false);
            var length = _carried + read;
            _ended = read == 0;
            if (length == 0)
            {
                return 0;
            }

            var written = Convert(_raw.AsSpan(0, length), buffer.Span, final: _ended);
            if (written > 0)
            {
                return written;
            }

            // Only the start of a multi-byte sequence came: read on.
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            if (_raw is not null)
            {
                ArrayPool<byte>.Shared.Return(_raw);
                _raw = null;
            }

            _source.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            if (_raw is not null)
            {
                ArrayPool<byte>.Shared.Return(_raw);
                _raw = null;
            }

            await _source.DisposeAsync().ConfigureAwait(false);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Converts the raw bytes into <paramref name="destination"/> (what does not fit waits in the pending
    /// buffer) and keeps an incomplete sequence at their end for the next read, unless <paramref name="final"/>.
    /// </summary>
    private int Convert(ReadOnlySpan<byte> raw, Span<byte> destination, bool final)
    {
        var output = new Output(this, destination);
        var pos = 0;
        while (pos < raw.Length)
        {
            var rest = raw[pos..];
            var nonAscii = rest.IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
            var ascii = nonAscii < 0 ? rest : rest[..nonAscii];
            CountLines(ascii);
            output.Write(ascii);
            pos += ascii.Length;
            if (nonAscii < 0)
            {
                break;
            }

            var status = System.Text.Rune.DecodeFromUtf8(raw[pos..], out _, out var consumed);
            if (status == OperationStatus.Done)
            {
                if (FirstUtf8Line == 0)
                {
                    FirstUtf8Line = CurrentLine;
                }

                NoteText();
                output.Write(raw.Slice(pos, consumed));
                pos += consumed;
            }
            else if (status == OperationStatus.NeedMoreData && !final)
            {
                break;
            }
            else
            {
                // One byte at a time: each byte that is not part of a valid sequence is a Windows-1252 letter.
                var line = CurrentLine;
                if (_windows1252Lines.Count == 0 || _windows1252Lines[^1] != line)
                {
                    _windows1252Lines.Add(line);
                }

                NoteText();
                output.Write(Windows1252Utf8[raw[pos] - 0x80]);
                pos++;
            }
        }

        _carried = raw.Length - pos;
        if (_carried > 0)
        {
            raw[pos..].CopyTo(_raw);
        }

        return output.Written;
    }

    private int CurrentLine => (int)Math.Min(int.MaxValue, _lineBreaks + 1);

    private void NoteText()
    {
        _lastWasCr = false;
        _textSinceBreak = true;
    }

    private void CountLines(ReadOnlySpan<byte> text)
    {
        while (!text.IsEmpty)
        {
            var at = text.IndexOfAny((byte)'\r', (byte)'\n');
            if (at < 0)
            {
                NoteText();
                return;
            }

            if (at > 0)
            {
                _lastWasCr = false;
            }

            if (text[at] == (byte)'\n')
            {
                if (!_lastWasCr)
                {
                    _lineBreaks++;
                }

                _lastWasCr = false;
            }
            else
            {
                _lineBreaks++;
                _lastWasCr = true;
            }

            _textSinceBreak = false;
            text = text[(at + 1)..];
        }
    }

    private int TakePending(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, _pendingEnd - _pendingStart);
        _pending.AsSpan(_pendingStart, count).CopyTo(destination);
        _pendingStart += count;
        return count;
    }

    private void AddPending(ReadOnlySpan<byte> bytes)
    {
        if (_pendingStart == _pendingEnd)
        {
            _pendingStart = _pendingEnd = 0;
        }

        if (_pendingEnd + bytes.Length > _pending.Length)
        {
            Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _pendingEnd + bytes.Length));
        }

        bytes.CopyTo(_pending.AsSpan(_pendingEnd));
        _pendingEnd += bytes.Length;
    }

    private static byte[][] CreateWindows1252Table()
    {
        // Code page 1252 is not built into .NET (Core): register the provider once, before first use.
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var windows1252 = Encoding.GetEncoding(1252);
        var table = new byte[128][];
        for (var b = 0x80; b <= 0xFF; b++)
        {
            table[b - 0x80] = Encoding.UTF8.GetBytes(windows1252.GetString([(byte)b]));
        }

        return table;
    }

    /// <summary>Writes into the caller's buffer first and into the pending buffer once it is full.</summary>
    private ref struct Output(CsvTextStream owner, Span<byte> destination)
    {
        private readonly Span<byte> _destination = destination;

        public int Written { get; private set; }

        public void Write(ReadOnlySpan<byte> bytes)
        {
            var room = _destination.Length - Written;
            if (room >= bytes.Length && owner._pendingEnd == owner._pendingStart)
            {
                bytes.CopyTo(_destination[Written..]);
                Written += bytes.Length;
                return;
            }

            var direct = owner._pendingEnd == owner._pendingStart ? Math.Min(room, bytes.Length) : 0;
            bytes[..direct].CopyTo(_destination[Written..]);
            Written += direct;
            owner.AddPending(bytes[direct..]);
        }
    }
}
