namespace BareMetal.Contracts.Nodes;

/// <summary>The node was never enrolled.</summary>
[GenerateSerializer, Alias("baremetal.NodeNotFoundException")]
public sealed class NodeNotFoundException : InvalidOperationException
{
    /// <summary>Creates the exception with a message only (used when it is rebuilt from the wire).</summary>
    public NodeNotFoundException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public NodeNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the default message.</summary>
    public NodeNotFoundException()
        : base("The node is not enrolled.")
    {
    }

    /// <summary>Creates the exception for a node id.</summary>
    /// <param name="nodeId">The node.</param>
    /// <returns>The exception.</returns>
    public static NodeNotFoundException ForNode(string nodeId) => new($"Node {nodeId} is not enrolled.") { NodeId = nodeId };

    /// <summary>The node (null when rebuilt from a message only).</summary>
    [Id(0)]
    public string? NodeId { get; private init; }
}
