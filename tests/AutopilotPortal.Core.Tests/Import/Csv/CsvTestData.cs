using System.Text;
using AutopilotPortal.Core.Import.Csv;

namespace AutopilotPortal.Core.Tests.Import.Csv;

/// <summary>Builds device CSV content for the reader tests.</summary>
internal static class CsvTestData
{
    public const string IntuneHeader = "Device Serial Number,Windows Product ID,Hardware Hash";

    private const string Base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>A deterministic 4000-character base64-looking string; the reader does not decode hashes.</summary>
    public static string FakeHash(int seed)
    {
        var chars = new char[4000];
        var state = (uint)seed * 2654435761u + 1;
        chars[0] = 'T';
        chars[1] = '0';
        chars[2] = 'G';
        for (var i = 3; i < chars.Length; i++)
        {
            state = state * 1664525u + 1013904223u;
            chars[i] = Base64Alphabet[(int)(state >> 26)];
        }

        return new string(chars);
    }

    public static byte[] Encode(string text, string encodingName)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return encodingName switch
        {
            "UTF-16LE (BOM)" => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(text)],
            "UTF-16BE (BOM)" => [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(text)],
            "UTF-16LE" => Encoding.Unicode.GetBytes(text),
            "UTF-16BE" => Encoding.BigEndianUnicode.GetBytes(text),
            "UTF-8 (BOM)" => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)],
            "UTF-8" => Encoding.UTF8.GetBytes(text),
            "Windows-1252" => Encoding.GetEncoding(1252).GetBytes(text),
            _ => throw new ArgumentOutOfRangeException(nameof(encodingName), encodingName, null),
        };
    }

    public static async Task<(DeviceCsvReader Reader, List<DeviceCsvRow> Rows)> ReadAllAsync(byte[] content)
    {
        var reader = await DeviceCsvReader.OpenAsync(new MemoryStream(content));
        var rows = new List<DeviceCsvRow>();
        await foreach (var row in reader.ReadRowsAsync())
        {
            rows.Add(row);
        }

        await reader.DisposeAsync();
        return (reader, rows);
    }

    public static Task<(DeviceCsvReader Reader, List<DeviceCsvRow> Rows)> ReadAllAsync(string utf8Content) =>
        ReadAllAsync(Encoding.UTF8.GetBytes(utf8Content));
}

/// <summary>
/// A stream like a browser upload: not seekable, returns at most a few bytes per read, and refuses
/// synchronous reads (Blazor's upload stream does).
/// </summary>
internal sealed class TrickleStream(byte[] content, int chunkSize) : Stream
{
    private int _position;

    public bool Disposed { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Synchronous reads are not supported.");

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        var count = Math.Min(Math.Min(buffer.Length, chunkSize), content.Length - _position);
        content.AsSpan(_position, count).CopyTo(buffer.Span);
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}

/// <summary>
/// A UTF-16LE device CSV of <c>rowCount</c> rows generated while it is read: the file is never in memory,
/// so a test can see whether the reader holds it.
/// </summary>
internal sealed class GeneratedCsvStream : Stream
{
    private readonly int _rowCount;
    private readonly string _hash = CsvTestData.FakeHash(42);
    private byte[] _pending = [];
    private int _pendingOffset;
    private int _nextRow;

    public GeneratedCsvStream(int rowCount)
    {
        _rowCount = rowCount;
        _pending = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(CsvTestData.IntuneHeader + ",Group Tag\r\n")];
    }

    public long BytesProduced { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_pendingOffset == _pending.Length)
        {
            if (_nextRow == _rowCount)
            {
                return 0;
            }

            _pending = Encoding.Unicode.GetBytes($"SN{_nextRow:D8},,{_hash},Tag{_nextRow % 7}\r\n");
            _pendingOffset = 0;
            _nextRow++;
        }

        var count = Math.Min(buffer.Length, _pending.Length - _pendingOffset);
        _pending.AsSpan(_pendingOffset, count).CopyTo(buffer);
        _pendingOffset += count;
        BytesProduced += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
