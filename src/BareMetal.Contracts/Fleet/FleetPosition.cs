
namespace BareMetal.Contracts.Fleet;

/// <summary>A point in the fleet's change feed: the last sequence seen of each index shard (by shard number).</summary>
/// <param name="Sequences">One sequence per shard, <see cref="NodeIndex.ShardCount"/> in all.</param>
[Immutable]
public sealed record FleetPosition(IReadOnlyList<long> Sequences);
