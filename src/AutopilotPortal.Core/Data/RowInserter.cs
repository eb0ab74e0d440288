using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AutopilotPortal.Core.Data;

/// <summary>
/// Inserts new rows of one entity type with a single INSERT command reused for every row, or, where
/// the provider has a bulk copy (<see cref="IBulkRowWriting.CreateCopy"/>), by holding the rows and
/// copying them at once, inside the context's current transaction. Columns, types and value
/// conversions come from the EF model (<see cref="RowLayout{T}"/>), so a row is stored exactly as
/// <c>SaveChanges</c> would store it, on any provider; what is skipped is the change tracker, which
/// costs most of an import's time.
/// </summary>
/// <remarks>
/// Rows inserted may be held until <see cref="FlushAsync"/>: call it before anything reads them or
/// refers to them (a foreign key of the next table's rows), and before the transaction commits.
/// Disposing drops rows never flushed.
/// </remarks>
internal sealed class RowInserter<T> : IDisposable where T : class
{
    private readonly RowLayout<T> _layout;
    private readonly DbCommand _command;
    private readonly IStoredRowStatement? _stored;
    private readonly IRowCopy? _copy;

    private RowInserter(RowLayout<T> layout, DbCommand command, IStoredRowStatement? stored, IRowCopy? copy)
    {
        _layout = layout;
        _command = command;
        _stored = stored;
        _copy = copy;
    }

    /// <summary>Prepares the INSERT for <typeparamref name="T"/> on the context's connection and transaction.</summary>
    public static RowInserter<T> Create(DbContext db)
    {
        var layout = RowLayout<T>.For(db);
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = layout.InsertSql;

        // Where the provider copies rows in bulk, they are held for the copy; where it has its own
        // statement, the same INSERT runs through it, binding the values the layout has already put
        // in their stored form.
        var writing = db.BulkRowWriting();
        var copy = writing.CreateCopy(db, layout.Table, layout.CopyColumns);
        var stored = copy is null && layout.BindsStoredValues ? writing.Prepare(command) : null;
        return new RowInserter<T>(layout, command, stored, copy);
    }

    /// <summary>Inserts one row.</summary>
    public Task InsertAsync(T entity, CancellationToken cancellationToken) => InsertAsync(_layout.ValuesOf(entity), cancellationToken);

