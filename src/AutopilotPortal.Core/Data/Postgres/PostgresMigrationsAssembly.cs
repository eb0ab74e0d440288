using Microsoft.EntityFrameworkCore.Infrastructure;

namespace AutopilotPortal.Core.Data.Postgres;

/// <summary>PostgreSQL's migrations, in <c>Data/Postgres/Migrations</c>.</summary>
internal sealed class PostgresMigrationsAssembly(ICurrentDbContext currentContext)
    : ProviderMigrationsAssembly(currentContext, typeof(PostgresMigrationsAssembly).Namespace + ".Migrations");
