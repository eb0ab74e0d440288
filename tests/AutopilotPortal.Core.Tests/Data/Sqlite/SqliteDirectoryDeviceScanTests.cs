using AutopilotPortal.Core.Data.Sqlite;
using AutopilotPortal.Core.Tests.Support;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Tests.Data.Sqlite;

/// <summary>
/// A rule's preview and rebuild read every directory object in chunks. Each chunk must continue the walk by
/// rowid; a plan through an index that leads with the tenant reads the whole tenant and sorts it for every chunk.
/// </summary>
public sealed class SqliteDirectoryDeviceScanTests
{
    [SqliteFact]
    public async Task EachChunkContinuesTheRowidWalkWhateverIndexesLeadWithTheTenant()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await using var db = await database.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + SqliteDirectoryDeviceScan.ChunkSql;
        foreach (var (name, value) in new (string, object)[] { ("$after", 0L), ("$tenant", TestTenant.Id.ToString().ToUpperInvariant()), ("$take", 5000) })
        {
            var parameter = command.CreateParameter();
            (parameter.ParameterName, parameter.Value) = (name, value);
            command.Parameters.Add(parameter);
        }

        var plan = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(3));
            }
        }

        Assert.Equal(["SEARCH DirectoryDevices USING INTEGER PRIMARY KEY (rowid>?)"], plan);
    }
}
