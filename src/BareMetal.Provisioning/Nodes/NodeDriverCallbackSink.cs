using BareMetal.Contracts.Nodes;
using BareMetal.Provisioning.Drivers;

namespace BareMetal.Provisioning.Nodes;

/// <summary>
/// Routes driver agent callbacks to the node grain named in the step token. Heartbeats are dropped: the
/// node keeps no per-step liveness yet, and a turn per heartbeat would be wasted. A report is sent again while the
/// node cannot take it (see <see cref="NodeDriverWork.DeliverReportAsync"/>); the agent is told only once every
/// attempt failed.
/// </summary>
public sealed class NodeDriverCallbackSink(IGrainFactory grainFactory, NodeDriverWork driverWork) : IDriverCallbackSink
{
    /// <inheritdoc />
    public Task ReportAsync(DriverCallback callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var token = callback.Token;
        NodeStepReport? report = callback.Kind switch
        {
            DriverCallbackKind.Done => new(token.OperationId, token.Step, token.Attempt, NodeStepOutcome.Done),
            DriverCallbackKind.Failed => new(token.OperationId, token.Step, token.Attempt, NodeStepOutcome.Failed, callback.Message),
            _ => null,
        };
        return report is null
            ? Task.CompletedTask
            : driverWork.DeliverReportAsync(grainFactory.GetResolvedGrain<INodeGrain>(token.NodeId), token.NodeId, report, cancellationToken);
    }
}
