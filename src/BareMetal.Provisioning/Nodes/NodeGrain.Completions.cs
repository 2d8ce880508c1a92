using BareMetal.Contracts.Operations;

namespace BareMetal.Provisioning.Nodes;

// Operation completions: queued in the node's state by the turn that decides them and sent to the operation
// grains only after that state is written (see OperationCompletion).
public sealed partial class NodeGrain
{
    private static NodeState Complete(NodeState state, string operationId, OperationStatus status, string? result, string? error) =>
        state with { PendingCompletions = state.PendingCompletions.Add(new OperationCompletion(operationId, status, result, error)) };

    // After a write: tells each operation how it ended. One that cannot be told now stays pending and is sent
    // again after the next write or the next activation.
    private async Task SendCompletions()
    {
        var pending = node.State.PendingCompletions;
        if (pending.IsEmpty)
        {
            return;
        }

        var unsent = pending;
        foreach (var completion in pending)
        {
            try
            {
                await Operation(completion.OperationId).Complete(completion.Status, completion.Result, completion.Error);
                unsent = unsent.Remove(completion);
            }
#pragma warning disable CA1031 // Kept and retried: the node's write already made the outcome durable.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogCompletionNotSent(Id, completion.OperationId, exception);
            }
        }

        // Only memory changes here; the next write persists the shorter list.
        node.State = node.State with { PendingCompletions = unsent };
    }
}
