using BareMetal.Contracts.Nodes;

namespace BareMetal.Provisioning.Nodes;

/// <summary>The observer used when nothing else is registered: a silo without a fleet index.</summary>
public sealed class NoNodeChangeObserver : INodeChangeObserver
{
    /// <inheritdoc />
    public Task NodeChanged(NodeView node) => Task.CompletedTask;

    /// <inheritdoc />
    public Task NodeRemoved(string nodeId) => Task.CompletedTask;
}
