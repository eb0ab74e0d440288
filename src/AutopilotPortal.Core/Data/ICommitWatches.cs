namespace AutopilotPortal.Core.Data;

/// <summary>
/// Tells an import's writer, inside a write transaction, whether another connection has committed
/// since a batch was decided; when none has, the decision still holds and need not be made again
/// under the write lock.
/// </summary>
public interface ICommitWatches
{
    /// <summary>A watch over the writer's open connection, or null when the provider cannot tell (the writer then always decides again).</summary>
    Task<ICommitWatch?> StartAsync(PortalDbContext writer, CancellationToken cancellationToken);
}

/// <summary>A watch <see cref="ICommitWatches.StartAsync"/> started on one writer connection.</summary>
public interface ICommitWatch
{
    /// <summary>Taken on the deciding thread before a decision reads the database.</summary>
    int Mark();

    /// <summary>
    /// Called by the writer on its connection in every write transaction it begins, first thing:
    /// true when no other connection can have committed since the decision that took <paramref name="mark"/>
    /// read the database; false when one may have, when there is no mark, or when <paramref name="writer"/>
    /// is not on the connection the watch started on.
    /// </summary>
    Task<bool> NothingCommittedSinceAsync(PortalDbContext writer, int? mark, CancellationToken cancellationToken);
}
