using Microsoft.EntityFrameworkCore.Infrastructure;

namespace AutopilotPortal.Core.Data.Sqlite;

/// <summary>SQLite's migrations, in <c>Data/Sqlite/Migrations</c>.</summary>
internal sealed class SqliteMigrationsAssembly(ICurrentDbContext currentContext)
    : ProviderMigrationsAssembly(currentContext, typeof(SqliteMigrationsAssembly).Namespace + ".Migrations");
