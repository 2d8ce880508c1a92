using System.Collections.Concurrent;
using BareMetal.Contracts.Nodes;

namespace BareMetal.Drivers.Simulated;

/// <summary>The simulated BMCs, one per node id, created on first use.</summary>
/// <param name="initialPowerState">The power state of a BMC when it is created.</param>
/// <param name="stateDirectory">
/// Where the hardware of every node lives, shared with other processes (see <see cref="SimulatedStateDirectory"/>);
/// <see langword="null"/> keeps it in this process's memory.
/// </param>
public sealed class SimulatedFleet(PowerState initialPowerState = PowerState.Off, SimulatedStateDirectory? stateDirectory = null)
{
    private readonly ConcurrentDictionary<string, SimulatedBmc> _bmcs = new(StringComparer.Ordinal);

    /// <summary>The shared state directory, when there is one.</summary>
    public SimulatedStateDirectory? StateDirectory => stateDirectory;

    /// <summary>The BMC of <paramref name="nodeId"/>, created if it does not exist yet.</summary>
    public SimulatedBmc this[string nodeId] => _bmcs.GetOrAdd(nodeId, id => new SimulatedBmc(id, initialPowerState, stateDirectory));

    /// <summary>The ids of the nodes that have a BMC.</summary>
    public IReadOnlyCollection<string> NodeIds => [.. _bmcs.Keys];
}
