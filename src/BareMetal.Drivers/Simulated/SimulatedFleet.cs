using System.Collections.Concurrent;
using BareMetal.Contracts.Nodes;

namespace BareMetal.Drivers.Simulated;

/// <summary>The simulated BMCs, one per node id, created on first use.</summary>
/// <param name="initialPowerState">The power state of a BMC when it is created.</param>
public sealed class SimulatedFleet(PowerState initialPowerState = PowerState.Off)
{
    private readonly ConcurrentDictionary<string, SimulatedBmc> _bmcs = new(StringComparer.Ordinal);

    /// <summary>The BMC of <paramref name="nodeId"/>, created if it does not exist yet.</summary>
    public SimulatedBmc this[string nodeId] => _bmcs.GetOrAdd(nodeId, static (id, power) => new SimulatedBmc(id, power), initialPowerState);

    /// <summary>The ids of the nodes that have a BMC.</summary>
    public IReadOnlyCollection<string> NodeIds => [.. _bmcs.Keys];
}
