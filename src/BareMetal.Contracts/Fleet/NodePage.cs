using BareMetal.Contracts.Nodes;

namespace BareMetal.Contracts.Fleet;

/// <summary>One page of nodes.</summary>
/// <param name="Nodes">The nodes, in order.</param>
/// <param name="NextCursor">Pass as <see cref="NodeQuery.After"/> for the next page; null when this is the last.</param>
[Immutable]
public sealed record NodePage(IReadOnlyList<NodeView> Nodes, string? NextCursor);
