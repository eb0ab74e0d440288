using System.Buffers;

namespace AutopilotPortal.Core.Import.Csv;

/// <summary>
/// A read-only, forward-only stream of a buffered prefix followed by the rest of an inner stream, so a
/// non-seekable stream (a browser upload) can be sniffed and then read whole without reading anything twice.
/// The rest is read from the inner stream <see cref="ReadSize"/> bytes at a time, whatever the reader above
/// asks for: the transcoding and CSV readers ask for a few kilobytes at a time, and on Linux each read of a
/// file that misses its buffer is a trip through the thread pool (about 19,000 of them for a 77 MB file read
/// 4 KB at a time; 77 this way).
/// </summary>
internal sealed class PrefixedStream(byte[] prefix, int start, int end, Stream inner, bool leaveOpen) : ReadOnlyForwardStream
{
    /// <summary>The size of each read of the inner stream.</summary>
    public const int ReadSize = 1 << 20;

    private byte[] _buffer = prefix;
    private byte[]? _rented;
    private int _position = start;
    private int _end = end;
    private bool _innerDisposed;
    private bool _disposed;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_position < _end)
        {
            return CopyBuffered(buffer);
        }

        if (buffer.Length >= ReadSize)
        {
            return inner.Read(buffer);
        }

        _end = inner.Read(ReadBuffer());
        _position = 0;
        return _end == 0 ? 0 : CopyBuffered(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_position < _end)
        {
            return ValueTask.FromResult(CopyBuffered(buffer.Span));
        }

        return buffer.Length >= ReadSize ? inner.ReadAsync(buffer, cancellationToken) : RefillAsync(buffer, cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!leaveOpen && !_innerDisposed)
        {
            _innerDisposed = true;
            await inner.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        if (disposing && _rented is { } rented)
        {
            _rented = null;
            (_buffer, _position, _end) = ([], 0, 0);
            ArrayPool<byte>.Shared.Return(rented);
        }

        if (disposing && !leaveOpen && !_innerDisposed)
        {
            _innerDisposed = true;
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask<int> RefillAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        _end = await inner.ReadAsync(ReadBuffer(), cancellationToken).ConfigureAwait(false);
        _position = 0;
        return _end == 0 ? 0 : CopyBuffered(buffer.Span);
    }

    /// <summary>The read buffer, rented from the shared pool when the prefix is used up (a new 1 MB array per file would be a large-object allocation each time).</summary>
    private byte[] ReadBuffer()
    {
        if (_rented is null)
        {
            _rented = ArrayPool<byte>.Shared.Rent(ReadSize);
            _buffer = _rented;
        }

        return _rented;
    }

    private int CopyBuffered(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _end - _position);
        _buffer.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }
}
