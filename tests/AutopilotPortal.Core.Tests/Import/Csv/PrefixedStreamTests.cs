using AutopilotPortal.Core.Import.Csv;

namespace AutopilotPortal.Core.Tests.Import.Csv;

public class PrefixedStreamTests
{
    private static readonly byte[] Content = Enumerable.Range(0, 3 * PrefixedStream.ReadSize + 12_345).Select(i => (byte)(i * 31 % 251)).ToArray();

    [Theory]
    [InlineData(97, 4096, true)]
    [InlineData(7, 4096, true)]
    [InlineData(65_536, 333, true)]
    [InlineData(65_536, PrefixedStream.ReadSize + 5, true)]
    [InlineData(0, 4096, false)]
    [InlineData(0, PrefixedStream.ReadSize + 5, false)]
    public async Task GivesThePrefixThenTheRestWhateverTheReadSizes(int innerChunk, int readSize, bool async)
    {
        // The trickle stream reads asynchronously only, a few bytes at a time; a memory stream serves the synchronous reads.
        Stream inner = async ? new TrickleStream(Content[100..], innerChunk) : new MemoryStream(Content[100..]);
        await using var stream = new PrefixedStream(Content[..120], start: 20, end: 100, inner, leaveOpen: false);
        var buffer = new byte[readSize];
        async Task<int> ReadAsync() => async ? await stream.ReadAsync(buffer) : stream.Read(buffer);

        var read = new MemoryStream();
        int count;
        while ((count = await ReadAsync()) > 0)
        {
            read.Write(buffer, 0, count);
        }

        Assert.Equal(Content[20..], read.ToArray());
        Assert.Equal(0, await ReadAsync());
    }

    [Fact]
    public async Task ReadsAfterDisposeAreRefusedAndTheInnerStreamIsLeftOpenWhenAsked()
    {
        var inner = new TrickleStream(Content, 4096);
        var stream = new PrefixedStream([1, 2, 3], start: 0, end: 3, inner, leaveOpen: true);
        var buffer = new byte[10];
        Assert.Equal(3, await stream.ReadAsync(buffer));
        Assert.Equal(10, await stream.ReadAsync(buffer));

        await stream.DisposeAsync();

        Assert.False(inner.Disposed);
        Assert.Throws<ObjectDisposedException>(() => stream.Read(buffer));
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => _ = await stream.ReadAsync(buffer));
    }
}
