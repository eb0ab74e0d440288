using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace AutopilotPortal.Core.Data;

/// <summary>
/// Inserts new rows of one entity type with a single INSERT command reused for every row, inside
/// the context's current transaction. Columns, types and value conversions come from the EF
/// model, so a row is stored exactly as <c>SaveChanges</c> would store it, on any provider; what
/// is skipped is the change tracker, which costs most of an import's time.
/// </summary>
internal sealed class RowInserter<T> : IDisposable where T : class
{
    private readonly DbCommand _command;
    private readonly (IProperty Property, RelationalTypeMapping Mapping, string Parameter)[] _columns;
    private readonly SqliteInsertStatement? _sqlite;
    private readonly object?[] _values;

    private RowInserter(DbCommand command, (IProperty, RelationalTypeMapping, string)[] columns, SqliteInsertStatement? sqlite)
    {
        _command = command;
        _columns = columns;
        _sqlite = sqlite;
        _values = new object?[columns.Length];
    }

    /// <summary>Prepares the INSERT for <typeparamref name="T"/> on the context's connection and transaction.</summary>
    public static RowInserter<T> Create(DbContext db)
    {
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();

        // Database-generated integer keys are left to the database; client-generated GUIDs are written.
        var columns = entityType.GetProperties()
            .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never && (p.ClrType == typeof(long) || p.ClrType == typeof(int))))
            .Select((p, i) => (Property: p, Mapping: (RelationalTypeMapping)p.GetRelationalTypeMapping(), Parameter: sql.GenerateParameterName("p" + i), Column: p.GetColumnName(table)!))
            .ToArray();

        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText =
            $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Column)))}) " +
            $"VALUES ({string.Join(", ", columns.Select(c => c.Parameter))})";

        // On SQLite, when every column is of a kind whose storage SqliteInsertStatement
        // reproduces, the same INSERT runs through SQLite's API directly.
        SqliteInsertStatement? sqlite = null;
        if (command.Connection is Microsoft.Data.Sqlite.SqliteConnection connection
            && columns.All(c => SqliteInsertStatement.CanStore(c.Mapping.StoreType, c.Mapping.Converter?.ProviderClrType ?? c.Mapping.ClrType)))
        {
            sqlite = new SqliteInsertStatement(connection, command.CommandText);
        }

        return new RowInserter<T>(command, columns.Select(c => (c.Property, c.Mapping, c.Parameter)).ToArray(), sqlite);
    }

    /// <summary>Inserts one row.</summary>
    public async Task InsertAsync(T entity, CancellationToken cancellationToken)
    {
        for (var i = 0; i < _columns.Length; i++)
        {
            var (property, mapping, _) = _columns[i];
            var value = property.GetGetter().GetClrValueUsingContainingEntity(entity);
            _values[i] = value is not null && mapping.Converter is { } converter ? converter.ConvertToProvider(value) : value;
        }

        if (_sqlite is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _sqlite.Execute(_values);
            return;
        }

        if (_command.Parameters.Count == 0)
        {
            // The first row creates the parameters, configured by the provider's type mappings.
            for (var i = 0; i < _columns.Length; i++)
            {
                var (property, mapping, parameter) = _columns[i];
                _command.Parameters.Add(mapping.CreateParameter(_command, parameter, property.GetGetter().GetClrValueUsingContainingEntity(entity), property.IsNullable));
            }
        }
        else
        {
            for (var i = 0; i < _columns.Length; i++)
            {
                _command.Parameters[i].Value = _values[i] ?? DBNull.Value;
            }
        }

        await _command.ExecuteNonQueryAsync(cancellationToken);
    }

    public void Dispose()
    {
        _sqlite?.Dispose();
        _command.Dispose();
    }
}
