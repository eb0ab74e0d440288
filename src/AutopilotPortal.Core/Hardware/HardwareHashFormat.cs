namespace AutopilotPortal.Core.Hardware;

/// <summary>Layout constants shared by <see cref="HardwareHash"/> and <see cref="HardwareHashBuilder"/>.</summary>
internal static class HardwareHashFormat
{
    public const int HeaderSize = 4;
    public const int RecordHeaderSize = 4;
    public const int ChecksumTrailerSize = 36; // "CS", u16 length, 32-byte SHA-256
    public const int PaddedSize = 3000;        // 4000 base64 characters
    public const byte MagicO = (byte)'O';
    public const byte MagicA = (byte)'A';
    public const byte ChecksumC = (byte)'C';
    public const byte ChecksumS = (byte)'S';

    // Record 1 value, confirmed against the real hashes in tests/TestData/real-hashes:
    // two versions of 4 × u16 in the order minor, major, revision, build (so 0,10,7705,26100
    // is 10.0.26100.7705), then u32 seconds since 2000-01-01 UTC, s8 UTC offset in 15-minute
    // units (positive east: +4 in London in April, +8 in Denmark in June, -32 in California
    // in December), u8 OS type, u8 CPU architecture (9 x64, 12 ARM64), u8 tool version.
    public const int BuildInfoSize = 24;

    public static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
}

/// <summary>Record types of the hardware hash that the portal reads or writes.</summary>
internal enum HardwareHashRecord : ushort
{
    BuildInfo = 1,
    DiskSerial = 7,
    NetworkAdapter = 8,
    OfflineDeviceId = 11,
    SmbiosUuid = 12,
    TpmVersion = 13,
    SerialNumber = 14,
    Manufacturer = 16,
    Model = 17,
    Sku = 18,
    Family = 19,
    ProductKeyId = 24,
    TpmEkPublicKey = 25,
    ProductKeyPartNumber = 26,

    // Same "<serial>.|<model>|" text as record 7 but NUL-terminated; VMware hashes carry only this one.
    DiskSerialAlternate = 28,
}
