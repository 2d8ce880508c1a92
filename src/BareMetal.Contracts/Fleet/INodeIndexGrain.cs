using BareMetal.Contracts.Nodes;

namespace BareMetal.Contracts.Fleet;

/// <summary>
/// One shard of the fleet's node index (keyed by <see cref="NodeIndex.ShardKey"/>): the latest view of each of its
/// nodes, kept for listing, counting and change feeds without activating every node grain. Node grains report
/// every change; the index is a read model, the node grain stays the source of truth.
/// </summary>
[Alias("baremetal.INodeIndexGrain")]
public interface INodeIndexGrain : IGrainWithStringKey
{
    /// <summary>
    /// Records a node's latest view (ignored when older than the one held, by <see cref="NodeView.Version"/>). The view
    /// is passed by reference, not copied (every node change sends one): the caller must not change it afterwards.
    /// </summary>
    [Alias("Upsert")]
    Task Upsert([Immutable] NodeView node);

    /// <summary>Forgets a deleted node.</summary>
    [Alias("Remove")]
    Task Remove(string nodeId);

    /// <summary>This shard's nodes matching <paramref name="query"/>, in order, at most <see cref="NodeQuery.Limit"/>.</summary>
    [ReadOnly]
    [Alias("Query")]
    Task<IReadOnlyList<NodeView>> Query(NodeQuery query);

    /// <summary>The latest view of one node of this shard; null when the shard does not hold it.</summary>
    [ReadOnly]
    [Alias("Find")]
    Task<NodeView?> Find(string nodeId);

    /// <summary>This shard's counts.</summary>
    [ReadOnly]
    [Alias("Counts")]
    Task<FleetCounts> Counts();

    /// <summary>Long-poll: the changes after <paramref name="afterSequence"/>, waiting up to <paramref name="wait"/> for one.</summary>
    /// <remarks>Its own response timeout: a wait may be longer than a gateway's short default for other calls.</remarks>
    [AlwaysInterleave]
    [ResponseTimeout("00:01:00")]
    [Alias("Changes")]
    Task<FleetChangeBatch> Changes(long afterSequence, TimeSpan wait);
}
