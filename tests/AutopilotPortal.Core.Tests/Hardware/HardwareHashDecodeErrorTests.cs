using System.Buffers.Binary;
using AutopilotPortal.Core.Hardware;

namespace AutopilotPortal.Core.Tests.Hardware;

public class HardwareHashDecodeErrorTests
{
    private static readonly string RealHash = HardwareHashTestData.ReadRealRow(HardwareHashTestData.ChinwikeLenovo).Hash;

    private const int RealTotalLength = 1175;

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \r\n\t ")]
    public void DecodeRejectsEmptyHash(string? text)
    {
        var result = HardwareHash.Decode(text);

        AssertError(result, HardwareHashError.Empty);
    }

    [Fact]
    public void DecodeRejectsEmptyBytes()
    {
        AssertError(HardwareHash.Decode(ReadOnlySpan<byte>.Empty), HardwareHashError.Empty);
    }

    [Fact]
    public void DecodeRejectsHashWithNonBase64CharacterAndNamesItsPosition()
    {
        var text = RealHash[..100] + "#" + RealHash[101..];

        var result = HardwareHash.Decode(text);

        AssertError(result, HardwareHashError.NotBase64);
        Assert.Contains("'#'", result.Message, StringComparison.Ordinal);
        Assert.Contains("position 101", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeRejectsHashWithCharactersAfterPadding()
    {
        var result = HardwareHash.Decode("T0EEAA==T0EE");

        AssertError(result, HardwareHashError.NotBase64);
    }

    [Fact]
    public void DecodeRejectsBase64WithImpossibleLength()
    {
        var result = HardwareHash.Decode(RealHash[..1001]);

        AssertError(result, HardwareHashError.NotBase64);
    }

    [Fact]
    public void DecodeRejectsHashTooShortForHeader()
    {
        AssertError(HardwareHash.Decode("T0E="), HardwareHashError.TooShort);
        AssertError(HardwareHash.Decode([0x4F, 0x41, 0x10]), HardwareHashError.TooShort);
    }

    [Fact]
    public void DecodeRejectsHashWithBadMagic()
    {
        var bytes = HardwareHashTestData.ReadRealBytes(HardwareHashTestData.ChinwikeLenovo);
        bytes[0] = (byte)'X';

        var result = HardwareHash.Decode(Convert.ToBase64String(bytes));

        AssertError(result, HardwareHashError.BadMagic);
    }

    [Fact]
    public void DecodeRejectsHashTruncatedInsideRecordArea()
    {
        var result = HardwareHash.Decode(RealHash[..1000]);

        AssertError(result, HardwareHashError.BadLength);
        Assert.Contains("cut off", result.Message, StringComparison.Ordinal);
        Assert.Contains("1,175", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeRejectsHeaderLengthShorterThanHeader()
    {
        var bytes = HardwareHashTestData.ReadRealBytes(HardwareHashTestData.ChinwikeLenovo);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2), 2);

        AssertError(HardwareHash.Decode(bytes), HardwareHashError.BadLength);
    }

    [Fact]
    public void DecodeRejectsHashCutOffInsideChecksum()
    {
        var bytes = HardwareHashTestData.ReadRealBytes(HardwareHashTestData.ChinwikeLenovo);

        var result = HardwareHash.Decode(Convert.ToBase64String(bytes, 0, RealTotalLength + 20));

        AssertError(result, HardwareHashError.MissingChecksum);
        Assert.Contains("record area ends at byte 1,175 and the checksum at byte 1,211 is missing", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeRejectsHashWithWrongChecksumTag()
    {
        var bytes = HardwareHashTestData.ReadRealBytes(HardwareHashTestData.ChinwikeLenovo);
        bytes[RealTotalLength] = (byte)'X';

        AssertError(HardwareHash.Decode(bytes), HardwareHashError.MissingChecksum);
    }

    [Fact]
    public void DecodeRejectsHashWithWrongChecksumLength()
    {
        var bytes = HardwareHashTestData.ReadRealBytes(HardwareHashTestData.ChinwikeLenovo);
        bytes[RealTotalLength + 2] = 0x20;

        AssertError(HardwareHash.Decode(bytes), HardwareHashError.MissingChecksum);
    }

    [Fact]
    public void DecodeRejectsHashWithWrongChecksum()
    {
        var bytes = HardwareHashTestData.ReadRealBytes(HardwareHashTestData.ChinwikeLenovo);
        var serialRecord = HardwareHashTestData.FindRecord(bytes, 14);
        bytes[serialRecord + 4] ^= 0x01; // "PF5MT6SC" becomes "QF5MT6SC"

        var result = HardwareHash.Decode(Convert.ToBase64String(bytes));

        AssertError(result, HardwareHashError.ChecksumMismatch);
        Assert.Equal("The SHA-256 checksum in the hash does not match its contents: the hash was edited or damaged.", result.Message);
    }

    [Fact]
    public void DecodeRejectsTwoHashesPastedIntoOneCell()
    {
        // Before, the second hash was ignored and the first registered as if nothing were wrong.
        var first = HardwareHashTestData.ReadRealBytes(HardwareHashTestData.ChinwikeLenovo);
        byte[] both = [.. first, .. first];

        var result = HardwareHash.Decode(Convert.ToBase64String(both));

        AssertError(result, HardwareHashError.TrailingData);
        Assert.Contains("two hashes, or a hash and other text, were pasted into one cell", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeAcceptsZeroPaddingOfAnyLengthAfterTheChecksum()
    {
        var bytes = HardwareHashTestData.ReadRealBytes(HardwareHashTestData.ChinwikeLenovo);

        Assert.True(HardwareHash.Decode(Convert.ToBase64String([.. bytes, .. new byte[300]])).IsValid);
    }

    [Fact]
    public void DecodeRejectsRecordRunningPastRecordArea()
    {
        var bytes = HardwareHashTestData.ReadRealBytes(HardwareHashTestData.ChinwikeLenovo);
        var serialRecord = HardwareHashTestData.FindRecord(bytes, 14);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(serialRecord + 2), 2000);
        HardwareHashTestData.Reseal(bytes);

        var result = HardwareHash.Decode(Convert.ToBase64String(bytes));

        AssertError(result, HardwareHashError.RecordOverrun);
        Assert.Contains("type 14", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeRejectsRecordShorterThanItsHeader()
    {
        var bytes = HardwareHashTestData.ReadRealBytes(HardwareHashTestData.ChinwikeLenovo);
        var serialRecord = HardwareHashTestData.FindRecord(bytes, 14);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(serialRecord + 2), 3);
        HardwareHashTestData.Reseal(bytes);

        AssertError(HardwareHash.Decode(bytes), HardwareHashError.RecordOverrun);
    }

    [Fact]
    public void DecodeRejectsRecordHeaderCutByEndOfRecordArea()
    {
        // Record area ends two bytes into the last record's header.
        var builder = new HardwareHashBuilder { Manufacturer = "LENOVO", SerialNumber = "PF5MT6SC" };
        var bytes = builder.BuildBytes();
        int totalLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(2));
        var grown = new byte[3000];
        bytes.AsSpan(0, totalLength).CopyTo(grown);
        grown[totalLength] = 0x63; // a stray byte pair where a record header should start
        BinaryPrimitives.WriteUInt16LittleEndian(grown.AsSpan(2), (ushort)(totalLength + 2));
        grown[totalLength + 2] = (byte)'C';
        grown[totalLength + 3] = (byte)'S';
        grown[totalLength + 4] = 0x24;
        HardwareHashTestData.Reseal(grown);

        AssertError(HardwareHash.Decode(grown), HardwareHashError.RecordOverrun);
    }

    [Fact]
    public void DecodeRejectsHashWithoutSerialNumber()
    {
        var builder = HardwareHashBuilder.Synthetic(new Random(1));
        builder.SerialNumber = null;

        var result = HardwareHash.Decode(builder.Build());

        AssertError(result, HardwareHashError.MissingSerialNumber);
    }

    [Fact]
    public void DecodeRejectsHashWithBlankSerialNumber()
    {
        var builder = HardwareHashBuilder.Synthetic(new Random(2));
        builder.SerialNumber = "   ";

        AssertError(HardwareHash.Decode(builder.Build()), HardwareHashError.MissingSerialNumber);
    }

    [Fact]
    public void DecodeRejectsHashWithoutManufacturer()
    {
        var builder = HardwareHashBuilder.Synthetic(new Random(3));
        builder.Manufacturer = null;

        var result = HardwareHash.Decode(builder.Build());

        AssertError(result, HardwareHashError.MissingManufacturer);
    }

    [Fact]
    public void DecodeNeverThrowsOnDamagedHashes()
    {
        var random = new Random(42);
        var original = HardwareHashTestData.ReadRealBytes(HardwareHashTestData.PmedleyLenovo);

        for (var i = 0; i < 3000; i++)
        {
            var bytes = (byte[])original.Clone();
            var damage = random.Next(1, 8);
            for (var d = 0; d < damage; d++)
            {
                bytes[random.Next(i % 2 == 0 ? 1400 : bytes.Length)] = (byte)random.Next(256);
            }

            if (i % 3 == 0 && BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(2)) + 36 <= bytes.Length)
            {
                HardwareHashTestData.Reseal(bytes);
            }

            var length = i % 5 == 0 ? random.Next(bytes.Length) : bytes.Length;
            var result = HardwareHash.Decode(bytes.AsSpan(0, length));
            var text = HardwareHash.Decode(Convert.ToBase64String(bytes, 0, length));

            Assert.Equal(result.IsValid, result.Info is not null);
            Assert.Equal(result.Error, text.Error);
            Assert.True(result.IsValid || !string.IsNullOrEmpty(result.Message));
        }
    }

    private static void AssertError(HardwareHashResult result, HardwareHashError expected)
    {
        Assert.Equal(expected, result.Error);
        Assert.False(result.IsValid);
        Assert.Null(result.Info);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
    }
}
