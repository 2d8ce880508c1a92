namespace BareMetal.Provisioning.Fleet;

/// <summary>The durable state of one node name: the node holding it, if any.</summary>
public sealed record NodeNameState
{
    /// <summary>The node holding the name; null when the name is free.</summary>
    public string? NodeId { get; init; }
}
