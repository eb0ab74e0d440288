using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Data.Sqlite;

/// <summary>
/// Checks at start that the triggers the service code relies on (member counts, device counts, the
/// serial index, the append-only audit log) exist, so that a schema without them stops the portal
/// instead of letting counts drift or audit entries change.
/// </summary>
internal static class SqliteGuarantees
{
    public static async Task VerifyAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var present = await db.Database
            .SqlQueryRaw<string>("""SELECT "name" AS "Value" FROM sqlite_master WHERE "type" = 'trigger'""")
            .ToListAsync(cancellationToken);
        var missing = SqliteSchema.Triggers.Except(present, StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new PortalStartException(
                $"Database:ConnectionString: the database lacks the trigger(s) {string.Join(", ", missing)} that keep counts and the audit log right; "
                + "it was not made by the portal's migrations.");
        }
    }
}
