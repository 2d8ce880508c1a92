namespace BareMetal.Contracts.Ports;

/// <summary>One network port (a NIC of a node, known by its MAC address).</summary>
/// <param name="Id">The port's UUID.</param>
/// <param name="NodeId">The node the port belongs to.</param>
/// <param name="Address">The MAC address, lower case with colons ("52:54:00:12:34:56"); unique in the fleet.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it last changed; null when never.</param>
[GenerateSerializer, Alias("baremetal.PortRecord")]
public sealed record PortRecord([property: Id(0)] string Id, [property: Id(1)] string NodeId, [property: Id(2)] string Address, [property: Id(3)] DateTimeOffset CreatedAt, [property: Id(4)] DateTimeOffset? UpdatedAt = null)
{
    /// <summary>Operator metadata.</summary>
    [Id(5)]
    public IReadOnlyDictionary<string, string> Extra { get; init; } = new Dictionary<string, string>();

    /// <summary>The switch port the NIC is wired to (switch_id, port_id, switch_info).</summary>
    [Id(6)]
    public IReadOnlyDictionary<string, string> LocalLinkConnection { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether the node boots over the network through this port.</summary>
    [Id(7)]
    public bool PxeEnabled { get; init; } = true;

    /// <summary>The physical network the port is attached to, if known.</summary>
    [Id(8)]
    public string? PhysicalNetwork { get; init; }

    /// <summary>Whether the port is a smart NIC.</summary>
    [Id(9)]
    public bool IsSmartNic { get; init; }
}
