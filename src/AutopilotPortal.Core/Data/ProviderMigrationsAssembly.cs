using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace AutopilotPortal.Core.Data;

/// <summary>
/// The migrations of one provider. Each provider keeps its own set for the one context, in its own
/// namespace (<c>Data/Sqlite/Migrations</c>, <c>Data/Postgres/Migrations</c>), because the SQL each
/// runs beside the tables (triggers, search indexes) is its product's own. EF's own migrations assembly
/// would take every migration of the context in the assembly; this one takes only those in
/// <paramref name="migrationsNamespace"/>, with that namespace's model snapshot.
/// </summary>
internal abstract class ProviderMigrationsAssembly(ICurrentDbContext currentContext, string migrationsNamespace) : IMigrationsAssembly
{
    // EF makes one migrations assembly per context, and the health check asks for pending migrations on every
    // probe: the assembly's types are scanned once per (context type, namespace) for the process.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Type, string), (SortedList<string, TypeInfo> Migrations, Type? Snapshot)> Found = new();

    private readonly (SortedList<string, TypeInfo> Migrations, Type? Snapshot) _found =
        Found.GetOrAdd((currentContext.Context.GetType(), migrationsNamespace), key => Scan(key.Item1, key.Item2));

    private ModelSnapshot? _snapshot;

    public Assembly Assembly => typeof(PortalDbContext).Assembly;

    public IReadOnlyDictionary<string, TypeInfo> Migrations => _found.Migrations;

    public ModelSnapshot? ModelSnapshot => _snapshot ??= _found.Snapshot is { } type ? (ModelSnapshot)Activator.CreateInstance(type)! : null;

    public string? FindMigrationId(string nameOrId) =>
        Migrations.Keys.FirstOrDefault(id => string.Equals(id, nameOrId, StringComparison.OrdinalIgnoreCase)
            || string.Equals(id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..], nameOrId, StringComparison.OrdinalIgnoreCase));

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = (Migration)Activator.CreateInstance(migrationClass.AsType())!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }

    private static (SortedList<string, TypeInfo> Migrations, Type? Snapshot) Scan(Type contextType, string migrationsNamespace)
    {
        var migrations = new SortedList<string, TypeInfo>(StringComparer.OrdinalIgnoreCase);
        Type? snapshot = null;
        foreach (var type in typeof(PortalDbContext).Assembly.DefinedTypes)
        {
            if (type.Namespace != migrationsNamespace || type.GetCustomAttribute<DbContextAttribute>()?.ContextType != contextType)
            {
                continue;
            }

            if (type.IsSubclassOf(typeof(Migration)) && type.GetCustomAttribute<MigrationAttribute>() is { } id)
            {
                migrations.Add(id.Id, type);
            }
            else if (type.IsSubclassOf(typeof(ModelSnapshot)))
            {
                snapshot = type;
            }
        }

        return (migrations, snapshot);
    }
}
