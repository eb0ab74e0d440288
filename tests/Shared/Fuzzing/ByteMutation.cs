using CsCheck;

namespace AutopilotPortal.Tests.Fuzzing;

/// <summary>
/// One generic mutation of a byte array: the kind, and two numbers it reads as a position, a length, a bit or a
/// value (each taken modulo what fits). CsCheck shrinks the numbers towards 0 and the list of mutations towards
/// empty, so a shrunk failure keeps only the mutations it needs.
/// </summary>
internal readonly record struct ByteMutation(ByteMutationKind Kind, uint A, uint B)
{
    /// <summary>
    /// A position anywhere in the input: CsCheck's plain numbers favour small values, which would aim most mutations at
    /// the first bytes (a CSV's header), so most are uniform over the whole range.
    /// </summary>
    public static Gen<uint> Position { get; } = CsCheck.Gen.Frequency((1, CsCheck.Gen.UInt), (4, CsCheck.Gen.UInt.Uniform));

    public static readonly Gen<ByteMutation> Gen = CsCheck.Gen.Select(
        CsCheck.Gen.Enum<ByteMutationKind>(), Position, CsCheck.Gen.UInt, (kind, a, b) => new ByteMutation(kind, a, b));

    public byte[] Apply(byte[] data, ReadOnlySpan<byte[]> insertions)
    {
        switch (Kind)
        {
            case ByteMutationKind.FlipBit when data.Length > 0:
                var flipped = (byte[])data.Clone();
                flipped[A % data.Length] ^= (byte)(1 << (int)(B % 8));
                return flipped;
            case ByteMutationKind.SetByte when data.Length > 0:
                var set = (byte[])data.Clone();
                set[A % data.Length] = (byte)B;
                return set;
            case ByteMutationKind.InsertBytes:
                var inserted = insertions.IsEmpty ? [(byte)B] : insertions[(int)(B % insertions.Length)];
                return Insert(data, (int)(A % (data.Length + 1)), inserted);
            case ByteMutationKind.InsertRandomBytes:
                var random = new byte[1 + (B % 8)];
                for (var i = 0; i < random.Length; i++)
                {
                    random[i] = (byte)((B >> (i * 3)) ^ (A >> i));
                }

                return Insert(data, (int)(A % (data.Length + 1)), random);
            case ByteMutationKind.Delete when data.Length > 0:
                var at = (int)(A % data.Length);
                var count = (int)Math.Min(1 + (B % 64), data.Length - at);
                return [.. data.AsSpan(0, at), .. data.AsSpan(at + count)];
            case ByteMutationKind.Truncate:
                return data[..(int)(A % (data.Length + 1))];
            case ByteMutationKind.DuplicateRange when data.Length > 0:
                var from = (int)(A % data.Length);
                var length = (int)Math.Min(1 + (B % 256), data.Length - from);
                return Insert(data, from, data[from..(from + length)]);
            default:
                return data;
        }
    }

    public static byte[] Insert(byte[] data, int at, ReadOnlySpan<byte> inserted) =>
        [.. data.AsSpan(0, at), .. inserted, .. data.AsSpan(at)];
}

internal enum ByteMutationKind
{
    FlipBit,
    SetByte,
    InsertBytes,
    InsertRandomBytes,
    Delete,
    Truncate,
    DuplicateRange,
}
