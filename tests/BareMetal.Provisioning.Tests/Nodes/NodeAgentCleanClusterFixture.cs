using BareMetal.Drivers.Simulated;

namespace BareMetal.Provisioning.Tests.Nodes;

/// <summary>A node cluster whose simulated cleaning runs in a ramdisk agent, so nodes pass through "clean wait".</summary>
public sealed class NodeAgentCleanClusterFixture : NodeClusterFixture
{
    protected override void ConfigureDrivers(SimulatedDriverOptions options) => options.CleanViaAgent = true;
}
