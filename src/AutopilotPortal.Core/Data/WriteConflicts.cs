using AutopilotPortal.Core.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AutopilotPortal.Core.Data;

/// <summary>
/// Which save failures mean "another writer got there first": a concurrency failure (an UPDATE or
/// DELETE that found its row changed or gone) and a duplicate key. <see cref="PortalDbContext"/>
/// throws them as <see cref="WriteConflictException"/>, so that no caller outside the service
/// library needs EF's exceptions; every other failure, and every failure of a local account's
/// save, is left as it is.
/// </summary>
internal static class WriteConflicts
{
    /// <summary>The conflict <paramref name="exception"/> stands for, or null when it is another failure.</summary>
    public static WriteConflictException? Translate(DbUpdateException exception, IStorageErrors errors) => exception switch
    {
        // Identity's user store catches EF's concurrency failure itself and answers ConcurrencyFailure.
        _ when exception.Entries.Any(e => e.Entity is PortalUser || e.Metadata.ClrType.Namespace == typeof(IdentityUserClaim<>).Namespace) => null,
        DbUpdateConcurrencyException => new WriteConflictException(
            "The record was changed or deleted by someone else after it was read. Nothing was saved; reload it and try again.", exception),
        { InnerException: var inner } when errors.IsDuplicateKey(inner) => new WriteConflictException(
            "Someone else saved a record with the same key first. Nothing was saved; reload and try again.", exception),
        _ => null,
    };
}
