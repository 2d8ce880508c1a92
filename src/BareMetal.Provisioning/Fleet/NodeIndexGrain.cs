using BareMetal.Contracts.Fleet;
using BareMetal.Contracts.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Provisioning.Fleet;

/// <summary>
/// See <see cref="INodeIndexGrain"/>. The in-memory view changes at once (a listing right after a change sees
/// it); the persisted copy is written at most once per <see cref="FleetOptions.IndexFlushInterval"/> and on
/// deactivation, so thousands of node changes per second do not each rewrite the shard.
/// </summary>
/// <remarks>
/// Crash window: changes recorded since the last flush are lost when the silo dies. The index is a read model:
/// each node grain publishes its full view again on its next change, and <see cref="FleetQueries.ResolveNodeAsync"/>
/// falls back to the node grain. The change feed's sequence jumps by <see cref="SequenceGapOnActivation"/> when the
/// shard is activated again, so a reader that saw lost changes is told it is behind (Truncated) instead of
/// silently missing the changes that reuse their numbers.
/// Reentrant so that change-feed long-polls wait without holding writers back; no write awaits between reading
/// and changing the in-memory maps, so turns still never see each other's halves.
/// </remarks>
[GrainType("nodeindex")]
[Reentrant]
public sealed partial class NodeIndexGrain(
    [PersistentState("nodeindex")] IPersistentState<NodeIndexState> state,
    IOptions<FleetOptions> options,
    TimeProvider timeProvider,
    ILogger<NodeIndexGrain> logger) : Grain, INodeIndexGrain, INodeIndexRecorder
{
    /// <summary>More than any shard records between two flushes.</summary>
    public const long SequenceGapOnActivation = 1_000_000_000;

    private readonly FleetOptions _options = options.Value;
    private readonly Dictionary<string, NodeView> _nodes = new(StringComparer.Ordinal);
    private readonly SortedSet<NodeSortKey> _order = [];
    private readonly Queue<FleetChange> _recent = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sequence;
    private bool _dirty;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var node in state.State.Nodes)
        {
            Put(node);
        }

        _sequence = state.State.Sequence + (state.RecordExists ? SequenceGapOnActivation : 0);
        this.RegisterGrainTimer(_ => Flush(), _options.IndexFlushInterval, _options.IndexFlushInterval);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Flush();

    /// <inheritdoc />
    public Task Upsert(NodeView node) => Record(node);

    /// <inheritdoc />
    public Task<ReplacedNodeView?> Record(NodeView node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var previous = _nodes.GetValueOrDefault(node.Id);
        if (previous is not null && previous.Version >= node.Version)
        {
            return Task.FromResult<ReplacedNodeView?>(null);
        }

        if (previous is not null && previous.CreatedAt == node.CreatedAt)
        {
            // The usual change: the node keeps its place in the order, only its view is replaced.
            _nodes[node.Id] = node;
        }
        else
        {
            if (previous is not null)
            {
                _order.Remove(new NodeSortKey(previous.CreatedAt, previous.Id));
            }

            Put(node);
        }

        Changed(node.Id, node);
        return Task.FromResult(previous is null ? null : new ReplacedNodeView(previous));
    }

    /// <inheritdoc />
    public Task Remove(string nodeId)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        if (_nodes.Remove(nodeId, out var previous))
        {
            _order.Remove(new NodeSortKey(previous.CreatedAt, previous.Id));
            Changed(nodeId, null);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<NodeView?> Find(string nodeId) => Task.FromResult(_nodes.GetValueOrDefault(nodeId));

    /// <inheritdoc />
    public Task<IReadOnlyList<NodeView>> Query(NodeQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        NodeSortKey? after = null;
        if (query.After is not null)
        {
            after = NodeCursor.TryDecode(query.After, out var at, out var id)
                ? new NodeSortKey(at, id)
                : throw new ArgumentException($"after: the cursor '{query.After}' is not valid.", nameof(query));
        }

        var page = new List<NodeView>(Math.Min(query.Limit, _nodes.Count));
        IEnumerable<NodeSortKey> keys = after is { } start && _order.Count > 0 && start.CompareTo(_order.Max) < 0
            ? _order.GetViewBetween(start, _order.Max)
            : after is null ? _order : [];
        foreach (var key in keys)
        {
            if (after is { } skip && key.CompareTo(skip) <= 0)
            {
                continue;
            }

            var node = _nodes[key.Id];
            if (Matches(node, query))
            {
                page.Add(node);
                if (page.Count == query.Limit)
                {
                    break;
                }
            }
        }

        return Task.FromResult<IReadOnlyList<NodeView>>(page);
    }

    /// <inheritdoc />
    public Task<FleetCounts> Counts()
    {
        var byProvision = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var byPower = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int maintenance = 0, withError = 0, pending = 0;
        foreach (var node in _nodes.Values)
        {
            var provision = node.ProvisionState.ToIronicName();
            byProvision[provision] = byProvision.GetValueOrDefault(provision) + 1;
            var power = node.PowerState.ToIronicName() ?? "none";
            byPower[power] = byPower.GetValueOrDefault(power) + 1;
            maintenance += node.Maintenance ? 1 : 0;
            withError += node.LastError is null ? 0 : 1;
            pending += node.PendingOperationIds.Count;
        }

        return Task.FromResult(new FleetCounts(_nodes.Count, byProvision, byPower, maintenance, withError, pending));
    }

    /// <inheritdoc />
    public async Task<FleetChangeBatch> Changes(long afterSequence, TimeSpan wait)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero);
        if (afterSequence == _sequence && wait > TimeSpan.Zero)
        {
            // Interleaves with writes: the next recorded change completes this wait.
            var bounded = wait < _options.MaxChangeWait ? wait : _options.MaxChangeWait;
            await Task.WhenAny(_changed.Task, Task.Delay(bounded, timeProvider));
        }

        var first = _recent.Count > 0 ? _recent.Peek().Sequence : _sequence + 1;
        // Behind the ring, or ahead of a shard that lost unflushed changes: the caller must re-read the fleet.
        var truncated = afterSequence < first - 1 || afterSequence > _sequence;
        var changes = truncated ? _recent.ToList() : _recent.Where(c => c.Sequence > afterSequence).ToList();
        return new FleetChangeBatch(changes, _sequence, truncated);
    }

    private static bool Matches(NodeView node, NodeQuery query) =>
        (query.ProvisionState is not { } provision || node.ProvisionState == provision)
        && (query.PowerState is not { } power || node.PowerState == power)
        && (query.Maintenance is not { } maintenance || node.Maintenance == maintenance)
        && (query.ResourceClass is null || string.Equals(node.ResourceClass, query.ResourceClass, StringComparison.Ordinal))
        && (query.Owner is null || string.Equals(node.Owner, query.Owner, StringComparison.Ordinal))
        && (query.Driver is null || string.Equals(node.Driver, query.Driver, StringComparison.Ordinal))
        && (string.IsNullOrEmpty(query.Search)
            || node.Id.Contains(query.Search, StringComparison.OrdinalIgnoreCase)
            || node.Name.Contains(query.Search, StringComparison.OrdinalIgnoreCase));

    private void Put(NodeView node)
    {
        _nodes[node.Id] = node;
        _order.Add(new NodeSortKey(node.CreatedAt, node.Id));
    }

    private void Changed(string nodeId, NodeView? node)
    {
        _dirty = true;
        _recent.Enqueue(new FleetChange(++_sequence, nodeId, node, timeProvider.GetUtcNow()));
        while (_recent.Count > _options.ChangeFeedCapacity)
        {
            _recent.Dequeue();
        }

        var changed = _changed;
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        changed.TrySetResult();
    }

    private async Task Flush()
    {
        if (!_dirty)
        {
            return;
        }

        _dirty = false;
        state.State = new NodeIndexState { Nodes = [.. _nodes.Values], Sequence = _sequence };
        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException exception)
        {
            // Another activation of this shard wrote meanwhile (a silo was declared dead while alive). Take its newer
            // views and write again at the next tick: both activations converge on the newest version of each node.
            LogFlushConflict(this.GetPrimaryKeyString(), exception);
            await state.ReadStateAsync();
            foreach (var node in state.State.Nodes)
            {
                if (!_nodes.TryGetValue(node.Id, out var held) || held.Version < node.Version)
                {
                    if (held is not null)
                    {
                        _order.Remove(new NodeSortKey(held.CreatedAt, held.Id));
                    }

                    Put(node);
                }
            }

            _dirty = true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFlushFailed(this.GetPrimaryKeyString(), exception);
            _dirty = true;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node index {Shard} was written by another activation; merged and writing again")]
    private partial void LogFlushConflict(string shard, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Node index {Shard} could not be written; retrying at the next flush")]
    private partial void LogFlushFailed(string shard, Exception exception);
}
