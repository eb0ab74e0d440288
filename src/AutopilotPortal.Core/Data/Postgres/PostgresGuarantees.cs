using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Data.Postgres;

/// <summary>
/// Checks at start that the triggers the service code relies on (member counts, device counts, the
/// append-only audit log) and the trigram serial index exist, so that a schema without them stops the
/// portal instead of letting counts drift, audit entries change or searches scan every device.
/// </summary>
internal static class PostgresGuarantees
{
    public static async Task VerifyAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var triggers = await db.Database
            .SqlQueryRaw<string>("""SELECT tgname::text AS "Value" FROM pg_trigger WHERE NOT tgisinternal""")
            .ToListAsync(cancellationToken);
        var missing = PostgresSchema.Triggers.Except(triggers, StringComparer.Ordinal).ToList();
        var indexes = await db.Database
            .SqlQueryRaw<string>("""SELECT indexname::text AS "Value" FROM pg_indexes WHERE indexname = {0}""", PostgresSchema.TrigramIndex)
            .ToListAsync(cancellationToken);
        if (indexes.Count == 0)
        {
            missing.Add(PostgresSchema.TrigramIndex);
        }

        if (missing.Count > 0)
        {
            throw new PortalStartException(
                $"Database:ConnectionString: the database lacks {string.Join(", ", missing)}, which keep counts, the audit log and the serial search right; "
                + "it was not made by the portal's migrations.");
        }
    }
}
