using BareMetal.Contracts.Nodes;
using BareMetal.Contracts.Operations;

namespace BareMetal.Provisioning.Operations;

// Reconciliation with the node, the authority on its operations. While an activation holds an unfinished operation,
// a timer asks the node where it stands once the operation is older than FleetOptions.OperationReconcileAfter, and
// again every such period: an operation the node never recorded (created while a silo was lost, before the node's
// write) fails with an error that says so; one the node ended gets that end. The ask runs outside the write gate, so
// the node may tell the operation its end (through Complete) while answering.
public sealed partial class OperationGrain
{
    /// <summary>The error of an operation its node never recorded.</summary>
    public const string UnknownToNodeError = "the node never recorded this operation: the request was interrupted by the loss of a silo before the node accepted it; send it again";

    /// <summary>The error of an operation its node ended without keeping how.</summary>
    public const string OutcomeLostError = "the node ended this operation but its outcome was lost";

    private IGrainTimer? _reconcileTimer;

    // Called after every load and write: the timer runs while the operation is unfinished.
    private void FollowReconcile()
    {
        var current = Stored.State;
        if (!current.Exists || current.Status.IsTerminal())
        {
            _reconcileTimer?.Dispose();
            _reconcileTimer = null;
            return;
        }

        if (_reconcileTimer is not null)
        {
            return;
        }

        var period = fleetOptions.Value.OperationReconcileAfter;
        var due = current.CreatedAt + period - timeProvider.GetUtcNow();
        _reconcileTimer = this.RegisterGrainTimer(_ => AskNode(), due > TimeSpan.Zero ? due : TimeSpan.Zero, period);
    }

    /// <inheritdoc />
    public async Task Reconcile()
    {
        await Loaded();
        var current = Stored.State;
        if (!current.Exists)
        {
            return;
        }

        await PublishToIndex(ToView(current));
        if (!current.Status.IsTerminal() && timeProvider.GetUtcNow() - current.CreatedAt >= fleetOptions.Value.OperationReconcileAfter)
        {
            await AskNode();
        }
    }

    private async Task AskNode()
    {
        var current = Stored.State;
        if (!current.Exists || current.Status.IsTerminal() || current.Request is not { } request)
        {
            return;
        }

        NodeOperationFate fate;
        try
        {
            fate = await GrainFactory.GetResolvedGrain<INodeGrain>(request.NodeId).OperationFate(Id);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Asked again at the next tick.
            LogReconcileFailed(Id, request.NodeId, exception);
            return;
        }

        switch (fate.Standing)
        {
            case NodeOperationStanding.Unknown:
                await Exclusive(() => EndAsTheNodeSays(OperationStatus.Failed, null, UnknownToNodeError));
                break;
            case NodeOperationStanding.Finished:
                var status = fate.Status ?? OperationStatus.Failed;
                await Exclusive(() => EndAsTheNodeSays(status, fate.Result, status == OperationStatus.Succeeded ? null : fate.Error ?? OutcomeLostError));
                break;
        }
    }

    // The node's answer is authoritative: the end is written from queued or running alike; an operation that ended
    // meanwhile (the node told it while answering) keeps its end.
    private async Task EndAsTheNodeSays(OperationStatus status, string? result, string? error)
    {
        var current = Stored.State;
        if (current.Status.IsTerminal())
        {
            return;
        }

        LogReconciled(Id, current.Status, status, error);
        var now = timeProvider.GetUtcNow();
        await Commit(current with
        {
            Status = status,
            StartedAt = current.StartedAt ?? (status == OperationStatus.Succeeded ? now : null),
            Result = result,
            Error = error,
            EndedAt = now,
        });
    }
}
