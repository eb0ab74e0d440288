using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Data.Sqlite;

/// <summary>The <see cref="ITextMatching"/> on SQLite: LIKE, which ignores the case of ASCII letters.</summary>
internal sealed class SqliteTextMatching : ITextMatching
{
    private static readonly MethodInfo Like = typeof(DbFunctionsExtensions).GetMethod(
        nameof(DbFunctionsExtensions.Like), [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

    public IQueryable<T> WhereLike<T>(IQueryable<T> source, Expression<Func<T, string?>> column, string pattern) =>
        LikePredicate.Where(source, column, pattern, Like);
}
