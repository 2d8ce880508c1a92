using System.Collections.Immutable;
using BareMetal.Contracts.Nodes;

namespace BareMetal.Provisioning.Nodes;

/// <summary>
/// The node's older history, kept apart from <see cref="NodeState"/> so that the state written on every change stays
/// small: the state carries only the newest entries and hands the older ones over here a batch at a time.
/// </summary>
public sealed record NodeHistoryArchive
{
    /// <summary>Archived events, oldest first.</summary>
    public ImmutableList<NodeHistoryEntry> Entries { get; init; } = [];
}
