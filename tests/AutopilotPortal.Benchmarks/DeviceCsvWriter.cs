using System.Text;
using AutopilotPortal.Core.Hardware;

namespace AutopilotPortal.Benchmarks;

/// <summary>Writes device CSVs the way Windows does: UTF-16LE with a byte order mark, CRLF, unquoted fields.</summary>
internal static class DeviceCsvWriter
{
    public const string IntuneHeader = "Device Serial Number,Windows Product ID,Hardware Hash,Group Tag,Assigned User";

    private static readonly string[] GroupTags = ["Sales", "Finance", "Engineering", "Kiosk", "HR", string.Empty];

    /// <summary>What Get-WindowsAutopilotInfo.ps1 writes under Windows PowerShell 5.1 (<c>Out-File -Encoding Unicode</c>).</summary>
    public static readonly Encoding WindowsUnicode = new UnicodeEncoding(bigEndian: false, byteOrderMark: true);

    /// <summary>A synthetic device: full 4000-character hash; the same seed gives the same row.</summary>
    public static (string Serial, string Hash) Device(int seed)
    {
        var builder = HardwareHashBuilder.Synthetic(new Random(seed));
        return (builder.SerialNumber!, builder.Build());
    }

    /// <summary>Row <paramref name="index"/> of a file that starts at <paramref name="firstSeed"/>: device, group tag, assigned user (or empty).</summary>
    public static (string Serial, string Hash, string GroupTag, string AssignedUser) Row(int index, int firstSeed)
    {
        var (serial, hash) = Device(firstSeed + index);
        return (serial, hash, GroupTags[index % GroupTags.Length], index % 7 == 0 ? $"user{index}@contoso.com" : string.Empty);
    }

    /// <summary>Writes <paramref name="rows"/> devices (seeds <paramref name="firstSeed"/> onwards) and returns the file size.</summary>
    public static long WriteIntuneCsv(string path, int rows, int firstSeed)
    {
        using (var writer = new StreamWriter(path, append: false, WindowsUnicode, bufferSize: 1 << 16) { NewLine = "\r\n" })
        {
            writer.WriteLine(IntuneHeader);
            for (var i = 0; i < rows; i++)
            {
                var (serial, hash, tag, user) = Row(i, firstSeed);
                writer.Write(serial);
                writer.Write(",,");
                writer.Write(hash);
                writer.Write(',');
                writer.Write(tag);
                writer.Write(',');
                writer.WriteLine(user);
            }
        }

        return new FileInfo(path).Length;
    }
}
