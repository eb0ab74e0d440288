using System.Text;
using AutopilotPortal.Core.Hardware;
using AutopilotPortal.Core.Import.Csv;
using CsCheck;

namespace AutopilotPortal.Tests.Fuzzing;

/// <summary>A CSV file's bytes and how many bytes each read of the upload stream returns.</summary>
internal sealed record CsvInput(byte[] Content, int ChunkSize);

/// <summary>
/// Fuzzes <see cref="DeviceCsvReader"/> through its public API as the import reads a file: opened on a non-seekable
/// stream that answers only asynchronous reads, a few bytes at a time, then every row read. Inputs are the real files
/// and CSVs written from the documented formats, mutated as text (quotes, commas, line breaks, byte order marks, NULs,
/// non-ASCII letters) and then as bytes (byte order marks and bytes invalid in UTF-8 injected, odd truncations,
/// unclosed quotes longer than a record may be). Every file ends in its rows, or in the exception type the reader
/// documents: <see cref="DeviceCsvHeaderException"/> from opening (a record too long to read ends the rows with one
/// that says which lines were lost).
/// </summary>
internal sealed class DeviceCsvFuzz : FuzzTarget<CsvInput>
{
    private static readonly string[] Headers =
    [
        "Device Serial Number,Windows Product ID,Hardware Hash",
        "Device Serial Number,Windows Product ID,Hardware Hash,Group Tag",
        "Device Serial Number,Windows Product ID,Hardware Hash,Group Tag,Assigned User",
        "Device Serial Number,Windows Product ID,Hardware Hash,Manufacturer name,Device model",
        "\"Device Serial Number\",\"Windows Product ID\",\"Hardware Hash\"",
        " device serial number , WINDOWS PRODUCT ID ,Hardware Hash,,",
        "Device Serial Number;Windows Product ID;Hardware Hash",
        "Serial,Hash",
        "",
    ];

    private static readonly string[] Encodings =
        ["UTF-8", "UTF-8 (BOM)", "UTF-16LE (BOM)", "UTF-16LE", "UTF-16BE (BOM)", "UTF-16BE", "Windows-1252", "UTF-32LE (BOM)"];

    private static readonly byte[][] ByteInsertions =
    [
        [0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF], [0xFF, 0xFE, 0x00, 0x00], [0x80], [0xC3], [0xFF], [0xC3, 0x28],
        [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE9], [0x00], [0x00, 0x00], [(byte)'"'], [(byte)','], [(byte)'\r'],
        [(byte)'\n'], [(byte)'\r', (byte)'\n'], [0xFC],
    ];

    public override string Name => "device-csv";

    public override uint Stream => 2;

    public override Gen<CsvInput> Inputs { get; } =
        from content in Gen.Frequency(
            (1, Gen.Int[0, FuzzCorpus.RealFiles.Count - 1].Select(i => FuzzCorpus.RealFiles[i])),
            (4, WrittenFile()),
            (1, Gen.Byte.Array[0, 200]))
        from mutations in ByteMutation.Gen.Array[0, 4]
        from tail in Gen.Frequency((40, Gen.Const(0)), (1, Gen.Int[1, 4]))
        from chunk in Gen.OneOf(Gen.Const(1), Gen.Int[2, 7], Gen.Const(4096), Gen.Const(81920))
        select new CsvInput(Mutate(content, mutations, tail), tail == 0 ? chunk : Math.Max(chunk, 4096));

    public override FuzzOutcome Run(CsvInput input) => RunAsync(input).GetAwaiter().GetResult();

    public override string Print(CsvInput input)
    {
        const int Shown = 3 * 1024;
        var shown = input.Content.Length <= Shown
            ? Convert.ToBase64String(input.Content)
            : $"{Convert.ToBase64String(input.Content, 0, Shown)}… (the first {Shown:N0} bytes)";
        return $"{input.Content.Length:N0} bytes read {input.ChunkSize} at a time, base64 {shown}";
    }

    // The reader holds a 64 KB prefix, CsvHelper's buffers and at most one record of 1 MB (as UTF-8, then as strings);
    // each read of the stream costs some 90 bytes more (a few bytes per read is the worst case, Blazor reads 32 KB).
    public override long AllocationBudget(CsvInput input) =>
        (32L * 1024 * 1024) + (40L * input.Content.Length) + (512L * ((input.Content.Length / input.ChunkSize) + 1));

    private static async Task<FuzzOutcome> RunAsync(CsvInput input)
    {
        DeviceCsvReader reader;
        try
        {
            reader = await DeviceCsvReader.OpenAsync(new UploadStream(input.Content, input.ChunkSize)).ConfigureAwait(false);
        }
        catch (DeviceCsvHeaderException)
        {
            return FuzzOutcome.Error(nameof(DeviceCsvHeaderException));
        }

        await using (reader.ConfigureAwait(false))
        {
            var rows = 0;
            var problems = 0;
            await foreach (var row in reader.ReadRowsAsync().ConfigureAwait(false))
            {
                rows++;
                problems += row.Problem is null ? 0 : 1;
            }

            return FuzzOutcome.Result(rows == 0 ? "header only" : problems == 0 ? "rows" : "rows, some with a problem");
        }
    }

