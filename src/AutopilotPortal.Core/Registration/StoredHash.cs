using System.Buffers;

namespace AutopilotPortal.Core.Registration;

/// <summary>
/// How the deployment service keeps a hash: its bytes without the zero padding, and the length
/// they had. A real hash is 3,000 bytes of which about 1,800 are padding, so this stores a third
/// of the bytes of the 4,000-character text (and fits in a database page), and gives the same
/// text back.
/// </summary>
public static class StoredHash
{
    /// <summary>The bytes without trailing zeros, and the full decoded length; null for text that is not base64.</summary>
    public static (byte[] Bytes, int Length)? Compact(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var buffer = ArrayPool<char>.Shared.Rent(text.Length + 3);
        try
        {
            var count = 0;
            foreach (var c in text)
            {
                if (!char.IsWhiteSpace(c))
                {
                    buffer[count++] = c;
                }
            }

            while (count % 4 != 0)
            {
                buffer[count++] = '=';
            }

            var bytes = new byte[count / 4 * 3];
            if (!Convert.TryFromBase64Chars(buffer.AsSpan(0, count), bytes, out var length))
            {
                return null;
            }

            var end = length;
            while (end > 0 && bytes[end - 1] == 0)
            {
                end--;
            }

            return (bytes[..end], length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>The hash as base64 text again, padding restored.</summary>
    public static string Expand(byte[] bytes, int length)
    {
        var full = new byte[Math.Max(length, bytes.Length)];
        bytes.CopyTo(full, 0);
        return Convert.ToBase64String(full);
    }
}
