using BareMetal.Contracts.Nodes;

namespace BareMetal.Provisioning.Fleet;

/// <summary>
/// The view a node index shard held before a change. Views are snapshots nobody changes, so this is handed back by
/// reference instead of being copied on every node change.
/// </summary>
/// <param name="Previous">The replaced view.</param>
[GenerateSerializer, Immutable, Alias("baremetal.ReplacedNodeView")]
public sealed record ReplacedNodeView([property: Id(0)] NodeView Previous);
