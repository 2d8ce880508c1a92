namespace BareMetal.Contracts.Nodes;

/// <summary>
/// A request on a node was refused and nothing changed: the state machine does not allow it, it
/// conflicts with a pending operation, or the enrollment is invalid. The message names the reason.
/// </summary>
[GenerateSerializer, Alias("baremetal.NodeRequestRefusedException")]
public sealed class NodeRequestRefusedException : InvalidOperationException
{
    /// <summary>Creates the exception with a message only (used when it is rebuilt from the wire).</summary>
    public NodeRequestRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public NodeRequestRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with the default message.</summary>
    public NodeRequestRefusedException()
        : base("The request was refused.")
    {
    }

    /// <summary>Creates the exception for a refused request.</summary>
    /// <param name="nodeId">The node.</param>
    /// <param name="request">What was asked ("deploy", "enroll", ...).</param>
    /// <param name="reason">Why it was refused.</param>
    /// <param name="conflictingOperationId">The pending operation it conflicts with, if that is the reason.</param>
    public NodeRequestRefusedException(string nodeId, string request, string reason, string? conflictingOperationId = null)
        : base($"Node {nodeId} refused {request}: {reason}")
    {
        NodeId = nodeId;
        Reason = reason;
        ConflictingOperationId = conflictingOperationId;
    }

    /// <summary>The node (null when rebuilt from a message only).</summary>
    [Id(0)]
    public string? NodeId { get; }

    /// <summary>Why the request was refused (null when rebuilt from a message only).</summary>
    [Id(1)]
    public string? Reason { get; }

    /// <summary>The pending operation the request conflicts with, if that is the reason.</summary>
    [Id(2)]
    public string? ConflictingOperationId { get; }
}
