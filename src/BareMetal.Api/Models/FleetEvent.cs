namespace BareMetal.Api.Models;

/// <summary>One change of one node, as sent on the fleet event stream.</summary>
/// <param name="NodeId">The node.</param>
/// <param name="Shard">The index shard that reported it.</param>
/// <param name="Sequence">Its position in the shard's feed.</param>
/// <param name="At">When the index recorded it.</param>
/// <param name="Deleted">Whether the node was deleted.</param>
/// <param name="Node">The node after the change; null when deleted.</param>
public sealed record FleetEvent(string NodeId, int Shard, long Sequence, DateTimeOffset At, bool Deleted, NodeResource? Node);
