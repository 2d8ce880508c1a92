using BareMetal.Contracts.Nodes;

namespace BareMetal.Provisioning.Nodes;

/// <summary>
/// Told by the node grain, inside its turn and after the write, of every change of a node: the fleet index and its
/// change feeds hang off this (webhook events go through the node's outbox to <see cref="Fleet.INodeEventSink"/>). Implementations must be quick (a grain call at most) and must not
/// call back into the node grain.
/// </summary>
public interface INodeChangeObserver
{
    /// <summary>The node's view after a change that was just written.</summary>
    Task NodeChanged(NodeView node);

    /// <summary>The node was deleted.</summary>
    Task NodeRemoved(string nodeId);
}
