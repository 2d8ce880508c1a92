using BareMetal.Contracts.Nodes;

namespace BareMetal.Contracts.Fleet;

/// <summary>One change of one node as the fleet index saw it.</summary>
/// <param name="Sequence">The change's position in its index shard's feed (increasing, gap-free per shard).</param>
/// <param name="NodeId">The node.</param>
/// <param name="Node">The node's view after the change; null when the node was deleted.</param>
/// <param name="At">When the index recorded it.</param>
[GenerateSerializer, Alias("baremetal.FleetChange")]
public sealed record FleetChange([property: Id(0)] long Sequence, [property: Id(1)] string NodeId, [property: Id(2)] NodeView? Node, [property: Id(3)] DateTimeOffset At);

/// <summary>Changes of one index shard after a sequence number.</summary>
/// <param name="Changes">The changes, oldest first.</param>
/// <param name="LastSequence">The shard's latest sequence; pass it as the next "after".</param>
/// <param name="Truncated">Whether changes were dropped between the requested sequence and the first one returned (the caller should re-read the fleet).</param>
[GenerateSerializer, Immutable, Alias("baremetal.FleetChangeBatch")]
public sealed record FleetChangeBatch([property: Id(0)] IReadOnlyList<FleetChange> Changes, [property: Id(1)] long LastSequence, [property: Id(2)] bool Truncated);
