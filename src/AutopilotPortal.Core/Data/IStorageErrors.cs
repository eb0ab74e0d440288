using Microsoft.EntityFrameworkCore.Diagnostics;

namespace AutopilotPortal.Core.Data;

/// <summary>
/// What a provider's errors mean to the service code. Registered as an interceptor of the context
/// (<see cref="IDatabaseProvider.Configure"/>), like <see cref="IBulkRowWriting"/>.
/// </summary>
public interface IStorageErrors : IInterceptor
{
    /// <summary>True when <paramref name="exception"/> (a failed save's inner exception) is a UNIQUE or PRIMARY KEY violation.</summary>
    bool IsDuplicateKey(Exception? exception);
}