    /// <summary>Inserts one row given as <see cref="RowLayout{T}.ValuesOf"/> gave it (built earlier, on another thread, say).</summary>
    public async Task InsertAsync(object?[] values, CancellationToken cancellationToken)
    {
        if (_copy is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _copy.Add(values);
            return;
        }

        if (_stored is not null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _stored.Execute(values);
            return;
        }

        if (_command.Parameters.Count == 0)
        {
            // The first row creates the parameters, configured by the provider's type mappings.
            _layout.AddParameters(_command);
        }

        for (var i = 0; i < values.Length; i++)
        {
            _command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        await _command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Writes the rows held for a bulk copy, if any; with one INSERT a row, they are written already.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => _copy?.FlushAsync(cancellationToken) ?? Task.CompletedTask;

    public void Dispose()
    {
        _stored?.Dispose();
        _command.Dispose();
    }
}

/// <summary>
/// The columns an INSERT of <typeparamref name="T"/> writes, as the EF model maps them, and a
/// row's values in the form the insert binds: provider values after the model's value
/// converters, and, where the provider has its own statement, already in the form it stores (see
/// <see cref="IBulkRowWriting.ToStored"/>). Building the values touches no connection, so
/// it can run on any thread; one layout per model is kept.
/// </summary>
internal sealed class RowLayout<T> where T : class
{
    private static readonly ConditionalWeakTable<IModel, RowLayout<T>> Layouts = [];

    private readonly (IProperty Property, IClrPropertyGetter Getter, RelationalTypeMapping Mapping, string Parameter, JsonValueReaderWriter? ToJson)[] _columns;
    private readonly IBulkRowWriting? _stored;

    private RowLayout((IProperty, IClrPropertyGetter, RelationalTypeMapping, string, JsonValueReaderWriter?)[] columns, string table, string insertSql, IReadOnlyList<(string, string)> copyColumns, IBulkRowWriting? stored)
    {
        _columns = columns;
        Table = table;
        InsertSql = insertSql;
        CopyColumns = copyColumns;
        _stored = stored;
    }

    /// <summary>The table's delimited name.</summary>
    public string Table { get; }

    /// <summary>The INSERT, with one parameter per column in the order of the values.</summary>
    public string InsertSql { get; }

    /// <summary>The columns' delimited names and their store types' base names, in the order of the values.</summary>
    public IReadOnlyList<(string Column, string StoreType)> CopyColumns { get; }

    /// <summary>True when the values are the provider's stored form, bound by position through its own statement.</summary>
    public bool BindsStoredValues => _stored is not null;

    /// <summary>The layout of <typeparamref name="T"/> in the context's model.</summary>
    public static RowLayout<T> For(DbContext db) => Layouts.GetValue(db.Model, _ => Create(db));

    /// <summary>The row's values, in column order, as the insert binds them.</summary>
    public object?[] ValuesOf(T entity)
    {
        var values = new object?[_columns.Length];
        for (var i = 0; i < _columns.Length; i++)
        {
            values[i] = ToBound(i, _columns[i].Getter.GetClrValueUsingContainingEntity(entity));
        }

        return values;
    }

    /// <summary>Sets one property's value in values that <see cref="ValuesOf"/> built.</summary>
    public void Set(object?[] values, string propertyName, object? value)
    {
        var index = Array.FindIndex(_columns, c => c.Property.Name == propertyName);
        if (index < 0)
        {
            throw new ArgumentException($"{typeof(T).Name}.{propertyName} is not a column the insert writes.", nameof(propertyName));
        }

        values[index] = ToBound(index, value);
    }

    /// <summary>Adds the command's parameters, configured by the provider's type mappings.</summary>
    public void AddParameters(DbCommand command)
    {
        foreach (var (property, _, mapping, parameter, _) in _columns)
        {
            command.Parameters.Add(mapping.CreateParameter(command, parameter, null, property.IsNullable));
        }
    }

    private object? ToBound(int index, object? value)
    {
        var (_, _, mapping, _, toJson) = _columns[index];
        var provider = value is null ? null
            : toJson is not null ? toJson.ToJsonString(value)
            : mapping.Converter is { } converter ? converter.ConvertToProvider(value)
            : value;
        return _stored is not null && provider is not null ? _stored.ToStored(provider) : provider;
    }

    /// <summary>
    /// The JSON writer of a primitive collection column (physicalIds, say). Its converter calls the
    /// same writer, but through a compiled expression that costs several microseconds a row; the
    /// text written is the same.
    /// </summary>
    private static JsonValueReaderWriter? JsonWriterOf(RelationalTypeMapping mapping) =>
        mapping.Converter is { } converter && converter.GetType() is { IsGenericType: true } type
            && type.GetGenericTypeDefinition() == typeof(CollectionToJsonStringConverter<>)
            ? type.GetProperty(nameof(CollectionToJsonStringConverter<object>.JsonReaderWriter))!.GetValue(converter) as JsonValueReaderWriter
            : null;

    private static RowLayout<T> Create(DbContext db)
    {
        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var sql = db.GetService<ISqlGenerationHelper>();

        // Database-generated integer keys are left to the database; client-generated GUIDs are written.
        var columns = entityType.GetProperties()
            .Where(p => !(p.IsPrimaryKey() && p.ValueGenerated != ValueGenerated.Never && (p.ClrType == typeof(long) || p.ClrType == typeof(int))))
            .Select((p, i) => (Property: p, Getter: p.GetGetter(), Mapping: (RelationalTypeMapping)p.GetRelationalTypeMapping(), Parameter: sql.GenerateParameterName("p" + i), Column: p.GetColumnName(table)!))
            .ToArray();
        var tableSql = sql.DelimitIdentifier(table.Name, table.Schema);
        var insertSql =
            $"INSERT INTO {tableSql} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Column)))}) " +
            $"VALUES ({string.Join(", ", columns.Select(c => c.Parameter))})";
        var copyColumns = columns.Select(c => (sql.DelimitIdentifier(c.Column), c.Mapping.StoreTypeNameBase)).ToArray();

        // When every column is of a kind the provider's own statement stores, the values are built
        // in that stored form.
        var writing = db.BulkRowWriting();
        var stored = columns.All(c => writing.CanBindStored(c.Mapping.StoreType, c.Mapping.Converter?.ProviderClrType ?? c.Mapping.ClrType)) ? writing : null;
        return new RowLayout<T>(columns.Select(c => (c.Property, c.Getter, c.Mapping, c.Parameter, JsonWriterOf(c.Mapping))).ToArray(), tableSql, insertSql, copyColumns, stored);
    }
}
