using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace AutopilotPortal.Core.Data;

/// <summary>Finds the provider's parts that every context of it carries as interceptors.</summary>
internal static class ProviderParts
{
    /// <summary>The context's bulk row writing, which every provider registers.</summary>
    public static IBulkRowWriting BulkRowWriting(this DbContext db) => Part<IBulkRowWriting>(db);

    /// <summary>The context's case-insensitive LIKE, which every provider registers.</summary>
    public static ITextMatching TextMatching(this DbContext db) => Part<ITextMatching>(db);

    /// <summary>The context's storage errors, which every provider registers.</summary>
    public static IStorageErrors StorageErrors(this DbContext db) => Part<IStorageErrors>(db);

    private static T Part<T>(DbContext db) where T : class, IInterceptor =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.Interceptors?.OfType<T>().FirstOrDefault()
            ?? throw new InvalidOperationException(
                $"The context's options carry no {typeof(T).Name}; configure the context with {nameof(IDatabaseProvider)}.{nameof(IDatabaseProvider.Configure)}.");
}
