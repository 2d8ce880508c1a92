using System.Collections.Immutable;
using BareMetal.Contracts.Fleet;
using BareMetal.Contracts.Operations;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BareMetal.Provisioning.Fleet;

/// <summary>
/// See <see cref="IOperationIndexGrain"/>. Like <see cref="NodeIndexGrain"/>, answers from memory and writes at most
/// once per <see cref="FleetOptions.IndexFlushInterval"/>; keeps every unfinished operation and the
/// <see cref="FleetOptions.FinishedOperationsPerShard"/> most recently finished ones in memory, but writes only the
/// unfinished ones and the <see cref="FleetOptions.PersistedFinishedOperationsPerShard"/> most recently finished.
/// </summary>
/// <remarks>
/// Why the write is short: at thousands of operations per second every shard changes every interval, and writing a
/// thousand finished operations each time made the index shards the largest writer of the silo. Finished operations
/// do not change any more and stay readable from their own grains, so after a restart (or a deactivation) the shard
/// lists every unfinished operation and only the short tail of finished ones; the listing fills up again as
/// operations finish. Crash window: views recorded since the last flush are lost with the silo; the operation grain,
/// the source of truth, publishes its view again on its next change, so only an operation that ends without any
/// later change can be shown with an older status here until it is read from its own grain.
/// </remarks>
[GrainType("operationindex")]
public sealed partial class OperationIndexGrain(
    [PersistentState("operationindex")] IPersistentState<OperationIndexState> state,
    IOptions<FleetOptions> options,
    TimeProvider timeProvider,
    ILogger<OperationIndexGrain> logger) : Grain, IOperationIndexGrain
{
    // How many long-unfinished operations one sweep asks to reconcile, and how many sweeps pass before it asks one again.
    private const int SweepBatch = 100;
    private const int SweepRest = 5;

    private readonly FleetOptions _options = options.Value;
    private readonly Dictionary<string, DateTimeOffset> _swept = new(StringComparer.Ordinal);
    private readonly Dictionary<string, OperationView> _operations = new(StringComparer.Ordinal);
    private readonly SortedSet<NodeSortKey> _finished = [];
    private bool _dirty;

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var operation in state.State.Operations)
        {
            Put(operation);
        }

        this.RegisterGrainTimer(_ => Flush(), _options.IndexFlushInterval, _options.IndexFlushInterval);
        // Four sweeps per reconcile period: an operation left unfinished by a lost activation is asked within a
        // quarter period of becoming due, not up to a whole period later. A sweep only reads memory.
        var sweep = _options.OperationReconcileAfter / 4;
        this.RegisterGrainTimer(_ => SweepUnfinished(), sweep, sweep);
        if (state.State.Operations.Any(o => !o.Status.IsTerminal()))
        {
            // A shard that activates again may have lost the views taken since its last flush (its silo died), and an
            // operation that ended in that window would stay listed as unfinished until the sweep reaches it, a
            // minute or more later. Every operation it lists as unfinished is asked for its view at once instead.
            this.RegisterGrainTimer(_ => RefreshUnfinished(), TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }

        return Task.CompletedTask;
    }

    private Task RefreshUnfinished()
    {
        var now = timeProvider.GetUtcNow();
        foreach (var operation in _operations.Values.Where(o => !o.Status.IsTerminal()).ToList())
        {
            _swept[operation.Id] = now;
            GrainFactory.GetResolvedGrain<IOperationGrain>(operation.Id).Reconcile().Ignore();
        }

        return Task.CompletedTask;
    }

    // An operation listed as unfinished for longer than OperationReconcileAfter may be one whose activation was lost
    // with its silo (its end never published here, or its node never recorded it, and nobody reads it): it is asked to
    // publish its view again and to reconcile with its node. Not awaited: the operation answers by calling this shard.
    private Task SweepUnfinished()
    {
        var now = timeProvider.GetUtcNow();
        var old = now - _options.OperationReconcileAfter;
        var rested = now - (_options.OperationReconcileAfter * SweepRest);
        foreach (var id in _swept.Where(s => s.Value < rested || !_operations.TryGetValue(s.Key, out var o) || o.Status.IsTerminal()).Select(s => s.Key).ToList())
        {
            _swept.Remove(id);
        }

        var due = _operations.Values
            .Where(o => !o.Status.IsTerminal() && o.CreatedAt < old && !_swept.ContainsKey(o.Id))
            .OrderBy(o => o.CreatedAt)
            .Take(SweepBatch)
            .ToList();
        foreach (var operation in due)
        {
            _swept[operation.Id] = now;
            GrainFactory.GetResolvedGrain<IOperationGrain>(operation.Id).Reconcile().Ignore();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Flush();

    /// <inheritdoc />
    public Task Upsert(OperationView operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (_operations.TryGetValue(operation.Id, out var held))
        {
            if (held.Version >= operation.Version)
            {
                return Task.CompletedTask;
            }

            if (held.Status.IsTerminal())
            {
                _finished.Remove(FinishedKey(held));
            }
        }

        Put(operation);
        _dirty = true;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OperationView>> Query(OperationQuery query)
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

        IReadOnlyList<OperationView> page = _operations.Values
            .Where(o => (query.NodeId is null || string.Equals(o.NodeId, query.NodeId, StringComparison.Ordinal))
                && (query.Status is not { } status || o.Status == status)
                && (after is not { } before || new NodeSortKey(o.CreatedAt, o.Id).CompareTo(before) < 0))
            .OrderByDescending(o => new NodeSortKey(o.CreatedAt, o.Id))
            .Take(query.Limit)
            .ToList();
        return Task.FromResult(page);
    }

    private static NodeSortKey FinishedKey(OperationView operation) => new(operation.EndedAt ?? operation.CreatedAt, operation.Id);

    private void Put(OperationView operation)
    {
        _operations[operation.Id] = operation;
        if (operation.Status.IsTerminal())
        {
            _finished.Add(FinishedKey(operation));
            while (_finished.Count > _options.FinishedOperationsPerShard)
            {
                var oldest = _finished.Min;
                _finished.Remove(oldest);
                _operations.Remove(oldest.Id);
            }
        }
    }

    /// <summary>Every unfinished operation and the most recently finished ones, up to the persisted tail's length.</summary>
    private ImmutableList<OperationView> PersistedOperations()
    {
        var kept = ImmutableList.CreateBuilder<OperationView>();
        foreach (var operation in _operations.Values)
        {
            if (!operation.Status.IsTerminal())
            {
                kept.Add(operation);
            }
        }

        var tail = _options.PersistedFinishedOperationsPerShard;
        if (tail > 0)
        {
            foreach (var finished in _finished.Reverse())
            {
                if (_operations.TryGetValue(finished.Id, out var operation))
                {
                    kept.Add(operation);
                }

                if (--tail == 0)
                {
                    break;
                }
            }
        }

        return kept.ToImmutable();
    }

    private async Task Flush()
    {
        if (!_dirty)
        {
            return;
        }

        _dirty = false;
        state.State = new OperationIndexState { Operations = PersistedOperations() };
        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException exception)
        {
            // Another activation wrote meanwhile: keep the newer view of each operation and write again next tick.
            LogFlushConflict(this.GetPrimaryKeyString(), exception);
            await state.ReadStateAsync();
            foreach (var operation in state.State.Operations)
            {
                if (!_operations.TryGetValue(operation.Id, out var held) || held.Version < operation.Version)
                {
                    await Upsert(operation);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operation index {Shard} was written by another activation; merged and writing again")]
    private partial void LogFlushConflict(string shard, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operation index {Shard} could not be written; retrying at the next flush")]
    private partial void LogFlushFailed(string shard, Exception exception);
}
