using BareMetal.Contracts.Nodes;
using BareMetal.Drivers.Ipmi;
using BareMetal.Provisioning.Drivers;
using BareMetal.TestInfrastructure;

namespace BareMetal.Drivers.Tests.Ipmi;

/// <summary>The in-process IPMI v2.0 client reads power from a real BMC simulator (ipmi_sim) without starting ipmitool.</summary>
public sealed class IpmiNativeClientTests
{
    [Fact]
    public async Task PowerStatus_FollowsChangesMadeWithIpmitoolAtTheBmc_OverOneSession()
    {
        await using var bmc = await IpmiSimulator.StartNewAsync();
        await using var harness = new IpmiDriverHarness();
        var node = IpmiDriverHarness.Node(bmc);
        var power = harness.Driver.Power;

        Assert.Equal(PowerState.Off, await power.GetPowerStateAsync(node, CancellationToken.None));
        await bmc.SetPowerBehindTheBackAsync(on: true);
        Assert.Equal(PowerState.On, await power.GetPowerStateAsync(node, CancellationToken.None));
        await bmc.SetPowerBehindTheBackAsync(on: false);
        Assert.Equal(PowerState.Off, await power.GetPowerStateAsync(node, CancellationToken.None));

        Assert.Equal(0, harness.Runner.ProcessesStarted);
        Assert.Equal(3, harness.Lan.PowerReads);
        Assert.Equal(1, harness.Lan.SessionsOpened);
    }
}
