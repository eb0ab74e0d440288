namespace AutopilotPortal.Core.Registration;

/// <summary>
/// How the deployment service keeps a hash: its bytes without the zero padding, and the length
/// they had. A real hash is 3,000 bytes of which about 1,800 are padding, so this stores a third
/// of the bytes of the 4,000-character text (and fits in a database page), and gives the same
/// text back.
/// </summary>
public static class StoredHash
{
    /// <summary>The decoded hash without its trailing zeros, and its full length.</summary>
    public static (byte[] Bytes, int Length) Compact(ReadOnlySpan<byte> decoded) =>
        (decoded.TrimEnd((byte)0).ToArray(), decoded.Length);

    /// <summary>The hash as base64 text again, padding restored.</summary>
    public static string Expand(byte[] bytes, int length)
    {
        var full = new byte[Math.Max(length, bytes.Length)];
        bytes.CopyTo(full, 0);
        return Convert.ToBase64String(full);
    }
}
