using BareMetal.Contracts.Fleet;
using BareMetal.Contracts.Nodes;
using BareMetal.Provisioning.Nodes;
using Microsoft.Extensions.Logging;

namespace BareMetal.Provisioning.Fleet;

/// <summary>
/// The silo's <see cref="INodeChangeObserver"/>: records every node change in the node's index shard and raises the
/// node webhook events when the provision or power state changed (compared with the view the shard held before).
/// </summary>
/// <remarks>
/// Failures are logged, not thrown: the node's write already happened, and the index catches up with the node's
/// next change.
/// </remarks>
public sealed partial class FleetIndexObserver(IGrainFactory grains, IEnumerable<INodeEventSink> sinks, ILogger<FleetIndexObserver> logger) : INodeChangeObserver
{
    /// <inheritdoc />
    public async Task NodeChanged(NodeView node)
    {
        ArgumentNullException.ThrowIfNull(node);
        NodeView? previous;
        try
        {
            previous = (await grains.GetResolvedGrain<INodeIndexRecorder>(NodeIndex.ShardKeyOf(node.Id)).Record(node))?.Previous;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogIndexFailed(node.Id, exception);
            return;
        }

        if (previous is null)
        {
            return;
        }

        foreach (var sink in sinks)
        {
            try
            {
                await sink.NodeChanged(previous, node);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogEventsFailed(node.Id, exception);
            }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "The events of node {NodeId} could not be raised")]
    private partial void LogEventsFailed(string nodeId, Exception exception);
}
