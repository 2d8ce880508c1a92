using System.Collections.Immutable;
using BareMetal.Contracts.Nodes;

namespace BareMetal.Provisioning.Fleet;

/// <summary>What a node index shard writes: its nodes' latest views and where its change feed stood.</summary>
public sealed record NodeIndexState
{
    /// <summary>The latest view of every node of the shard.</summary>
    public ImmutableList<NodeView> Nodes { get; init; } = [];

    /// <summary>The change feed's last sequence at the time of the write.</summary>
    public long Sequence { get; init; }
}
