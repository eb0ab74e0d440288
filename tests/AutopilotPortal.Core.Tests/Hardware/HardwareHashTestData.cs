using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace AutopilotPortal.Core.Tests.Hardware;

internal static class HardwareHashTestData
{
    public const string ChinwikeLenovo = "ChinwikeOnyia26_ModernEndpoints-Deployment-Scripts.csv";
    public const string HexDkVmware = "HexDK_SGRE_BG.csv";
    public const string PmedleyLenovo = "Pmedley26_PowerShell_6cc4304.csv";
    public const string ChurlbapHp = "churlbap_ponise.csv";

    /// <summary>The CSV serial and the hash (third column) of the first data row of a real file.</summary>
    public static (string CsvSerial, string Hash) ReadRealRow(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "real-hashes", file);
        var lines = File.ReadAllLines(path, Encoding.Unicode);
        var columns = lines[1].Split(',');
        return (columns[0], columns[2]);
    }

    public static byte[] ReadRealBytes(string file) => Convert.FromBase64String(ReadRealRow(file).Hash);

    /// <summary>Rewrites the SHA-256 trailer so a deliberately edited hash passes the checksum.</summary>
    public static byte[] Reseal(byte[] bytes)
    {
        int totalLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(2));
        SHA256.HashData(bytes.AsSpan(0, totalLength), bytes.AsSpan(totalLength + 4, 32));
        return bytes;
    }

    /// <summary>Offset of the first record of <paramref name="type"/>, or -1.</summary>
    public static int FindRecord(byte[] bytes, ushort type)
    {
        int totalLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(2));
        var offset = 4;
        while (offset < totalLength)
        {
            if (BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset)) == type)
            {
                return offset;
            }

            offset += BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset + 2));
        }

        return -1;
    }
}
