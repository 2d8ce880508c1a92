namespace BareMetal.Provisioning.Fleet;

/// <summary>Settings of the fleet index shards (nodes and operations).</summary>
public sealed class FleetOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "BareMetal:Fleet";

    /// <summary>
    /// How long an index shard may hold changes in memory before writing them: changes are coalesced into one
    /// write per shard per interval instead of one per node change. Default 1 s.
    /// </summary>
    public TimeSpan IndexFlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many recent changes each node index shard keeps for change feeds. Default 1024.</summary>
    public int ChangeFeedCapacity { get; set; } = 1024;

    /// <summary>The longest a change-feed long-poll waits. Default 25 s (under the 30 s call deadline).</summary>
    public TimeSpan MaxChangeWait { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>How many finished operations each operation index shard keeps in memory (unfinished ones are always kept). Default 1000.</summary>
    public int FinishedOperationsPerShard { get; set; } = 1000;

    /// <summary>
    /// How many of those finished operations each operation index shard also writes (the most recently finished;
    /// unfinished ones are always written), so that the shard's write stays small however many it keeps in memory.
    /// After a silo restart a shard lists its unfinished operations and these; older finished operations are still read
    /// by id. Capped at <see cref="FinishedOperationsPerShard"/>; 0 writes unfinished operations only. Default 32.
    /// </summary>
    public int PersistedFinishedOperationsPerShard { get; set; } = 32;

    /// <summary>
    /// How long an operation may stay queued or running before it asks its node where it stands (and again every
    /// such period while it stays unfinished): one the node never recorded fails, one the node ended gets its end.
    /// Default 60 s.
    /// </summary>
    public TimeSpan OperationReconcileAfter { get; set; } = TimeSpan.FromSeconds(60);
}
