namespace BareMetal.Contracts.Nodes;

/// <summary>Where an operation stands according to its node, the authority on it.</summary>
public enum NodeOperationStanding
{
    /// <summary>The node never recorded it: the request was lost with a silo before the node wrote it.</summary>
    Unknown,

    /// <summary>Queued or running on the node.</summary>
    Pending,

    /// <summary>The node ended it.</summary>
    Finished,
}
