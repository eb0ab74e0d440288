using System.Buffers.Binary;
using System.Security.Cryptography;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Registration;
using CsCheck;

namespace AutopilotPortal.Tests.Fuzzing;

/// <summary>A hash as bytes and as the text given to the decoder: the bytes' base64, perhaps mutated as text.</summary>
internal sealed record HashInput(byte[] Bytes, string Text, bool TextMutated);

/// <summary>
/// Fuzzes <see cref="HardwareHash"/>: real and built hashes mutated byte by byte and record by record (lengths,
/// types, values, whole records), most with the checksum written again so that the record walk is reached, then
/// perhaps mutated as base64 text. The decoder documents that it never throws: every input ends in a
/// <see cref="HardwareHashResult"/>, valid or with its <see cref="HardwareHashError"/> and a message.
/// </summary>
internal sealed class HardwareHashFuzz : FuzzTarget<HashInput>
{
    private static readonly byte[][] Values =
    [
        [], [0], [(byte)' ', (byte)'\t', 0], "HP\0"u8.ToArray(), "VMware, Inc.\0"u8.ToArray(), "QEMU"u8.ToArray(),
        "Microsoft Corporation\0"u8.ToArray(), "Virtual Machine\0"u8.ToArray(), "SMBIOS_STRING_INDEX_0\0"u8.ToArray(),
        "TPM-Version:2.0 -Level:0\0"u8.ToArray(), "TPM-Version:\0"u8.ToArray(), [0xFF, 0xE9, 0xFC, 0x80, 0],
        new byte[15], new byte[16], new byte[24], new byte[10], [9, 0, 0, 0, 1, 2, 3, 4, 5, 6], new byte[300],
    ];

    private static readonly string?[] Strings =
    [
        null, "", " ", "\t\0x", "HP", "VMware, Inc.", "QEMU", "Microsoft Corporation", "Virtual Machine", "innotek GmbH",
        "SMBIOS_STRING_INDEX_0", "TPM-Version:", "TPM-Version:2.0.", "ÿéü", new string('x', 200),
    ];

    public override string Name => "hardware-hash";

    public override uint Stream => 1;

    public override Gen<HashInput> Inputs { get; } =
        from seed in Gen.Frequency(
            (3, Gen.Int[0, FuzzCorpus.RealHashes.Count - 1].Select(i => Convert.FromBase64String(FuzzCorpus.RealHashes[i]))),
            (3, Synthetic()),
            (1, Gen.Byte.Array[0, 48]),
            (1, Gen.Byte.Array[0, 48].Select(tail => (byte[])[(byte)'O', (byte)'A', .. tail])))
        from mutations in HashMutation.Gen.Array[0, 6]
        from checksum in Gen.Int[0, 3]
        from textMutations in Gen.Frequency(
            (3, Gen.Const(Array.Empty<TextMutation>())),
            (1, TextMutation.Gen.Array[1, 3]))
        select Create(seed, mutations, checksum != 0, textMutations);

    public override FuzzOutcome Run(HashInput input)
    {
        var fromText = Checked(HardwareHash.Decode(input.Text));
        var withStored = Checked(HardwareHash.Decode(input.Text, out var stored));
        var fromBytes = Checked(HardwareHash.Decode(input.Bytes));

        if (withStored.Error != fromText.Error)
        {
            throw new FuzzContractException($"Decode(text) says {fromText.Error} but Decode(text, out stored) says {withStored.Error}.");
        }

        if (!input.TextMutated && fromBytes.Error != fromText.Error)
        {
            throw new FuzzContractException($"Decode(text) says {fromText.Error} but Decode(bytes) of the same hash says {fromBytes.Error}.");
        }

        if (withStored.Error is not (HardwareHashError.Empty or HardwareHashError.NotBase64))
        {
            if (stored is not { } form)
            {
                throw new FuzzContractException($"The text is base64 ({withStored.Error}) but no stored form was given.");
            }

            var again = Checked(HardwareHash.Decode(StoredHash.Expand(form.Bytes, form.Length)));
            if (again.Error != withStored.Error)
            {
                throw new FuzzContractException($"The hash decodes as {withStored.Error} but its stored form as {again.Error}.");
            }
        }

        return fromText.IsValid ? FuzzOutcome.Result("valid") : FuzzOutcome.Error(fromText.Error.ToString());
    }

    public override string Print(HashInput input) =>
        input.TextMutated
            ? $"text \"{FuzzText.Escape(input.Text)}\" (mutated from the base64 {Convert.ToBase64String(input.Bytes)})"
            : $"base64 {input.Text}";

    public override long AllocationBudget(HashInput input) => (1024 * 1024) + (64L * input.Text.Length);

