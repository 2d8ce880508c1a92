using BareMetal.Contracts.Nodes;

namespace BareMetal.Provisioning.Fleet;

/// <summary>Told of node changes that clients may subscribe to (the webhook events of a node).</summary>
public interface INodeEventSink
{
    /// <summary>The node changed from <paramref name="previous"/> to <paramref name="current"/>.</summary>
    Task NodeChanged(NodeView previous, NodeView current);
}
