using BareMetal.Contracts.Fleet;
using BareMetal.Contracts.Nodes;

namespace BareMetal.Provisioning.Fleet;

/// <summary>The node index shard as the silo's change observer uses it: a write that also says what changed.</summary>
public interface INodeIndexRecorder : IGrainWithStringKey
{
    /// <summary>
    /// As <see cref="INodeIndexGrain.Upsert"/> (the view passed by reference, not copied), and returns the view it
    /// replaced; null when the node was new to the shard or <paramref name="node"/> was not newer than the view held
    /// (nothing changed).
    /// </summary>
    Task<ReplacedNodeView?> Record([Immutable] NodeView node);
}
