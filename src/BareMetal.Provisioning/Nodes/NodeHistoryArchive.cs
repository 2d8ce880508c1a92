using System.Collections.Immutable;
using BareMetal.Contracts.Nodes;

namespace BareMetal.Provisioning.Nodes;

/// <summary>
/// What the node keeps apart from <see cref="NodeState"/> so that the state written on every change stays small:
/// the ids of its older operations, handed over a batch at a time, and history entries archived before history
/// moved to pages (<see cref="NodeHistoryPage"/>), read until the pages cover the whole capacity.
/// </summary>
public sealed record NodeHistoryArchive
{
    /// <summary>History archived before pages existed, oldest first; emptied once pages cover the capacity.</summary>
    public ImmutableList<NodeHistoryEntry> Entries { get; init; } = [];

    /// <summary>Ids of the node's older operations, newest first (those the state no longer carries).</summary>
    public ImmutableList<string> Operations { get; init; } = [];
}
