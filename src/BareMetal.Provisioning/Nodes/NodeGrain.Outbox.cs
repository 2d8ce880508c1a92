using BareMetal.Contracts.Operations;

namespace BareMetal.Provisioning.Nodes;

// The node's outbox: what a turn decides about an operation (a step started, how it ended) is queued in the node's
// state by that turn and sent to the operation grain only after the state is written; the node's events (see
// NodeGrain.Events) go the same way to the event sinks. A turn therefore never fails because an operation grain is
// unreachable (its silo just died), and the decision is never lost: it is sent again, with backoff, until the
// operation acknowledges it, by this activation's retry timer, by the step-watch reminder, and by the next
// activation. The operation grain applies each update once, however often it arrives.
public sealed partial class NodeGrain
{
    private static readonly TimeSpan s_firstOutboxRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_longestOutboxRetry = TimeSpan.FromSeconds(30);

    private IGrainTimer? _outboxTimer;
    private TimeSpan _outboxRetry = s_firstOutboxRetry;

    // Operations that did not answer an update within SideCallTimeout, with that call still in flight (their silo froze,
    // say). Rounds neither send to them again nor wait for them until the call ends, so an operation that does not
    // answer costs the node's turns one wait, not one at every write.
    private readonly Dictionary<string, Task> _unansweredOperations = new(StringComparer.Ordinal);

    private static NodeState Complete(NodeState state, string operationId, OperationStatus status, string? result, string? error) =>
        state with { PendingCompletions = state.PendingCompletions.Add(new OperationCompletion(operationId, status, result, error)) };

    private static NodeState Advance(NodeState state, string operationId, OperationStepUpdate update) =>
        state with { PendingAdvances = state.PendingAdvances.Add(new OperationAdvance(operationId, update)) };

    // After a write: sends what the operations have not acknowledged and raises the node's events (NodeGrain.Events).
    // What cannot be sent now is kept and sent again after the next write, the next retry tick or the next activation.
    // The events go out alongside the write's index call and the operations' updates: nothing orders them after either,
    // and each kind of call may wait SideCallTimeout, so a frozen silo costs a write one wait per kind, not one more.
    // The operations are told after the index (a client that sees its operation end then lists the node as it ended).
    private async Task SendOutbox(Task? indexing = null)
    {
        var raising = RaiseEvents();
        if (indexing is not null)
        {
            await indexing;
        }

        await SendOperationUpdates();
        await raising;
        ScheduleOutboxRetry();
    }

    // In order per operation: an operation whose advance could not be sent gets nothing later this round, so it never
    // sees its end before its step.
    private async Task SendOperationUpdates()
    {
        var current = node.State;
        if (current.PendingAdvances.IsEmpty && current.PendingCompletions.IsEmpty)
        {
            return;
        }

        var held = new HashSet<string>(StringComparer.Ordinal);
        var advances = current.PendingAdvances;
        foreach (var advance in current.PendingAdvances)
        {
            if (!held.Contains(advance.OperationId) && await Delivered(advance.OperationId, o => o.Advance(advance.Update)))
            {
                advances = advances.Remove(advance);
            }
            else
            {
                held.Add(advance.OperationId);
            }
        }

        var completions = current.PendingCompletions;
        foreach (var completion in current.PendingCompletions)
        {
            if (!held.Contains(completion.OperationId) && await Delivered(completion.OperationId, o => o.Complete(completion.Status, completion.Result, completion.Error)))
            {
                completions = completions.Remove(completion);
            }
        }

        foreach (var settled in _unansweredOperations.Keys.Where(o => !advances.Any(a => a.OperationId == o) && !completions.Any(c => c.OperationId == o)).ToList())
        {
            _unansweredOperations.Remove(settled);
        }

        // Only memory changes here; the next write persists the shorter lists (sending one again is harmless).
        node.State = node.State with { PendingAdvances = advances, PendingCompletions = completions };
    }

    // True when the operation acknowledged the update, or refused it because it already ended or never existed:
    // nothing more can be told to it then.
    private async Task<bool> Delivered(string operationId, Func<IOperationGrain, Task> send)
    {
        if (_unansweredOperations.TryGetValue(operationId, out var earlier))
        {
            if (!earlier.IsCompleted)
            {
                return false;
            }

            _unansweredOperations.Remove(operationId);
        }

        try
        {
            var call = send(Operation(operationId));
            if (await SideCall.EndedWithin(call, _options.SideCallTimeout))
            {
                return true;
            }

            _unansweredOperations[operationId] = call;
            RetryOutboxOnceEnded(call);
            LogOutboxNotWaitedFor(Id, operationId, _options.SideCallTimeout);
            return false;
        }
        catch (OperationStateException exception)
        {
            LogOutboxRefused(Id, operationId, exception.Message);
            return true;
        }
#pragma warning disable CA1031 // Kept and retried: the node's write already made the update durable.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogOutboxNotSent(Id, operationId, exception);
            return false;
        }
    }

    // When a call that was not waited for ends, the next round comes at once: the update it carried may have been
    // acknowledged (sending it again is harmless), or it failed and is to be sent again now that the operation may
    // have moved to a live silo. Runs on the activation's scheduler, between turns, and only moves the retry timer.
    private void RetryOutboxOnceEnded(Task call) =>
        _ = call.ContinueWith(
            _ =>
            {
                _outboxRetry = s_firstOutboxRetry;
                _outboxTimer?.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Current);

    // One retry at a time, backing off from 1 s to 30 s while the operations or event sinks stay unreachable.
    private void ScheduleOutboxRetry()
    {
        var state = node.State;
        if (state.PendingAdvances.IsEmpty && state.PendingCompletions.IsEmpty && state.PendingEvents.IsEmpty)
        {
            _outboxTimer?.Dispose();
            _outboxTimer = null;
            _outboxRetry = s_firstOutboxRetry;
            return;
        }

        if (_outboxTimer is not null)
        {
            return;
        }

        var due = _outboxRetry;
        _outboxRetry = TimeSpan.FromTicks(Math.Min(_outboxRetry.Ticks * 2, s_longestOutboxRetry.Ticks));
        _outboxTimer = this.RegisterGrainTimer(
            _ =>
            {
                _outboxTimer?.Dispose();
                _outboxTimer = null;
                return SendOutbox();
            },
            due,
            Timeout.InfiniteTimeSpan);
    }
}
