namespace AutopilotPortal.Tests.Shared;

/// <summary>A test of a SQLite construct (the file, its pragmas, its triggers' SQL): skipped when the tests run on PostgreSQL.</summary>
internal sealed class SqliteFactAttribute : FactAttribute
{
    public SqliteFactAttribute()
    {
        if (TestDatabase.OnPostgres)
        {
            Skip = "A SQLite construct; the tests run on PostgreSQL (PORTAL_TEST_PROVIDER).";
        }
    }
}

/// <inheritdoc cref="SqliteFactAttribute"/>
internal sealed class SqliteTheoryAttribute : TheoryAttribute
{
    public SqliteTheoryAttribute()
    {
        if (TestDatabase.OnPostgres)
        {
            Skip = "A SQLite construct; the tests run on PostgreSQL (PORTAL_TEST_PROVIDER).";
        }
    }
}

/// <summary>A test of a PostgreSQL construct: skipped unless the tests run on PostgreSQL.</summary>
internal sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (!TestDatabase.OnPostgres)
        {
            Skip = "A PostgreSQL construct; the tests run on SQLite (set PORTAL_TEST_PROVIDER=Postgres, as test.sh does in its second pass).";
        }
    }
}

/// <inheritdoc cref="PostgresFactAttribute"/>
internal sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (!TestDatabase.OnPostgres)
        {
            Skip = "A PostgreSQL construct; the tests run on SQLite (set PORTAL_TEST_PROVIDER=Postgres, as test.sh does in its second pass).";
        }
    }
}

/// <summary>
/// A test of what the database does not shape (the pages' markup and colours): it runs in the SQLite
/// pass only, since the PostgreSQL pass would repeat it unchanged.
/// </summary>
internal sealed class ProviderIndependentFactAttribute : FactAttribute
{
    public ProviderIndependentFactAttribute()
    {
        if (TestDatabase.OnPostgres)
        {
            Skip = "Independent of the database provider; it runs in the SQLite pass.";
        }
    }
}
