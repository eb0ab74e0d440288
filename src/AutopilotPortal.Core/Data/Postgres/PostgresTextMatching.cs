using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Data.Postgres;

/// <summary>The <see cref="ITextMatching"/> on PostgreSQL: ILIKE (PostgreSQL's LIKE heeds case).</summary>
internal sealed class PostgresTextMatching : ITextMatching
{
    private static readonly MethodInfo ILike = typeof(NpgsqlDbFunctionsExtensions).GetMethod(
        nameof(NpgsqlDbFunctionsExtensions.ILike), [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

    public IQueryable<T> WhereLike<T>(IQueryable<T> source, Expression<Func<T, string?>> column, string pattern) =>
        LikePredicate.Where(source, column, pattern, ILike);
}
