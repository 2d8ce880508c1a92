using System.Collections.Concurrent;
using BareMetal.Contracts.Nodes;
using BareMetal.Provisioning.Nodes;

namespace BareMetal.Provisioning.Tests.Nodes;

/// <summary>Remembers which nodes were reported removed, so tests can check that a delete tells the fleet.</summary>
public sealed class RecordingNodeChangeObserver : INodeChangeObserver
{
    private readonly ConcurrentDictionary<string, int> _removed = new(StringComparer.Ordinal);

    /// <summary>How many times <paramref name="nodeId"/> was reported removed.</summary>
    public int RemovedCount(string nodeId) => _removed.GetValueOrDefault(nodeId);

    public Task NodeChanged(NodeView node) => Task.CompletedTask;

    public Task NodeRemoved(string nodeId)
    {
        _removed.AddOrUpdate(nodeId, 1, (_, count) => count + 1);
        return Task.CompletedTask;
    }
}
