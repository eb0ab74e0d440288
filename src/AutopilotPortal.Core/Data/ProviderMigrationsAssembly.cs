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
    private readonly Type _contextType = currentContext.Context.GetType();
    private IReadOnlyDictionary<string, TypeInfo>? _migrations;
    private ModelSnapshot? _snapshot;
    private bool _snapshotFound;

    public Assembly Assembly => typeof(PortalDbContext).Assembly;

    public IReadOnlyDictionary<string, TypeInfo> Migrations => _migrations ??= FindMigrations();

    public ModelSnapshot? ModelSnapshot
    {
        get
        {
            if (!_snapshotFound)
            {
                var type = Assembly.GetTypes().FirstOrDefault(t => t.Namespace == migrationsNamespace && t.IsSubclassOf(typeof(ModelSnapshot))
                    && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == _contextType);
                _snapshot = type is null ? null : (ModelSnapshot)Activator.CreateInstance(type)!;
                _snapshotFound = true;
            }

            return _snapshot;
        }
    }

    public string? FindMigrationId(string nameOrId) =>
        Migrations.Keys.FirstOrDefault(id => string.Equals(id, nameOrId, StringComparison.OrdinalIgnoreCase)
            || string.Equals(id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..], nameOrId, StringComparison.OrdinalIgnoreCase));

    public Migration CreateMigration(TypeInfo migrationClass, string activeProvider)
    {
        var migration = (Migration)Activator.CreateInstance(migrationClass.AsType())!;
        migration.ActiveProvider = activeProvider;
        return migration;
    }

    private SortedList<string, TypeInfo> FindMigrations()
    {
        var found = new SortedList<string, TypeInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var type in Assembly.DefinedTypes)
        {
            if (type.Namespace == migrationsNamespace && type.IsSubclassOf(typeof(Migration))
                && type.GetCustomAttribute<DbContextAttribute>()?.ContextType == _contextType
                && type.GetCustomAttribute<MigrationAttribute>() is { } id)
            {
                found.Add(id.Id, type);
            }
        }

        return found;
    }
}
