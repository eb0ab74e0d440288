using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace AutopilotPortal.Core.Data.Postgres;

/// <summary>
/// The model on PostgreSQL, beside what the configurations declare: every text column sorts and compares
/// in the C collation, byte by byte as SQLite's BINARY does, so keyset pages, ranges ("starts with" as
/// <c>key &gt;= prefix AND key &lt; prefix + U+FFFF</c>) and unique keys mean the same on both providers
/// whatever the database's locale; a NUL character, which PostgreSQL's text cannot hold, is stored as
/// U+FFFD, in a text column and in an element of a text array (physical ids) alike, so a CSV row with
/// one still gets its result row; and every time is <c>timestamptz</c> written as UTC (a value of
/// unspecified kind is taken as UTC, a local one converted), cut to the microsecond PostgreSQL keeps:
/// PostgreSQL would round the 100-ns rest, and a time read back later than it was written makes "twelve
/// hours since" come a tick late.
/// </summary>
internal sealed class PostgresModelCustomizer(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
{
    private static readonly ValueConverter<DateTime, DateTime> Utc = new(v => ToUtc(v), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private static readonly ValueConverter<DateTime?, DateTime?> NullableUtc = new(
        v => v.HasValue ? ToUtc(v.Value) : v, v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);

    private static readonly ValueConverter<DateTimeOffset, DateTimeOffset> UtcOffset = new(v => ToUtc(v), v => v);

    private static readonly ValueConverter<DateTimeOffset?, DateTimeOffset?> NullableUtcOffset = new(v => v.HasValue ? ToUtc(v.Value) : v, v => v);

    private static readonly ValueConverter<string, string> Text = new(v => v.Replace('\0', '\uFFFD'), v => v);

    public override void Customize(ModelBuilder modelBuilder, DbContext context)
    {
        base.Customize(modelBuilder, context);
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                if (property.ClrType == typeof(string))
                {
                    property.SetCollation("C");
                    if (property.GetValueConverter() is null)
                    {
                        property.SetValueConverter(Text);
                    }
                }
                else if (property.GetElementType() is { } element && element.ClrType == typeof(string))
                {
                    // A primitive collection of text (physical ids) is a text[]; its elements get the same conversion.
                    if (element.GetValueConverter() is null)
                    {
                        element.SetValueConverter(Text);
                    }
                }
                else if (property.GetValueConverter() is null)
                {
                    property.SetValueConverter(
                        property.ClrType == typeof(DateTime) ? Utc
                        : property.ClrType == typeof(DateTime?) ? NullableUtc
                        : property.ClrType == typeof(DateTimeOffset) ? UtcOffset
                        : property.ClrType == typeof(DateTimeOffset?) ? NullableUtcOffset
                        : null);
                }
            }
        }
    }

    private static DateTime ToUtc(DateTime value)
    {
        var utc = value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;
        return new DateTime(utc.Ticks - (utc.Ticks % TicksPerMicrosecond), DateTimeKind.Utc);
    }

    private static DateTimeOffset ToUtc(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % TicksPerMicrosecond), TimeSpan.Zero);

    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;
}
