using AutopilotPortal.Core;
using AutopilotPortal.Core.Data;
using AutopilotPortal.Core.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Tests.Data;

/// <summary>
/// Member counts, device counts and the append-only audit log rest on triggers; a database without
/// them, or one made with another schema history, stops the start instead of drifting silently.
/// </summary>
public sealed class SchemaGuaranteeTests
{
    [Theory]
    [InlineData("DirectoryGroupMembers_Count_Insert", "DirectoryGroupMembers")]
    [InlineData("AuditEntries_NoUpdate", "AuditEntries")]
    [InlineData("IntuneAutopilotDevices_Count_Delete", "IntuneAutopilotDevices")]
    public async Task StartStopsWhenAGuaranteeingTriggerIsMissing(string trigger, string table)
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await using (var db = await database.CreateDbContextAsync())
        {
            var drop = "DROP TRIGGER \"" + trigger + "\"" + (AutopilotPortal.Tests.Shared.TestDatabase.OnPostgres ? " ON \"" + table + "\"" : string.Empty);
            await db.Database.ExecuteSqlRawAsync(drop);
        }

        var error = await Assert.ThrowsAsync<PortalStartException>(() => database.Get<DatabaseInitializer>().InitializeAsync());

        Assert.Contains(trigger, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartStopsOnADatabaseWithAnotherSchemaHistory()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await using (var db = await database.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ('20200101000000_Older', '10.0.0')");
        }

        var error = await Assert.ThrowsAsync<PortalStartException>(() => database.Get<DatabaseInitializer>().InitializeAsync());

        Assert.Contains("Database:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("20200101000000_Older", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheModelHasNoChangesMissingFromTheMigrations()
    {
        await using var database = await PortalTestDatabase.CreateAsync();
        await using var db = await database.CreateDbContextAsync();

        Assert.False(db.Database.HasPendingModelChanges());
    }
}
