using BareMetal.TestInfrastructure.Redfish;

namespace BareMetal.Api.Ironic.Tests;

/// <summary>With force_power_state_during_sync on, a redfish node's recorded power state is put back on the hardware.</summary>
public sealed class RedfishPowerEnforcementTests(RedfishEnforcingIronicHost host) : IClassFixture<RedfishEnforcingIronicHost>
{
    [Fact]
    public async Task Power_sync_powers_off_a_node_turned_on_behind_its_back()
    {
        await using var bmc = new RedfishService();
        await bmc.StartAsync();
        var uuid = await host.EnrollAndManageAsync(bmc);

        bmc.System.PowerState = "On";

        await host.WaitForNodeAsync(uuid, _ => bmc.System.PowerState == "Off", "power sync restoring power off");
        Assert.Equal(["ForceOff"], bmc.System.Resets);
        var node = await host.WaitForNodeAsync(uuid, n => (string?)n["power_state"] == "power off", "recorded state unchanged");
        Assert.Contains("restoring power off", await host.TextAsync($"/v1/nodes/{uuid}/history"), StringComparison.Ordinal);
        Assert.False((bool)node["maintenance"]!);
    }
}
