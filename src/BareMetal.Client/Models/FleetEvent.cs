namespace BareMetal.Client.Models;

/// <summary>One message of the fleet event stream.</summary>
/// <param name="Kind">What happened: <see cref="NodeChanged"/> or <see cref="Resync"/>.</param>
/// <param name="NodeId">The node that changed; null for <see cref="Resync"/>.</param>
/// <param name="Shard">The index shard that reported it.</param>
/// <param name="Sequence">Its position in the shard's feed (0 for <see cref="Resync"/>).</param>
/// <param name="At">When the index recorded it.</param>
/// <param name="Deleted">Whether the node was deleted.</param>
/// <param name="Node">The node after the change; null when deleted or for <see cref="Resync"/>.</param>
public sealed record FleetEvent(string Kind, string? NodeId, int Shard, long Sequence, DateTimeOffset? At, bool Deleted, Node? Node)
{
    /// <summary>A node was enrolled, changed or deleted.</summary>
    public const string NodeChanged = "node";

    /// <summary>
    /// The server could not keep up with one shard and dropped changes: re-read the nodes you care about (the stream
    /// goes on with later changes).
    /// </summary>
    public const string Resync = "resync";
}
