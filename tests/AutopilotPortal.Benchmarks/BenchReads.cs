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

    internal static Task<long> CountDevicesAsync(string database) => BenchDatabase.CountDevicesAsync(database);

    internal static async Task<List<string>> SampleSerialsAsync(string database, int count)
    {
        if (BenchDatabase.OnPostgres)
        {
            return await SamplePostgresSerialsAsync(database, count);
        }

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

    /// <summary>On PostgreSQL a block sample (TABLESAMPLE SYSTEM) of 1 % of the table's pages, more when a small table gives too few.</summary>
    private static async Task<List<string>> SamplePostgresSerialsAsync(string database, int count)
    {
        await using var connection = await BenchDatabase.OpenAsync(database);
        var serials = new List<string>();
        foreach (var percent in new[] { 1, 10, 100 })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT "SerialKey" FROM "IntuneAutopilotDevices" TABLESAMPLE SYSTEM ({percent})
                WHERE "TenantId" = @t AND length("SerialKey") >= 7 ORDER BY random() LIMIT {count}
                """;
            BenchDatabase.AddTenant(command);
            serials.Clear();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                serials.Add(reader.GetString(0));
            }

            if (serials.Count >= count)
            {
                return serials;
            }
        }

        throw new InvalidOperationException($"{BenchDatabase.Describe(database)}: fewer than {count} devices with a serial of 7+ characters.");
    }
}
