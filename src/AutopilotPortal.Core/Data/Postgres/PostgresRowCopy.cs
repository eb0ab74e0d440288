using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AutopilotPortal.Core.Data.Postgres;

/// <summary>
/// Rows for one table held until they are flushed, then written by one binary <c>COPY … FROM STDIN</c> on
/// the context's connection, inside its transaction. COPY fires the table's triggers and checks its
/// constraints as INSERT does; a row it refuses fails the whole copy, and the transaction with it.
/// </summary>
internal sealed class PostgresRowCopy(DbContext db, string table, IReadOnlyList<(string Column, string StoreType)> columns) : IRowCopy
{
    private readonly string _sql = $"COPY {table} ({string.Join(", ", columns.Select(c => c.Column))}) FROM STDIN (FORMAT BINARY)";
    private readonly string[] _types = columns.Select(c => c.StoreType).ToArray();
    private readonly List<object?[]> _rows = [];

    public void Add(object?[] values)
    {
        if (values.Length != _types.Length)
        {
            throw new ArgumentException($"A row for {table} has {values.Length} values; the copy writes {_types.Length} columns.", nameof(values));
        }

        _rows.Add(values);
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_rows.Count == 0)
        {
            return;
        }

        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException($"Rows of {table} are copied inside a transaction, so that they commit with what they belong to.");
        }

        var connection = db.Database.GetDbConnection() as NpgsqlConnection
            ?? throw new InvalidOperationException("The context's connection is not PostgreSQL's.");
        await using (var importer = await connection.BeginBinaryImportAsync(_sql, cancellationToken))
        {
            foreach (var row in _rows)
            {
                await importer.StartRowAsync(cancellationToken);
                for (var i = 0; i < row.Length; i++)
                {
                    if (row[i] is { } value)
                    {
                        await importer.WriteAsync(value, _types[i], cancellationToken);
                    }
                    else
                    {
                        await importer.WriteNullAsync(cancellationToken);
                    }
                }
            }

            await importer.CompleteAsync(cancellationToken);
        }

        _rows.Clear();
    }
}
