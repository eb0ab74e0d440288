using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace AutopilotPortal.Core.Data;

/// <summary>
/// What a provider adds to the bulk writers (<see cref="RowInserter{T}"/>, <see cref="AutopilotDeviceInserter"/>):
/// optionally a faster insert statement than ADO.NET's or a bulk copy of many rows at once, and the upkeep of what sits beside Intune's
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
    /// A bulk copy into the table, on the context's connection and in its transaction, which holds rows
    /// until it is flushed; or null where the provider inserts rows one statement each. The columns are
    /// delimited names, with their store types' base names (<c>uuid</c>, <c>text</c>), in the order of
    /// each row's values.
    /// </summary>
    IRowCopy? CreateCopy(DbContext db, string table, IReadOnlyList<(string Column, string StoreType)> columns);

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

/// <summary>Rows held for one bulk copy into a table (see <see cref="IBulkRowWriting.CreateCopy"/>).</summary>
public interface IRowCopy
{
    /// <summary>Holds one row's values, as <see cref="RowLayout{T}.ValuesOf"/> built them, for the next flush.</summary>
    void Add(object?[] values);

    /// <summary>Writes the rows held so far in one copy, in the context's transaction, and holds none after.</summary>
    Task FlushAsync(CancellationToken cancellationToken);
}
