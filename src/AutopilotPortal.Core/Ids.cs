using System.Buffers.Binary;
using System.Security.Cryptography;

namespace AutopilotPortal.Core;

/// <summary>
/// New GUIDs as <see cref="Guid.NewGuid"/> and <see cref="Guid.CreateVersion7(DateTimeOffset)"/> make them
/// (RFC 9562 versions 4 and 7, from the system's cryptographic random generator), with the random bytes
/// drawn 4 KB at a time per thread. The framework asks the operating system for each GUID's 16 bytes, a
/// system call each time; a registration makes five GUIDs per device, and those calls were a tenth of an
/// import's reading thread (docs/benchmarks.md).
/// </summary>
public static class Ids
{
    private const int BlockBytes = 4096;

    [ThreadStatic]
    private static byte[]? t_block;

    [ThreadStatic]
    private static int t_next;

    /// <summary>The largest value of the 26-bit counter of <see cref="NewTimeOrdered"/>.</summary>
    private const int MaxCounter = (1 << 26) - 1;

    [ThreadStatic]
    private static long t_lastMilliseconds;

    [ThreadStatic]
    private static int t_counter;

    /// <summary>A random (version 4) GUID.</summary>
    public static Guid NewRandom()
    {
        var bytes = Next();
        return new Guid(
            BinaryPrimitives.ReadInt32LittleEndian(bytes),
            BinaryPrimitives.ReadInt16LittleEndian(bytes[4..]),
            (short)((BinaryPrimitives.ReadInt16LittleEndian(bytes[6..]) & 0x0FFF) | 0x4000),
            (byte)((bytes[8] & 0x3F) | 0x80),
            bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]);
    }

    /// <summary>
    /// A time-ordered (version 7) GUID: the first 48 bits are the Unix time in milliseconds, so GUIDs made
    /// later sort after (as text too). Within one millisecond on one thread the next 26 bits count up
    /// from a random start (RFC 9562, section 6.2, method 1), so a batch stamped with one time still gets
    /// increasing ids and each primary key index takes them as appends; the last 48 bits are random.
    /// </summary>
    /// <param name="utcNow">The time to stamp; a <see cref="DateTimeKind.Unspecified"/> time is taken as UTC.</param>
    public static Guid NewTimeOrdered(DateTime utcNow)
    {
        var utc = utcNow.Kind == DateTimeKind.Local ? utcNow.ToUniversalTime() : DateTime.SpecifyKind(utcNow, DateTimeKind.Utc);
        var milliseconds = new DateTimeOffset(utc).ToUnixTimeMilliseconds();
        var bytes = Next();
        int counter;
        if (milliseconds == t_lastMilliseconds && t_counter < MaxCounter)
        {
            counter = ++t_counter;
        }
        else
        {
            // A random start in the lower half leaves room to count up at least 2^25 times.
            counter = t_counter = (int)(BinaryPrimitives.ReadUInt32LittleEndian(bytes[6..]) & (MaxCounter >> 1));
            t_lastMilliseconds = milliseconds;
        }

        return new Guid(
            (int)(milliseconds >> 16),
            (short)milliseconds,
            (short)(0x7000 | (counter >> 14)),
            (byte)(0x80 | ((counter >> 8) & 0x3F)),
            (byte)counter,
            bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]);
    }

    private static ReadOnlySpan<byte> Next()
    {
        var block = t_block;
        if (block is null || t_next + 16 > BlockBytes)
        {
            block = t_block ??= new byte[BlockBytes];
            RandomNumberGenerator.Fill(block);
            t_next = 0;
        }

        var bytes = block.AsSpan(t_next, 16);
        t_next += 16;
        return bytes;
    }
}
