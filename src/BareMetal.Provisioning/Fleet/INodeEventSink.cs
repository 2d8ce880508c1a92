using BareMetal.Contracts.Nodes;

namespace BareMetal.Provisioning.Fleet;

/// <summary>
/// Takes the node events clients may subscribe to (the webhook events of a node). The node grain raises each event
/// until a call returns, and again after a silo's loss, so taking one must be idempotent: the node's id, the view's
/// version and the event type name it.
/// </summary>
public interface INodeEventSink
{
    /// <summary>Raises <paramref name="eventType"/> for the node as <paramref name="node"/> shows it.</summary>
    Task Raise(string eventType, NodeView node);
}
