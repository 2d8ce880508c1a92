using System.Collections.Immutable;
using BareMetal.Contracts.Nodes;
using BareMetal.Provisioning.Persistence;

namespace BareMetal.Provisioning.Nodes;

// History and recent-operation storage. Every change writes the node's state, so the state carries only the newest
// history entries and operation ids. Older history leaves the state a page at a time: a full page is written once,
// into slot (page number modulo the slot count), so a page a capacity's worth later overwrites it and the stored
// history stays bounded without ever rewriting what is already stored. The page is written before the state that
// no longer holds its entries; the state counts the pages written, and reads take only pages below that count, so
// a state write that fails after its page leaves nothing twice (the next attempt writes the same page number again).
// Older operation ids move to the archive state in batches, for the same reason.
public sealed partial class NodeGrain
{
    /// <summary>How many history entries a page holds.</summary>
    internal const int HistoryPageSize = 12;

    /// <summary>How many of the newest history entries stay in the state when a page leaves it.</summary>
    internal const int HistoryKeptInState = 4;

    // The state carries up to this many operation ids, then the oldest move to the archive, leaving RecentOperationsInState.
    private const int RecentOperationsInState = 8;
    private const int RecentOperationsCarried = 2 * RecentOperationsInState;

    private const string HistoryPageStatePrefix = "history-page-";

    // Page states of this activation by slot, with the ETag each last read or wrote.
    private readonly Dictionary<int, IPersistentState<NodeHistoryPage>> _historyPages = [];

    // Pages kept: enough that they and the entries the state always keeps fill the capacity.
    private int HistoryPageSlots => Math.Max(1, (_options.HistoryCapacity - HistoryKeptInState + HistoryPageSize - 1) / HistoryPageSize);

    /// <inheritdoc />
    public async Task<IReadOnlyList<NodeHistoryEntry>> History()
    {
        var current = Existing();
        var paged = ImmutableList.CreateBuilder<NodeHistoryEntry>();
        foreach (var page in await ReadHistoryPages(current.HistoryPages))
        {
            paged.AddRange(page.Entries);
        }

        paged.AddRange(current.History);
        var all = Merge(archive.State.Entries, paged.ToImmutable());
        var capacity = _options.HistoryCapacity;
        return all.Count > capacity ? all.GetRange(all.Count - capacity, capacity) : all;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> RecentOperations()
    {
        var current = Existing();
        var all = current.RecentOperations.AddRange(archive.State.Operations);
        var capacity = _options.RecentOperationsCapacity;
        return Task.FromResult<IReadOnlyList<string>>(all.Count > capacity ? all.GetRange(0, capacity) : all);
    }

    private bool IsRecentOperation(NodeState state, string operationId) =>
        state.RecentOperations.Contains(operationId) || archive.State.Operations.Contains(operationId);

    // Called by Save before the state's write: pages out older history and archives older operation ids.
    private async Task<NodeState> ArchiveHistory(NodeState state)
    {
        while (state.History.Count >= HistoryPageSize + HistoryKeptInState)
        {
            var page = new NodeHistoryPage { Number = state.HistoryPages, Entries = state.History.GetRange(0, HistoryPageSize) };
            await WriteHistoryPage(page);
            state = state with { History = state.History.RemoveRange(0, HistoryPageSize), HistoryPages = page.Number + 1 };
        }

        if (state.RecentOperations.Count > RecentOperationsCarried)
        {
            var moving = state.RecentOperations.GetRange(RecentOperationsInState, state.RecentOperations.Count - RecentOperationsInState);
            var operations = moving.AddRange(archive.State.Operations.Where(id => !moving.Contains(id)));
            var room = Math.Max(0, _options.RecentOperationsCapacity - RecentOperationsInState);
            archive.State = archive.State with
            {
                Operations = operations.Count > room ? operations.GetRange(0, room) : operations,
                // Entries archived before pages existed are older than every page: once the pages alone fill the
                // capacity, nothing reads them any more.
                Entries = state.HistoryPages >= HistoryPageSlots ? [] : archive.State.Entries,
            };
            await archive.WriteStateAsync();
            state = state with { RecentOperations = state.RecentOperations.GetRange(0, RecentOperationsInState) };
        }

        return state;
    }

    private async Task WriteHistoryPage(NodeHistoryPage page)
    {
        var slots = HistoryPageSlots;
        var slot = (int)(page.Number % slots);
        var stored = HistoryPageState(slot, out var fresh);

        // A slot below the slot count was never used by a written state, so it is inserted blind; a later one holds an
        // older page whose ETag this activation must know before overwriting it.
        if (fresh && page.Number >= slots)
        {
            await stored.ReadStateAsync();
        }

        stored.State = page;
        try
        {
            await stored.WriteStateAsync();
        }
        catch (InconsistentStateException) when (fresh && page.Number < slots)
        {
            // A page this number was written before the state that counted it failed (or its activation was lost).
            await stored.ReadStateAsync();
            stored.State = page;
            await stored.WriteStateAsync();
        }
    }

    // The pages below the count still kept, oldest first. Read apart from the activation's page states: a history
    // read interleaves with writes, and a page being written (numbered at the count) is left out either way.
    private async Task<List<NodeHistoryPage>> ReadHistoryPages(long written)
    {
        var slots = HistoryPageSlots;
        var first = Math.Max(0, written - slots);
        var reads = new List<Task<NodeHistoryPage?>>();
        for (var number = first; number < written; number++)
        {
            reads.Add(ReadHistoryPage((int)(number % slots)));
        }

        var pages = await Task.WhenAll(reads);
        return [.. pages.OfType<NodeHistoryPage>().Where(p => p.Number >= first && p.Number < written).OrderBy(p => p.Number)];
    }

    private async Task<NodeHistoryPage?> ReadHistoryPage(int slot)
    {
        var page = stateFactory.CreateNamed<NodeHistoryPage>(this, HistoryPageStatePrefix + slot);
        await page.ReadStateAsync();
        return page.RecordExists ? page.State : null;
    }

    // Called by Delete: clears every page slot the node used and its archive.
    private async Task ClearHistoryStorage(NodeState state)
    {
        // The slots are separate rows: cleared side by side, their statements share the storage's round trips.
        var used = (int)Math.Min(state.HistoryPages, HistoryPageSlots);
        var clears = new List<Task>(used + 1);
        for (var slot = 0; slot < used; slot++)
        {
            clears.Add(ClearHistoryPage(HistoryPageState(slot, out var fresh), fresh));
        }

        if (archive.RecordExists)
        {
            clears.Add(archive.ClearStateAsync());
        }

        await Task.WhenAll(clears);
        _historyPages.Clear();
    }

    private static async Task ClearHistoryPage(IPersistentState<NodeHistoryPage> stored, bool fresh)
    {
        if (fresh)
        {
            await stored.ReadStateAsync();
        }

        if (stored.RecordExists)
        {
            await stored.ClearStateAsync();
        }
    }

    private IPersistentState<NodeHistoryPage> HistoryPageState(int slot, out bool fresh)
    {
        fresh = !_historyPages.TryGetValue(slot, out var stored);
        if (stored is null)
        {
            stored = stateFactory.CreateNamed<NodeHistoryPage>(this, HistoryPageStatePrefix + slot);
            _historyPages[slot] = stored;
        }

        return stored;
    }

    // The archive followed by the entries it does not hold yet (a failed state write could leave copies in both).
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
