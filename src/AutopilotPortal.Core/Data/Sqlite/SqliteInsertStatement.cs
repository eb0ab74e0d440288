using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace AutopilotPortal.Core.Data.Sqlite;

/// <summary>
/// One prepared INSERT on SQLite, bound by position through SQLite's own API. ADO.NET's
/// per-execution work (looking every parameter up by name, a data reader per statement) costs
/// more than SQLite's insert itself; this skips it. Values are stored exactly as
/// Microsoft.Data.Sqlite stores the parameters EF creates (see <see cref="CanStore"/>).
/// </summary>
internal sealed class SqliteInsertStatement : IStoredRowStatement
{
    private readonly sqlite3 _connection;
    private readonly sqlite3_stmt _statement;

    public SqliteInsertStatement(SqliteConnection connection, string sql)
    {
        _connection = connection.Handle ?? throw new InvalidOperationException("The SQLite connection is not open.");
        var rc = raw.sqlite3_prepare_v2(_connection, sql, out _statement);
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(_connection).utf8_to_string(), rc);
        }
    }

    /// <summary>
    /// True for the store type and provider value type pairs whose storage this class reproduces:
    /// text for strings, GUIDs (upper case) and dates (<c>yyyy-MM-dd HH:mm:ss.FFFFFFF</c>), integers
    /// for booleans, integers and enums, blobs for byte arrays.
    /// </summary>
    public static bool CanStore(string storeType, Type providerType)
    {
        var type = Nullable.GetUnderlyingType(providerType) ?? providerType;
        return storeType.ToUpperInvariant() switch
        {
            "TEXT" => type == typeof(string) || type == typeof(Guid) || type == typeof(DateTime),
            "INTEGER" => type == typeof(bool) || type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte),
            "BLOB" => type == typeof(byte[]),
            "REAL" => type == typeof(double),
            _ => false,
        };
    }

    /// <summary>
    /// A provider value in the form Microsoft.Data.Sqlite stores it: text for strings, GUIDs (upper
    /// case) and dates, 64-bit integers for booleans and integers, doubles, blobs. Values in this
    /// form bind with no further conversion.
    /// </summary>
    public static object ToStored(object value) => value switch
    {
        string or long or double or byte[] => value,
        Guid guid => UpperCase(guid),
        DateTime date => DateText(date),
        bool flag => flag ? 1L : 0L,
        int number => (long)number,
        short number => (long)number,
        byte number => (long)number,
        var other => throw new InvalidOperationException($"No SQLite storage for {other.GetType().Name}."),
    };

    [ThreadStatic]
    private static (DateTime Date, string Text) t_lastDate;

    /// <summary>The GUID as upper-case text, built in place (one string, not two).</summary>
    private static string UpperCase(Guid guid) => string.Create(36, guid, static (chars, value) =>
    {
        value.TryFormat(chars, out _);
        System.Text.Ascii.ToUpperInPlace(chars, out _);
    });

    /// <summary>The date as EF stores it; the last one formatted on this thread is reused (a batch of rows shares one time).</summary>
    private static string DateText(DateTime date)
    {
        var last = t_lastDate;
        if (last.Text is not null && last.Date == date)
        {
            return last.Text;
        }

        var text = date.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        t_lastDate = (date, text);
        return text;
    }

    /// <summary>
    /// Binds the values (1-based positions follow the array), runs the insert and resets. Each
    /// value is null or in its stored form (<see cref="ToStored"/>).
    /// </summary>
    public void Execute(object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var position = i + 1;
            var rc = values[i] switch
            {
                null => raw.sqlite3_bind_null(_statement, position),
                string text => raw.sqlite3_bind_text(_statement, position, text),
                long number => raw.sqlite3_bind_int64(_statement, position, number),
                double real => raw.sqlite3_bind_double(_statement, position, real),
                byte[] bytes => raw.sqlite3_bind_blob(_statement, position, bytes),
                var other => throw new InvalidOperationException($"{other.GetType().Name} is not a stored SQLite value; convert it with ToStored first."),
            };
            Check(rc);
        }

        var step = raw.sqlite3_step(_statement);
        raw.sqlite3_reset(_statement);
        if (step != raw.SQLITE_DONE)
        {
            throw new SqliteException(raw.sqlite3_errmsg(_connection).utf8_to_string(), step);
        }
    }

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(_connection).utf8_to_string(), rc);
        }
    }
}
