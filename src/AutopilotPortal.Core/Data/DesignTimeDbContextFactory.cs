using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AutopilotPortal.Core.Data;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without starting the host: SQLite's by default,
/// PostgreSQL's with <c>-- --provider Postgres</c> after the command's own arguments.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<PortalDbContext>
{
    public PortalDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PortalDbContext>();
        var index = Array.IndexOf(args, "--provider");
        var provider = index >= 0 && index + 1 < args.Length ? args[index + 1] : Sqlite.SqliteDatabaseProvider.ProviderName;
        IDatabaseProvider chosen = provider switch
        {
            Sqlite.SqliteDatabaseProvider.ProviderName => new Sqlite.SqliteDatabaseProvider(),
            Postgres.PostgresDatabaseProvider.ProviderName => new Postgres.PostgresDatabaseProvider(),
            _ => throw new ArgumentException($"--provider {provider}: the portal's providers are Sqlite and Postgres.", nameof(args)),
        };
        chosen.Configure(builder, chosen is Postgres.PostgresDatabaseProvider ? "Host=localhost;Database=design_time" : "Data Source=design-time.db");
        return new PortalDbContext(builder.Options);
    }
}
