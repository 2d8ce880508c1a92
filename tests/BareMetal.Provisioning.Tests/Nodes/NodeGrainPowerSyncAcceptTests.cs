using BareMetal.Contracts.Nodes;

namespace BareMetal.Provisioning.Tests.Nodes;

public sealed class NodeGrainPowerSyncAcceptTests(NodePowerSyncAcceptingClusterFixture fixture) : IClassFixture<NodePowerSyncAcceptingClusterFixture>
{
    [Fact]
    public async Task PowerSync_DriftWithoutEnforcement_AcceptsHardwareState()
    {
        var grain = await fixture.EnrollAsync("sync-accept");
        await grain.Request(ProvisionEvent.Manage, null);
        await fixture.WaitForStableAsync(grain, ProvisionState.Manageable);
        await fixture.WaitForAsync(grain, v => v.PowerState == PowerState.Off, "the first power sync");
        var bmc = fixture.Fleet[grain.GetPrimaryKeyString()];

        bmc.DriftPowerState(PowerState.On);
        var view = await fixture.WaitForAsync(grain, v => v.PowerState == PowerState.On, "accepting the hardware's power state");

        Assert.False(view.Maintenance);
        Assert.Equal(PowerState.On, bmc.PowerState);
        var drift = Assert.Single(await grain.History(), h => h.Event == "power-drift");
        Assert.Equal("power drift: recorded power off, hardware power on; hardware state accepted", drift.Message);
    }
}
