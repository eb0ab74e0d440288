using AutopilotPortal.Core.Import.Csv;

namespace AutopilotPortal.Core.Tests.Import.Csv;

/// <summary>Tests that measure the process's managed heap, so nothing else may run beside them.</summary>
[CollectionDefinition(nameof(MemoryMeasuringCollection), DisableParallelization = true)]
public sealed class MemoryMeasuringCollection;

[Collection(nameof(MemoryMeasuringCollection))]
public class DeviceCsvReaderMemoryTests
{
    [Fact]
    public async Task ReaderStreamsTenThousandRowsWithoutHoldingTheFile()
    {
        const int rowCount = 10_000;
        const long limit = 16 * 1024 * 1024;
        var stream = new GeneratedCsvStream(rowCount);
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peakGrowth = 0;
        var rows = 0;
        var problems = 0;

        await using (var reader = await DeviceCsvReader.OpenAsync(stream))
        {
            await foreach (var row in reader.ReadRowsAsync())
            {
                rows++;
                problems += row.Problem is null && row.HardwareHash.Length == 4000 ? 0 : 1;
                if (rows % 500 == 0)
                {
                    // A full collection leaves what is still referenced: what the reader holds, not its garbage.
                    peakGrowth = Math.Max(peakGrowth, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                }
            }
        }

        Assert.Equal(rowCount, rows);
        Assert.Equal(0, problems);
        Assert.True(stream.BytesProduced > 80_000_000, $"The generated file is {stream.BytesProduced} bytes.");
        Assert.True(peakGrowth < limit, $"The managed heap grew by {peakGrowth} bytes while reading a {stream.BytesProduced}-byte file.");
    }
}
