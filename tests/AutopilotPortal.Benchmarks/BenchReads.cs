using System.Globalization;
using AutopilotPortal.Tests.Shared;
using Microsoft.Data.Sqlite;

namespace AutopilotPortal.Benchmarks;

/// <summary>Reads of a seeded benchmark database and the latency statistics the benchmarks print.</summary>
internal static class BenchReads
{
    internal static double Percentile(List<double> times, int percentile)
    {
        if (times.Count == 0)
        {
            return 0;
        }

        var sorted = times.Order().ToList();
        var index = (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }

    internal static async Task<long> CountDevicesAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM IntuneAutopilotDevices WHERE TenantId = @t";
        command.Parameters.AddWithValue("@t", TestTenant.Id);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    internal static async Task<List<string>> SampleSerialsAsync(string database, int count)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();

        // Random rowids rather than ORDER BY random(), which would read every row of a 1M table.
        command.CommandText = """
            SELECT SerialKey FROM IntuneAutopilotDevices
            WHERE TenantId = @t AND length(SerialKey) >= 7
              AND rowid >= abs(random()) % (SELECT max(rowid) FROM IntuneAutopilotDevices)
            LIMIT 1
            """;
        command.Parameters.AddWithValue("@t", TestTenant.Id);
        var serials = new List<string>();
        for (var i = 0; i < count * 4 && serials.Count < count; i++)
        {
            if (await command.ExecuteScalarAsync() is string serial)
            {
                serials.Add(serial);
            }
        }

        return serials.Count >= count ? serials : throw new InvalidOperationException($"{database}: fewer than {count} devices with a serial of 7+ characters.");
    }
}
