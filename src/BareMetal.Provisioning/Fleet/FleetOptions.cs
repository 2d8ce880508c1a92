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

    /// <summary>How many finished operations each operation index shard keeps (unfinished ones are always kept). Default 1000.</summary>
    public int FinishedOperationsPerShard { get; set; } = 1000;
}
