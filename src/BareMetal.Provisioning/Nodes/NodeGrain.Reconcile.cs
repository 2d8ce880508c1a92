using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;

namespace BareMetal.Provisioning.Nodes;

// Operations reconcile with their node: an operation left unfinished for a while asks the node where it stands, and
// the node's answer decides. A node that never recorded the operation (its request was lost with a silo between the
// operation's creation and the node's write) says so, and the operation fails; a node that ended it tells it again.
public sealed partial class NodeGrain
{
    private static readonly string[] s_endEvents = ["succeeded", "failed", "timed-out", "cancelled"];

    /// <inheritdoc />
    public async Task<NodeOperationFate> OperationFate(string operationId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operationId);
        var current = node.State;
        if (!current.Exists)
        {
            return new NodeOperationFate(NodeOperationStanding.Unknown);
        }

        if (current.Queue.Exists(p => p.OperationId == operationId))
        {
            return new NodeOperationFate(NodeOperationStanding.Pending);
        }

        if (current.PendingCompletions.Find(c => c.OperationId == operationId) is { } end)
        {
            await SendOutbox();
            return new NodeOperationFate(NodeOperationStanding.Finished, end.Status, end.Result, end.Error);
        }

        if (!IsRecentOperation(current, operationId))
        {
            return new NodeOperationFate(NodeOperationStanding.Unknown);
        }

        // Ended and acknowledged long ago; the history entry that recorded the end says how, while the state still holds it.
        var ended = current.History.FindLast(h => h.OperationId == operationId && s_endEvents.Contains(h.Event));
        return ended is null
            ? new NodeOperationFate(NodeOperationStanding.Finished)
            : new NodeOperationFate(NodeOperationStanding.Finished, EndStatus(ended.Event), null, ended.Event == "succeeded" ? null : ended.Message);
    }

    private static OperationStatus EndStatus(string endEvent) => endEvent switch
    {
        "succeeded" => OperationStatus.Succeeded,
        "timed-out" => OperationStatus.TimedOut,
        "cancelled" => OperationStatus.Cancelled,
        _ => OperationStatus.Failed,
    };
}
