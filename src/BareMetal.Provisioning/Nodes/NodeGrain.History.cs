using System.Collections.Immutable;
using BareMetal.Contracts.Nodes;

namespace BareMetal.Provisioning.Nodes;

// History storage. Every change writes the node's state, so the state holds only the newest history entries (at
// most HistoryInState); when it holds more, the older ones move to the archive in one write before the state's. A
// power action adds about four entries, so the archive is written once every few actions instead of the whole
// history with every change. The archive is written first: if the state's write then fails, the moved entries are
// in both, and reads skip the copies.
public sealed partial class NodeGrain
{
    /// <summary>The most history entries the node's state carries before older ones move to the archive.</summary>
    internal const int HistoryInState = 16;

    // How many of the newest entries stay in the state when older ones move.
    private const int HistoryKeptInState = 4;

    /// <inheritdoc />
    public Task<IReadOnlyList<NodeHistoryEntry>> History()
    {
        var current = Existing();
        var all = Merge(archive.State.Entries, current.History);
        var capacity = _options.HistoryCapacity;
        return Task.FromResult<IReadOnlyList<NodeHistoryEntry>>(all.Count > capacity ? all.GetRange(all.Count - capacity, capacity) : all);
    }

    // Called by Save before the state's write: moves the older entries to the archive when the state holds too many.
    private async Task<NodeState> ArchiveHistory(NodeState state)
    {
        if (state.History.Count <= HistoryInState)
        {
            return state;
        }

        var moving = state.History.Count - HistoryKeptInState;
        var entries = Merge(archive.State.Entries, state.History.GetRange(0, moving));
        // The state keeps HistoryKeptInState entries, so the archive needs no more than the rest of the capacity.
        var room = Math.Max(0, _options.HistoryCapacity - HistoryKeptInState);
        if (entries.Count > room)
        {
            entries = entries.RemoveRange(0, entries.Count - room);
        }

        archive.State = archive.State with { Entries = entries };
        await archive.WriteStateAsync();
        return state with { History = state.History.RemoveRange(0, moving) };
    }

    // The archive followed by the state's entries it does not hold yet (a failed state write can leave copies).
    private static ImmutableList<NodeHistoryEntry> Merge(ImmutableList<NodeHistoryEntry> archived, ImmutableList<NodeHistoryEntry> recent)
    {
        if (archived.IsEmpty)
        {
            return recent;
        }

        var last = archived[^1];
        var copied = recent.LastIndexOf(last);
        return copied < 0 ? archived.AddRange(recent) : archived.AddRange(recent.GetRange(copied + 1, recent.Count - copied - 1));
    }
}
