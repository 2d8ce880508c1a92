
namespace BareMetal.Contracts.Ports;

/// <summary>
/// The fleet's ports (one activation, keyed by <see cref="PortRegistry.Key"/>): a single owner keeps MAC addresses
/// unique without a distributed check, and a port is a few hundred bytes, so tens of thousands fit in one state.
/// </summary>
[Alias("baremetal.IPortRegistryGrain")]
public interface IPortRegistryGrain : IGrainWithStringKey
{
    /// <summary>Adds a port; throws <see cref="PortAddressTakenException"/> when its address (or id) is taken.</summary>
    [Alias("Create")]
    Task<PortRecord> Create(PortRecord port);

    /// <summary>The port with this id, or null.</summary>
    [ReadOnly]
    [Alias("Get")]
    Task<PortRecord?> Get(string portId);

    /// <summary>All ports, or those of one node, ordered by creation time then id.</summary>
    [ReadOnly]
    [Alias("List")]
    Task<IReadOnlyList<PortRecord>> List(string? nodeId);

    /// <summary>Removes a port; false when there was none with this id.</summary>
    [Alias("Delete")]
    Task<bool> Delete(string portId);

    /// <summary>Removes every port of a node (the node was deleted); returns how many.</summary>
    [Alias("DeleteNodePorts")]
    Task<int> DeleteNodePorts(string nodeId);
}
