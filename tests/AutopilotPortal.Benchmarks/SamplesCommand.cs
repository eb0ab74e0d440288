using AutopilotPortal.Core.Security;
using System.Text;
using AutopilotPortal.Core.Import;
using AutopilotPortal.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace AutopilotPortal.Benchmarks;

/// <summary>
/// <c>samples</c>: writes <c>samples/sample-devices.csv</c> (25 devices, as Windows writes them) and
/// <c>samples/sample-with-errors.csv</c> (UTF-8, deliberately bad rows), from fixed seeds so that
/// running it again gives the same bytes; then previews both through the portal and prints each row's outcome.
/// </summary>
internal static class SamplesCommand
{
    private const int DevicesSeed = 20_250_001;
    private const int ErrorsSeed = 20_259_001;

    public static int Run(BenchOptions options) => RunAsync(options).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(BenchOptions options)
    {
        var folder = options.String("out") ?? Path.Combine(PortalHost.RepositoryRoot(), "samples");
        System.IO.Directory.CreateDirectory(folder);

        var devices = Path.Combine(folder, "sample-devices.csv");
        WriteDevices(devices);
        var errors = Path.Combine(folder, "sample-with-errors.csv");
        WriteWithErrors(errors);
        Console.WriteLine($"wrote {devices} ({new FileInfo(devices).Length:N0} bytes) and {errors} ({new FileInfo(errors).Length:N0} bytes)");

        // Show what the portal makes of them (a preview writes nothing).
        using var database = await TestDatabase.CreateAsync();
        await using var services = await PortalHost.StartAsync(database.FilePath);
        var import = services.GetRequiredService<ImportService>();
        foreach (var file in new[] { devices, errors })
        {
            await using var stream = File.OpenRead(file);
            var preview = await import.PreviewAsync(PortalCaller.System, stream);
            Console.WriteLine();
            Console.WriteLine($"{Path.GetFileName(file)}: {preview.EncodingName}, {preview.Format} ({preview.ColumnCount} columns): "
                + $"{preview.WillRegister} would register, {preview.WillFail} would fail, {preview.WithWarnings} with warnings");
            foreach (var row in preview.Rows.Where(r => r.Error is not null || r.Warning is not null || file == errors))
            {
                var outcome = row.Error is { } e ? $"{e.Code} {e.Name}: {e.Message}" : "ok";
                Console.WriteLine($"  line {row.LineNumber,2} {row.CsvSerialNumber,-14} {outcome}{(row.Warning is null ? string.Empty : " [warning] " + row.Warning)}");
            }
        }

        return 0;
    }

    private static void WriteDevices(string path)
    {
        string[] tags = ["Sales", "Finance", string.Empty, "Sales", string.Empty];
        string[] users = ["adele@contoso.com", string.Empty, string.Empty, "megan@contoso.com", string.Empty, string.Empty, "lidia@contoso.com"];
        using var writer = new StreamWriter(path, append: false, DeviceCsvWriter.WindowsUnicode) { NewLine = "\r\n" };
        writer.WriteLine(DeviceCsvWriter.IntuneHeader);
        for (var i = 0; i < 25; i++)
        {
            var (serial, hash) = DeviceCsvWriter.Device(DevicesSeed + i);
            writer.WriteLine($"{serial},,{hash},{tags[i % tags.Length]},{users[i % users.Length]}");
        }
    }

    private static void WriteWithErrors(string path)
    {
        var (serial1, hash1) = DeviceCsvWriter.Device(ErrorsSeed);
        var (serial2, hash2) = DeviceCsvWriter.Device(ErrorsSeed + 1);
        var (serial3, hash3) = DeviceCsvWriter.Device(ErrorsSeed + 2);
        var (serial4, hash4) = DeviceCsvWriter.Device(ErrorsSeed + 3);
        var (serial5, _) = DeviceCsvWriter.Device(ErrorsSeed + 4);

        // One byte of the record area changed: the structure still reads, the SHA-256 checksum no longer matches.
        var bytes = Convert.FromBase64String(hash3);
        bytes[40] ^= 0x5A;
        var badChecksum = Convert.ToBase64String(bytes);

        var lines = new[]
        {
            DeviceCsvWriter.IntuneHeader,
            $"{serial1},,{hash1},Sales,adele@contoso.com",           // 2: registers
            $"{serial2},,{hash2},Finance,",                           // 3: registers
            $"{serial3},,{badChecksum},Sales,",                       // 4: 802, checksum does not match
            $"{serial1},,{hash1},Sales,adele@contoso.com",           // 5: the same hardware as line 2 again
            $"{serial5},,,Finance,",                                  // 6: 802, no hash
            "NOTAHASH01,,not-a-hardware-hash,,",                      // 7: 802, not a hash at all
            $"WRONGSERIAL1,,{hash4},,",                               // 8: registers, with a warning (the hash's serial is used)
            ",,,Kiosk,",                                              // 9: 803, no hash, no serial, no product key
            $"{serial4}-X,,",                                         // 10: two commas short of the header
        };

        // UTF-8 without a byte order mark, as a spreadsheet export or a hand-edited file often is.
        File.WriteAllText(path, string.Join("\r\n", lines) + "\r\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }
}
