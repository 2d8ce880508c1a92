using BareMetal.Contracts.Nodes;

namespace BareMetal.Provisioning.Nodes;

/// <summary>
/// A node event (a webhook event type such as <c>node.provision_state_changed</c>) decided by the write that made the
/// change and stored with it, then raised after the write until the event sinks take it: a silo lost between the
/// write and the raising leaves the event to the node's next activation instead of losing it.
/// </summary>
/// <param name="EventType">The event type.</param>
/// <param name="Node">The node's view as that write left it: the event's data, and its version names the event.</param>
public sealed record PendingNodeEvent(string EventType, NodeView Node);
