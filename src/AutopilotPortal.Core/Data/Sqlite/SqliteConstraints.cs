using Microsoft.Data.Sqlite;

namespace AutopilotPortal.Core.Data.Sqlite;

/// <summary>What a SQLite error says about the constraint it broke.</summary>
internal static class SqliteConstraints
{
    // https://www.sqlite.org/rescode.html
    private const int Constraint = 19;
    private const int ConstraintPrimaryKey = 1555;
    private const int ConstraintUnique = 2067;

    /// <summary>Whether <paramref name="exception"/> is a UNIQUE or PRIMARY KEY violation: another row has the key.</summary>
    public static bool IsDuplicateKey(Exception? exception) =>
        exception is SqliteException { SqliteErrorCode: Constraint, SqliteExtendedErrorCode: ConstraintUnique or ConstraintPrimaryKey };
}
