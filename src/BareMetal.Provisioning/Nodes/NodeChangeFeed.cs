using BareMetal.Contracts.Nodes;

namespace BareMetal.Provisioning.Nodes;

/// <summary>
/// In-process signal of node changes in this silo: the node grain publishes its view after every write,
/// and waiters (tests, a future watch API) are completed when a view matches their condition, instead of polling.
/// </summary>
public sealed class NodeChangeFeed
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, NodeView> _latest = new(StringComparer.Ordinal);
    private readonly List<Waiter> _waiters = [];

    /// <summary>Records the latest view of a node and completes the waiters it satisfies.</summary>
    public void Publish(NodeView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        List<Waiter> satisfied;
        lock (_gate)
        {
            _latest[view.Id] = view;
            satisfied = _waiters.Where(w => w.NodeId == view.Id && w.Condition(view)).ToList();
            foreach (var waiter in satisfied)
            {
                _waiters.Remove(waiter);
            }
        }

        // Completed outside the lock: continuations may run inline.
        foreach (var waiter in satisfied)
        {
            waiter.Completion.TrySetResult(view);
        }
    }

    /// <summary>Completes with the first published view of <paramref name="nodeId"/> (the latest one included) that satisfies <paramref name="condition"/>.</summary>
    public async Task<NodeView> WaitAsync(string nodeId, Func<NodeView, bool> condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        ArgumentNullException.ThrowIfNull(condition);
        Waiter waiter;
        lock (_gate)
        {
            if (_latest.TryGetValue(nodeId, out var latest) && condition(latest))
            {
                return latest;
            }

            waiter = new Waiter(nodeId, condition, new TaskCompletionSource<NodeView>(TaskCreationOptions.RunContinuationsAsynchronously));
            _waiters.Add(waiter);
        }

        using var registration = cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                _waiters.Remove(waiter);
            }

            waiter.Completion.TrySetCanceled(cancellationToken);
        });
        return await waiter.Completion.Task.ConfigureAwait(false);
    }

    private sealed record Waiter(string NodeId, Func<NodeView, bool> Condition, TaskCompletionSource<NodeView> Completion);
}
