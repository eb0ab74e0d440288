using System.Text;
using AutopilotPortal.Core.Hardware;

namespace AutopilotPortal.Tests.Fuzzing;

/// <summary>
/// The seeds mutations start from: the real Get-WindowsAutopilotInfo files in <c>TestData/real-hashes</c> (copied
/// beside the test and benchmark programs), their hashes, and hashes written by <see cref="HardwareHashBuilder"/>.
/// </summary>
internal static class FuzzCorpus
{
    private static readonly Lazy<IReadOnlyList<byte[]>> Files = new(LoadFiles);
    private static readonly Lazy<IReadOnlyList<string>> Hashes = new(LoadHashes);

    /// <summary>The real CSV files, byte for byte (UTF-16LE with BOM, CRLF).</summary>
    public static IReadOnlyList<byte[]> RealFiles => Files.Value;

    /// <summary>The hardware hashes of the real files, as base64 text.</summary>
    public static IReadOnlyList<string> RealHashes => Hashes.Value;

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "TestData", "real-hashes");

    private static List<byte[]> LoadFiles()
    {
        var files = System.IO.Directory.GetFiles(Directory, "*.csv").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        if (files.Count == 0)
        {
            throw new InvalidOperationException($"No real CSV files in {Directory}.");
        }

        return files;
    }

    private static List<string> LoadHashes()
    {
        var hashes = new List<string>();
        foreach (var file in RealFiles)
        {
            // The real files are plain: a header, then serial,product id,hash[,tag] per line, no quotes.
            using var reader = new StreamReader(new MemoryStream(file), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var lines = reader.ReadToEnd().Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
            hashes.AddRange(lines.Skip(1).Select(line => line.Split(',')[2]));
        }

        return hashes;
    }
}
