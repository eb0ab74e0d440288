namespace AutopilotPortal.Core.Hardware;

/// <summary>Why a hardware hash could not be decoded.</summary>
public enum HardwareHashError
{
    /// <summary>The hash decoded and carries a manufacturer and a serial number.</summary>
    None,

    /// <summary>No hash was given, or only whitespace.</summary>
    Empty,

    /// <summary>The text holds a character that is not base64, or a base64 length that cannot be whole.</summary>
    NotBase64,

    /// <summary>Fewer bytes than the 4-byte header.</summary>
    TooShort,

    /// <summary>The hash does not start with the <c>OA</c> magic.</summary>
    BadMagic,

    /// <summary>The record area length in the header is impossible or runs past the data.</summary>
    BadLength,

    /// <summary>A record's length is below 4 or runs past the end of the record area.</summary>
    RecordOverrun,

    /// <summary>The <c>CS</c> checksum trailer after the record area is absent, cut off or malformed.</summary>
    MissingChecksum,

    /// <summary>The SHA-256 checksum does not match the record area.</summary>
    ChecksumMismatch,

    /// <summary>Bytes other than zero padding follow the checksum trailer (two hashes pasted into one cell, say).</summary>
    TrailingData,

    /// <summary>The system manufacturer record (type 16) is absent or empty.</summary>
    MissingManufacturer,

    /// <summary>The system serial number record (type 14) is absent or empty.</summary>
    MissingSerialNumber,
}
