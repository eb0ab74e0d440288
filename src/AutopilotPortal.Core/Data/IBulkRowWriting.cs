using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace AutopilotPortal.Core.Data;

/// <summary>
/// What a provider adds to the bulk writers (<see cref="RowInserter{T}"/>, <see cref="AutopilotDeviceInserter"/>):
/// optionally a faster insert statement than ADO.NET's, and the upkeep of what sits beside Intune's
/// Autopilot rows (the serial search index and each tenant's device count) when rows are inserted.
/// Registered as an interceptor of the context (<see cref="IDatabaseProvider.Configure"/>), so that
/// every context of the provider carries it.
/// </summary>
public interface IBulkRowWriting : IInterceptor
{
    /// <summary>True when the provider's own statement stores values of this store type and provider type.</summary>
    bool CanBindStored(string storeType, Type providerType);

    /// <summary>A provider value in the form the provider's statement binds (see <see cref="CanBindStored"/>).</summary>
    object ToStored(object value);

    /// <summary>The provider's statement for the command's INSERT, binding stored values by position.</summary>
    IStoredRowStatement Prepare(DbCommand command);

    /// <summary>
    /// Indexes and counts the Intune rows of these ids, just inserted, in the context's transaction; a
    /// provider whose schema does it by itself does nothing.
    /// </summary>
    Task IntuneRowsInsertedAsync(DbContext db, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken);

    /// <inheritdoc cref="IntuneRowsInsertedAsync"/>
    void IntuneRowsInserted(DbContext db, IReadOnlyCollection<Guid> ids);

    /// <summary>True when <see cref="IntuneRowsInsertedAsync"/> must run in the transaction that inserted the rows.</summary>
    bool IndexesIntuneRows { get; }

    /// <summary>
    /// Makes registration writes on other connections wait until the context's transaction ends, where the
    /// database does not by itself: two writers must not both decide the same hardware new. SQLite has one
    /// writer at a time (and refuses a write after a read another writer has overtaken); PostgreSQL takes
    /// a transaction-scoped advisory lock.
    /// </summary>
    Task LockRegistrationsAsync(DbContext db, CancellationToken cancellationToken);
}

/// <summary>One prepared insert of a provider, bound by position with values in their stored form.</summary>
public interface IStoredRowStatement : IDisposable
{
    /// <summary>Binds the values, runs the insert and resets it.</summary>
    void Execute(object?[] values);
}