    private static byte[] Mutate(byte[] content, ByteMutation[] mutations, int tail)
    {
        foreach (var mutation in mutations)
        {
            content = mutation.Apply(content, ByteInsertions);
        }

        // A quote opened and never closed, followed by more than a record may hold; or a quoted field just under, at or
        // just over the largest record, in one-byte or two-byte characters.
        var boundary = DeviceCsvReader.MaxRecordBytes;
        return tail switch
        {
            0 => content,
            1 => [.. content, (byte)'"', .. Enumerable.Repeat((byte)'A', boundary + 64)],
            2 => [.. content, (byte)'"', .. Enumerable.Repeat((byte)'\n', boundary + 64)],
            3 => [.. content, .. "\r\nX,,\""u8, .. Enumerable.Repeat((byte)'A', boundary - 8 + (content.Length % 17)), (byte)'"', .. "\r\n"u8],
            _ => [.. content, .. "\r\nX,,\""u8, .. Enumerable.Repeat("é"u8.ToArray(), (boundary / 2) - 4 + (content.Length % 9)).SelectMany(b => b), (byte)'"'],
        };
    }

    /// <summary>A file written from the documented formats: a header, some rows, then text mutations, then an encoding.</summary>
    private static Gen<byte[]> WrittenFile() =>
        from header in Gen.Int[0, Headers.Length - 1]
        from rows in Gen.Frequency((6, Row().Array[0, 4]), (1, Row().Array[12, 24]))
        from newline in Gen.OneOf("\r\n", "\n", "\r")
        from blankLines in Gen.Int[0, 2]
        from mutations in CsvTextMutation.Gen.Array[0, 5]
        from encoding in Gen.Int[0, Encodings.Length - 1]
        select Encode(Apply(Headers[header] + newline + string.Join(newline, rows) + string.Concat(Enumerable.Repeat(newline, blankLines)), mutations), Encodings[encoding]);

    private static Gen<string> Row() =>
        from serial in Gen.OneOf("PF5MT6SC", "5CD349G8VJ", "", "SMBIOS_STRING_INDEX_0", "\"5CG1457YL8\"", "Zürich")
        from hash in Gen.Frequency(
            (3, Gen.Int[0, FuzzCorpus.RealHashes.Count - 1].Select(i => FuzzCorpus.RealHashes[i])),
            (2, Gen.Int.Select(seed => HardwareHashBuilder.Synthetic(new Random(seed)).Build())),
            (1, Gen.Char.AlphaNumeric.Array[0, 40].Select(chars => new string(chars))))
        from quoteHash in Gen.Int[0, 3]
        from extra in Gen.OneOf(string.Empty, ",Sales", ",\"Group, with comma\",user@contoso.com", ",Tag,", ",Zürich café,ünïcode@contoso.com", ",,,,")
        select serial + ",," + (quoteHash switch
        {
            0 => hash,
            1 => "\"" + hash + "\"",
            2 => "\"" + string.Join("\r\n", hash.Chunk(76).Select(c => new string(c))) + "\"",
            _ => string.Join(" ", hash.Chunk(500).Select(c => new string(c))),
        }) + extra;

    private static string Apply(string text, CsvTextMutation[] mutations)
    {
        foreach (var mutation in mutations)
        {
            text = mutation.Apply(text);
        }

        return text;
    }

    private static byte[] Encode(string text, string encoding)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return encoding switch
        {
            "UTF-8" => Encoding.UTF8.GetBytes(text),
            "UTF-8 (BOM)" => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)],
            "UTF-16LE (BOM)" => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(text)],
            "UTF-16LE" => Encoding.Unicode.GetBytes(text),
            "UTF-16BE (BOM)" => [0xFE, 0xFF, .. Encoding.BigEndianUnicode.GetBytes(text)],
            "UTF-16BE" => Encoding.BigEndianUnicode.GetBytes(text),
            "Windows-1252" => Encoding.GetEncoding(1252).GetBytes(text),
            _ => [0xFF, 0xFE, 0x00, 0x00, .. Encoding.UTF32.GetBytes(text)],
        };
    }

    private enum CsvTextMutationKind
    {
        Insert,
        Delete,
        DuplicateLine,
        Truncate,
    }

    /// <summary>A mutation of the text before it is encoded: what editors, Excel and hands do to a CSV.</summary>
    private readonly record struct CsvTextMutation(CsvTextMutationKind Kind, uint A, uint B)
    {
        private static readonly string[] Insertions =
            ["\"", ",", "\r", "\n", "\r\n", "\uFEFF", "\0", "é", "ü", "€", "😀", "\uD800", "\uDC00", "\"\"", ",\"", "\",", " ", "\t", "`", "\u2028"];

        public static readonly Gen<CsvTextMutation> Gen = CsCheck.Gen.Select(
            CsCheck.Gen.Enum<CsvTextMutationKind>(), ByteMutation.Position, CsCheck.Gen.UInt, (kind, a, b) => new CsvTextMutation(kind, a, b));

        public string Apply(string text)
        {
            switch (Kind)
            {
                case CsvTextMutationKind.Insert:
                    return FuzzText.InsertAt(text, A, Insertions[B % Insertions.Length]);
                case CsvTextMutationKind.Delete:
                    return FuzzText.RemoveAt(text, A, 1 + (int)(B % 16));
                case CsvTextMutationKind.DuplicateLine:
                    var lines = text.Split('\n');
                    var line = lines[A % lines.Length];
                    return text + "\n" + line;
                default:
                    return text[..(int)(A % (uint)(text.Length + 1))];
            }
        }
    }

    /// <summary>An upload stream as Blazor gives it: forward only, asynchronous reads only, a few bytes per read.</summary>
    private sealed class UploadStream(byte[] content, int chunkSize) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var count = Math.Min(Math.Min(buffer.Length, chunkSize), content.Length - _position);
            content.AsSpan(_position, count).CopyTo(buffer.Span);
            _position += count;
            return ValueTask.FromResult(count);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) =>
            throw new NotSupportedException("Synchronous reads are not supported, as on a browser upload.");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
