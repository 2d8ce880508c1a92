using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;
using BareMetal.Provisioning.StateMachine;

namespace BareMetal.Provisioning.Nodes;

// Cancelling: a queued operation leaves the queue; a running one stops when its step can be interrupted (the
// driver call is cancelled through the step's token, the node moves to the verb's failure state as Ironic's
// abort does). Tokens live in this activation only: after a move to another silo a running step cannot be
// interrupted any more, but it is still bounded by its step timeout.
public sealed partial class NodeGrain
{
    private readonly Dictionary<string, CancellationTokenSource> _stepCancellations = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task<CancelOutcome> Cancel(string operationId, string? reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operationId);
        var current = Existing();
        var index = current.Queue.FindIndex(p => p.OperationId == operationId);
        if (index < 0)
        {
            if (IsRecentOperation(current, operationId))
            {
                // A finished operation of this node cannot be cancelled: "already Succeeded".
                return await FinishedOperationAnswer(current, operationId);
            }

            throw new NodeRequestRefusedException(Id, "cancel", $"operation {operationId} is not pending on node {Id}");
        }

        // The node's queue decides whether a pending operation can be cancelled, and the operation is told through
        // the outbox after the node's write, like every other end: a cancel is answered, and the node's turn ends,
        // even while the operation's grain does not answer (its silo froze).
        var pending = current.Queue[index];
        var why = reason is null ? "cancelled" : $"cancelled: {reason}";
        if (index > 0)
        {
            var queued = Complete(current with { Queue = current.Queue.RemoveAt(index) }, operationId, OperationStatus.Cancelled, null, why);
            queued = Record(queued, "cancelled", $"{pending.Action.ToWireName()} {why} while queued", operationId: operationId, traceId: pending.TraceId);
            await Save(queued);
            return new CancelOutcome(true, OperationStatus.Cancelled, "cancelled while queued");
        }

        if (current.Step is not { } step)
        {
            return new CancelOutcome(false, OperationStatus.Running, "the operation has no step in flight");
        }

        if (Interruptible(step) is { } notNow)
        {
            return new CancelOutcome(false, OperationStatus.Running, notNow);
        }

        CancelRunningStep(operationId);
        var next = current with { LastError = why };
        if (pending.Verb is not null)
        {
            var failure = ProvisionStateMachine.IsAllowed(next.ProvisionState, ProvisionEvent.Abort) ? ProvisionEvent.Abort : ProvisionEvent.Fail;
            if (ProvisionStateMachine.IsAllowed(next.ProvisionState, failure))
            {
                next = Transition(next, failure, operationId);
            }
        }

        var starts = new List<NodeStep>();
        next = await Finish(next, OperationStatus.Cancelled, why, starts);
        await Save(next);
        Launch(starts);
        return new CancelOutcome(true, OperationStatus.Cancelled, why);
    }

    // A finished operation's status comes from the node's outbox while the operation has not acknowledged its end
    // yet, otherwise from a read (see AnswerWithin). Never from the operation's Cancel: that one asks the node while
    // the operation is unfinished, and an end still in the outbox would send the two asking each other.
    private async Task<CancelOutcome> FinishedOperationAnswer(NodeState current, string operationId)
    {
        var status = current.PendingCompletions.FirstOrDefault(c => c.OperationId == operationId)?.Status
            ?? (await AnswerWithin(Operation(operationId).Get(), operationId)).Status;
        return new CancelOutcome(false, status, $"already {status}");
    }

    // Null when the step can be interrupted; otherwise why not. Steps that hand work to the hardware for good
    // (an image being written, a tear-down, the final power-on of a deploy) must be let finish or time out.
    private static string? Interruptible(NodeStep step) => step.Kind switch
    {
        NodeStepKind.WriteImage => "the image write was handed to the deploy agent and cannot be interrupted; wait for it or for the deploy timeout",
        NodeStepKind.PowerOn => "the deployed node is being powered on; the deploy finishes with it",
        NodeStepKind.TearDown => "tearing down cannot be interrupted without leaving the node half torn down",
        _ => null,
    };

    // A fresh token for a step about to run; the previous step of the operation has reported, so its token is done.
    private CancellationToken StepCancellation(NodeStep step)
    {
        var cancellation = new CancellationTokenSource();
        _stepCancellations[step.OperationId] = cancellation;
        return cancellation.Token;
    }

    private void CancelRunningStep(string operationId)
    {
        if (_stepCancellations.Remove(operationId, out var cancellation))
        {
            cancellation.Cancel();
        }
    }
}
