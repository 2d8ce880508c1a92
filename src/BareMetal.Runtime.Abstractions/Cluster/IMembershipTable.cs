namespace BareMetal.Runtime.Cluster;

/// <summary>
/// The shared table of silos of one cluster (the cluster id is part of the provider's options).
/// Every change except the heartbeat is optimistic on the row's ETag, so two silos voting at the
/// same time cannot lose a vote: the loser re-reads and retries.
/// </summary>
public interface IMembershipTable
{
    /// <summary>All rows of this cluster.</summary>
    Task<IReadOnlyList<MembershipRow>> ReadAllAsync(CancellationToken cancellationToken);

    /// <summary>Inserts a new silo's row; false if a row for that silo already exists.</summary>
    Task<bool> InsertRowAsync(MembershipEntry entry, CancellationToken cancellationToken);

    /// <summary>Replaces a row if its ETag is still <paramref name="eTag"/>; false when another writer changed it.</summary>
    Task<bool> UpdateRowAsync(MembershipEntry entry, string eTag, CancellationToken cancellationToken);

    /// <summary>Updates only the heartbeat time of a silo (not ETag-checked, does not change the ETag).</summary>
    Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken);

    /// <summary>Deletes rows of dead silos whose heartbeat is older than <paramref name="olderThan"/>.</summary>
    Task CleanupDefunctSilosAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);
}
