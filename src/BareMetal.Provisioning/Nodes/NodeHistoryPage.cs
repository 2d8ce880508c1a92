using System.Collections.Immutable;
using BareMetal.Contracts.Nodes;

namespace BareMetal.Provisioning.Nodes;

/// <summary>
/// A full page of a node's older history: written once, when the entries leave the node's state, into a slot that
/// the page a capacity's worth later overwrites (see <c>NodeGrain.History</c>).
/// </summary>
public sealed record NodeHistoryPage
{
    /// <summary>The page's number: 0 for the node's first page, counting up; the slot is the number modulo the slots.</summary>
    public long Number { get; init; }

    /// <summary>The page's events, oldest first.</summary>
    public ImmutableList<NodeHistoryEntry> Entries { get; init; } = [];
}