    private static HardwareHashResult Checked(HardwareHashResult result)
    {
        if (result.IsValid)
        {
            if (result.Info is null || string.IsNullOrEmpty(result.Info.Manufacturer) || string.IsNullOrEmpty(result.Info.SerialNumber) || result.Message is not null)
            {
                throw new FuzzContractException("A valid result lacks its fields, its manufacturer or its serial number, or has a message.");
            }
        }
        else if (result.Info is not null || string.IsNullOrWhiteSpace(result.Message))
        {
            throw new FuzzContractException($"The {result.Error} result has fields or no message.");
        }

        return result;
    }

    private static Gen<byte[]> Synthetic() =>
        Gen.Select(Gen.Int, Gen.Int[0, Strings.Length - 1].Array[5], Gen.Bool, (seed, picks, keep) =>
        {
            var builder = HardwareHashBuilder.Synthetic(new Random(seed));
            if (!keep)
            {
                builder.Manufacturer = Strings[picks[0]];
                builder.SerialNumber = Strings[picks[1]];
                builder.Model = Strings[picks[2]];
                builder.Family = Strings[picks[3]];
                builder.TpmVersion = Strings[picks[4]];
            }

            return builder.BuildBytes();
        });

    private static HashInput Create(byte[] seed, HashMutation[] mutations, bool checksum, TextMutation[] textMutations)
    {
        var bytes = seed;
        foreach (var mutation in mutations)
        {
            bytes = mutation.Apply(bytes);
        }

        if (checksum)
        {
            bytes = WriteChecksum(bytes);
        }

        var text = Convert.ToBase64String(bytes);
        foreach (var mutation in textMutations)
        {
            text = mutation.Apply(text);
        }

        return new HashInput(bytes, text, textMutations.Length > 0);
    }

    /// <summary>Writes a valid <c>CS</c> trailer at the header's record-area length, as the builder does.</summary>
    private static byte[] WriteChecksum(byte[] bytes)
    {
        if (bytes.Length < 4 || bytes[0] != 'O' || bytes[1] != 'A')
        {
            return bytes;
        }

        int total = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(2));
        if (total < 4)
        {
            return bytes;
        }

