namespace BareMetal.Contracts.Nodes;

/// <summary>The node already has as many pending operations as it may queue; try again later.</summary>
[GenerateSerializer, Alias("baremetal.NodeQueueFullException")]
public sealed class NodeQueueFullException : InvalidOperationException
{
    /// <summary>Creates the exception with a message only (used when it is rebuilt from the wire).</summary>
    public NodeQueueFullException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public NodeQueueFullException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the default message.</summary>
    public NodeQueueFullException()
        : base("The node's operation queue is full.")
    {
    }

    /// <summary>Creates the exception for a full queue.</summary>
    /// <param name="nodeId">The node.</param>
    /// <param name="capacity">How many operations it may have pending.</param>
    /// <param name="retryAfter">When a retry may succeed.</param>
    public NodeQueueFullException(string nodeId, int capacity, TimeSpan retryAfter)
        : base($"Node {nodeId} already has {capacity} pending operations; retry after {retryAfter.TotalSeconds:0.###} s.")
    {
        NodeId = nodeId;
        Capacity = capacity;
        RetryAfter = retryAfter;
    }

    /// <summary>The node (null when rebuilt from a message only).</summary>
    [Id(0)]
    public string? NodeId { get; }

    /// <summary>How many operations the node may have pending.</summary>
    [Id(1)]
    public int Capacity { get; }

    /// <summary>When a retry may succeed.</summary>
    [Id(2)]
    public TimeSpan RetryAfter { get; }
}
