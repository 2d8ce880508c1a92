namespace BareMetal.Provisioning.Tests.Nodes;

/// <summary>A power-sync cluster that accepts the hardware's power state on drift instead of restoring the recorded one.</summary>
public sealed class NodePowerSyncAcceptingClusterFixture : NodePowerSyncClusterFixture
{
    protected override bool EnforcePowerState => false;
}