        var result = new byte[Math.Max(bytes.Length, total + 36)];
        bytes.CopyTo(result, 0);
        var trailer = result.AsSpan(total, 36);
        trailer[0] = (byte)'C';
        trailer[1] = (byte)'S';
        BinaryPrimitives.WriteUInt16LittleEndian(trailer[2..], 36);
        SHA256.HashData(result.AsSpan(0, total), trailer[4..]);
        return result;
    }

    private enum HashMutationKind
    {
        Bytes,
        TotalLength,
        RecordLength,
        RecordType,
        RemoveRecord,
        DuplicateRecord,
        ReplaceValue,
        RandomValue,
        AppendRecord,
    }

    /// <summary>A mutation that knows the layout: the header's length field, and records found by walking it.</summary>
    private readonly record struct HashMutation(HashMutationKind Kind, ByteMutation Generic, uint A, uint B)
    {
        public static readonly Gen<HashMutation> Gen = CsCheck.Gen.Select(
            CsCheck.Gen.Enum<HashMutationKind>(), ByteMutation.Gen, CsCheck.Gen.UInt, CsCheck.Gen.UInt,
            (kind, generic, a, b) => new HashMutation(kind, generic, a, b));

        public byte[] Apply(byte[] data)
        {
            if (Kind == HashMutationKind.Bytes)
            {
                return Generic.Apply(data, []);
            }

            if (data.Length < 4)
            {
                return data;
            }

            int total = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(2));
            if (Kind == HashMutationKind.TotalLength)
            {
                var value = (B % 4) switch
                {
                    0 => (int)(A & 0xFFFF),
                    1 => total + (int)(A % 9) - 4,
                    2 => data.Length - (int)(A % 40),
                    _ => (int)(A % 5),
                };
                return WithTotal(data, value);
            }

            var records = Walk(data, total);
            if (Kind == HashMutationKind.AppendRecord)
            {
                var end = Math.Min(total, data.Length);
                return Splice(data, end, 0, Record((ushort)(A % 32), Values[B % Values.Length]), total);
            }

            if (records.Count == 0)
            {
                return data;
            }

            var (offset, length) = records[(int)(A % records.Count)];
            switch (Kind)
            {
                case HashMutationKind.RecordLength:
                    var current = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(offset + 2));
                    var newLength = (B % 4) switch
                    {
                        0 => (int)((B >> 2) % 4),
                        1 => current + (int)((B >> 2) % 9) - 4,
                        2 => 0xFFFF,
                        _ => (int)((B >> 2) & 0xFFFF),
                    };
                    var withLength = (byte[])data.Clone();
                    BinaryPrimitives.WriteUInt16LittleEndian(withLength.AsSpan(offset + 2), (ushort)Math.Clamp(newLength, 0, 0xFFFF));
                    return withLength;
                case HashMutationKind.RecordType:
                    var withType = (byte[])data.Clone();
                    BinaryPrimitives.WriteUInt16LittleEndian(withType.AsSpan(offset), (ushort)(B % 32));
                    return withType;
                case HashMutationKind.RemoveRecord:
                    return Splice(data, offset, length, [], total);
                case HashMutationKind.DuplicateRecord:
                    return Splice(data, offset, 0, data.AsSpan(offset, length), total);
                case HashMutationKind.ReplaceValue:
                    var type = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(offset));
                    return Splice(data, offset, length, Record(type, Values[B % Values.Length]), total);
                case HashMutationKind.RandomValue:
                    // Random bytes of the record's own length or of another: build info with any times and zones, odd UUIDs.
                    var random = new Random((int)B);
                    var value = new byte[(B & 1) == 0 ? length - 4 : (int)((B >> 1) % 40)];
                    random.NextBytes(value);
                    return Splice(data, offset, length, Record(BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(offset)), value), total);
                default:
                    return data;
            }
        }

        /// <summary>The records a decoder would walk, as (offset, length), up to the first one that does not fit.</summary>
        private static List<(int Offset, int Length)> Walk(byte[] data, int total)
        {
            var records = new List<(int, int)>();
            var end = Math.Min(total, data.Length);
            var offset = 4;
            while (offset + 4 <= end)
            {
                int length = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(offset + 2));
                if (length < 4 || offset + length > end)
                {
                    break;
                }

                records.Add((offset, length));
                offset += length;
            }

            return records;
        }

        private static byte[] Record(ushort type, byte[] value)
        {
            var record = new byte[4 + value.Length];
            BinaryPrimitives.WriteUInt16LittleEndian(record, type);
            BinaryPrimitives.WriteUInt16LittleEndian(record.AsSpan(2), (ushort)record.Length);
            value.CopyTo(record, 4);
            return record;
        }

        /// <summary>Replaces <paramref name="removed"/> bytes at <paramref name="at"/> and moves the header's length with them.</summary>
        private static byte[] Splice(byte[] data, int at, int removed, ReadOnlySpan<byte> inserted, int total)
        {
            var newTotal = total - removed + inserted.Length;
            if (newTotal is < 4 or > 0xFFFF)
            {
                return data;
            }

            byte[] result = [.. data.AsSpan(0, at), .. inserted, .. data.AsSpan(at + removed)];
            return WithTotal(result, newTotal);
        }

        private static byte[] WithTotal(byte[] data, int total)
        {
            var result = (byte[])data.Clone();
            BinaryPrimitives.WriteUInt16LittleEndian(result.AsSpan(2), (ushort)Math.Clamp(total, 0, 0xFFFF));
            return result;
        }
    }

    private enum TextMutationKind
    {
        InsertWhitespace,
        InsertCharacter,
        Delete,
        StripPadding,
        Truncate,
        JoinTwice,
        InsertPadding,
    }

    /// <summary>A mutation of the base64 text, as copying and pasting do it.</summary>
    private readonly record struct TextMutation(TextMutationKind Kind, uint A, uint B)
    {
        private const string Whitespace = " \t\r\n\u00A0\u2028\u3000";
        private const string Characters = "=-_\",;.\0é\uFEFF\uD800€A/+";

        public static readonly Gen<TextMutation> Gen = CsCheck.Gen.Select(
            CsCheck.Gen.Enum<TextMutationKind>(), ByteMutation.Position, CsCheck.Gen.UInt, (kind, a, b) => new TextMutation(kind, a, b));

        public string Apply(string text) => Kind switch
        {
            TextMutationKind.InsertWhitespace => FuzzText.InsertAt(text, A, Whitespace[(int)(B % Whitespace.Length)].ToString()),
            TextMutationKind.InsertCharacter => FuzzText.InsertAt(text, A, Characters[(int)(B % Characters.Length)].ToString()),
            TextMutationKind.Delete => FuzzText.RemoveAt(text, A, 1 + (int)(B % 8)),
            TextMutationKind.StripPadding => text.TrimEnd('='),
            TextMutationKind.Truncate => text[..(int)(A % (uint)(text.Length + 1))],
            TextMutationKind.JoinTwice => text + (B % 2 == 0 ? string.Empty : " ") + text,
            _ => FuzzText.InsertAt(text, A, new string('=', 1 + (int)(B % 3))),
        };
    }
}
