using BareMetal.Contracts.Fleet;
using BareMetal.Contracts.Nodes;
using BareMetal.Provisioning.Nodes;
using Microsoft.Extensions.Logging;

namespace BareMetal.Provisioning.Fleet;

/// <summary>
/// The silo's <see cref="INodeChangeObserver"/>: records every node change in the node's index shard. (Node events are
/// not raised here but by the node itself, from its own previous state and through its outbox: see
/// <see cref="INodeEventSink"/>.)
/// </summary>
/// <remarks>
/// Failures are logged, not thrown: the node's write already happened, and the index catches up with the node's
/// next change.
/// </remarks>
public sealed partial class FleetIndexObserver(IGrainFactory grains, ILogger<FleetIndexObserver> logger) : INodeChangeObserver
{
    /// <inheritdoc />
    public async Task NodeChanged(NodeView node)
    {
        ArgumentNullException.ThrowIfNull(node);
        try
        {
            // The shard's answer (the view it replaced) is not needed here; Record passes the view by reference.
            await grains.GetResolvedGrain<INodeIndexRecorder>(NodeIndex.ShardKeyOf(node.Id)).Record(node);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogIndexFailed(node.Id, exception);
        }
    }

    /// <inheritdoc />
    public async Task NodeRemoved(string nodeId)
    {
        ArgumentNullException.ThrowIfNull(nodeId);
        try
        {
            await grains.GetResolvedGrain<INodeIndexGrain>(NodeIndex.ShardKeyOf(nodeId)).Remove(nodeId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogIndexFailed(nodeId, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The fleet index could not record node {NodeId}; it catches up at the node's next change")]
    private partial void LogIndexFailed(string nodeId, Exception exception);
}
