using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using AutopilotPortal.Core.Hardware;

namespace AutopilotPortal.Core.Registration;

/// <summary>
/// The stable part of a hardware hash. A hash changes every time it is generated (timestamp,
/// OS build), so devices are matched on this, never on the hash string: the same manufacturer
/// and SMBIOS UUID together with the same serial or the same TPM key is the same device.
/// </summary>
public sealed record HardwareIdentity(string Manufacturer, Guid? SmbiosUuid, string SerialKey, string? TpmKeyHash)
{
    /// <summary>Builds the identity from a decoded hash.</summary>
    public static HardwareIdentity From(HardwareHashInfo info) => new(
        info.Manufacturer.Trim(),
        info.SmbiosUuid,
        NormalizeSerial(info.SerialNumber),
        info.TpmEkPublicKeyHash ?? info.OfflineDeviceId);

    /// <summary>The decimal hardware id published as <c>[HWID]:h:&lt;n&gt;</c>; computed once.</summary>
    public string HardwareKey { get; } = ComputeHardwareKey(Manufacturer, SmbiosUuid, SerialKey);

    /// <summary>Manufacturer, UUID and TPM key together, when the hash has both: the other way two hashes are one device.</summary>
    public string? TpmMatchKey { get; } = SmbiosUuid is { } uuid && TpmKeyHash is { } tpm ? $"{Manufacturer.ToUpperInvariant()}|{uuid:D}|{tpm}" : null;

    private static string ComputeHardwareKey(string manufacturer, Guid? smbiosUuid, string serialKey)
    {
        var text = $"{manufacturer.ToUpperInvariant()}\n{smbiosUuid?.ToString("D") ?? "-"}\n{serialKey}";
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return (BinaryPrimitives.ReadUInt64LittleEndian(digest) & long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>True when the given stored identity is the same physical device.</summary>
    public bool Matches(string manufacturer, Guid? smbiosUuid, string serialKey, string? tpmKeyHash)
    {
        if (!string.Equals(Manufacturer, manufacturer.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (SmbiosUuid is null || smbiosUuid is null)
        {
            // Without a UUID on either side the serial is all there is.
            return SmbiosUuid is null && smbiosUuid is null && SerialKey == serialKey;
        }

        return SmbiosUuid == smbiosUuid
            && (SerialKey == serialKey || (TpmKeyHash is not null && TpmKeyHash == tpmKeyHash));
    }

    /// <summary>Upper-case, trimmed serial: the form stored for matching and search.</summary>
    public static string NormalizeSerial(string? serial) => (serial ?? string.Empty).Trim().ToUpperInvariant();
}
