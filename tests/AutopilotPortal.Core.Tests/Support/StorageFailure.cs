using AutopilotPortal.Core.Data;
using AutopilotPortal.Tests.Shared;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Tests.Support;

/// <summary>
/// Makes the database itself refuse writes, with a trigger in the provider's own SQL: one device's
/// Intune row (the last of the three rows a registration writes, so a working rollback is the only
/// way nothing of it remains), or every insert into a table.
/// </summary>
internal static class StorageFailure
{
    public static Task FailIntuneRowForAsync(PortalDbContext db, string serialKey) =>
        RefuseInsertsAsync(db, "IntuneAutopilotDevices", $"NEW.\"SerialKey\" = '{serialKey.Replace("'", "''", StringComparison.Ordinal)}'");

    /// <summary>Every insert into <paramref name="table"/> (where <paramref name="when"/> holds, over <c>NEW</c>) fails as storage does.</summary>
    public static async Task RefuseInsertsAsync(PortalDbContext db, string table, string? when = null)
    {
        var name = $"refuse_{table}";
        var sql = TestDatabase.OnPostgres
            ? $$"""
                CREATE FUNCTION "{{name}}"() RETURNS trigger LANGUAGE plpgsql AS $f$
                BEGIN RAISE EXCEPTION 'simulated storage failure'; END $f$;
                CREATE TRIGGER "{{name}}" BEFORE INSERT ON "{{table}}" FOR EACH ROW {{(when is null ? "" : $"WHEN ({when})")}} EXECUTE FUNCTION "{{name}}"();
                """
            : $"CREATE TRIGGER \"{name}\" BEFORE INSERT ON \"{table}\" {(when is null ? "" : $"WHEN {when}")} BEGIN SELECT RAISE(ABORT, 'simulated storage failure'); END;";
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    /// <summary>Removes what <see cref="RefuseInsertsAsync"/> made.</summary>
    public static async Task AllowInsertsAsync(PortalDbContext db, string table)
    {
        var name = $"refuse_{table}";
        await db.Database.ExecuteSqlRawAsync(TestDatabase.OnPostgres
            ? $"DROP TRIGGER \"{name}\" ON \"{table}\"; DROP FUNCTION \"{name}\"();"
            : $"DROP TRIGGER \"{name}\";");
    }
}

/// <summary>
/// What another service does to its own tables without asking this one: the deployment service deletes a
/// registration with this database's foreign keys off (SQLite's pragma; PostgreSQL's replica role, under
/// which no foreign key is checked).
/// </summary>
internal static class ForeignChange
{
    public static async Task DeleteRegistrationAsync(PortalDbContext db, Guid registrationId)
    {
        await db.Database.OpenConnectionAsync();
        try
        {
            if (TestDatabase.OnPostgres)
            {
                await db.Database.ExecuteSqlRawAsync("SET session_replication_role = replica;");
                await db.Database.ExecuteSqlRawAsync("DELETE FROM \"DdsRegistrations\" WHERE \"Id\" = {0};", registrationId);
                await db.Database.ExecuteSqlRawAsync("SET session_replication_role = DEFAULT;");
            }
            else
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF;");
                await db.Database.ExecuteSqlRawAsync("DELETE FROM \"DdsRegistrations\" WHERE \"Id\" = {0};", registrationId.ToString().ToUpperInvariant());
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
