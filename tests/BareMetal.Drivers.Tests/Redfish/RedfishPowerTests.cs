using BareMetal.Contracts.Nodes;
using BareMetal.Provisioning.Drivers;

namespace BareMetal.Drivers.Tests.Redfish;

/// <summary>Power through ComputerSystem.Reset and PowerState, against the Redfish service fixture.</summary>
public sealed class RedfishPowerTests
{
    [Fact]
    public async Task Validation_reads_the_service_root_and_the_system()
    {
        await using var harness = await RedfishDriverHarness.StartAsync();

        var result = await harness.Driver.Management.ValidateAsync(harness.Node(), CancellationToken.None);

        Assert.Equal(DriverStepOutcome.Done, result.Outcome);
        Assert.Contains(harness.Bmc.Requests, r => r is { Method: "GET", Path: "/redfish/v1", Status: 200 });
        Assert.Contains(harness.Bmc.Requests, r => r is { Method: "GET", Path: "/redfish/v1/Systems/1", Status: 200 });
    }

    [Fact]
    public async Task Power_state_follows_the_system()
    {
        await using var harness = await RedfishDriverHarness.StartAsync();
        Assert.Equal(PowerState.Off, await harness.Driver.Power.GetPowerStateAsync(harness.Node(), CancellationToken.None));

        harness.Bmc.System.PowerState = "On";

        Assert.Equal(PowerState.On, await harness.Driver.Power.GetPowerStateAsync(harness.Node(), CancellationToken.None));
    }

    [Theory]
    [InlineData("Off", PowerAction.On, "On", "On")]
    [InlineData("On", PowerAction.Off, "ForceOff", "Off")]
    [InlineData("On", PowerAction.SoftOff, "GracefulShutdown", "Off")]
    [InlineData("On", PowerAction.Reboot, "ForceRestart", "On")]
    [InlineData("Off", PowerAction.Reboot, "On", "On")]
    public async Task Each_power_action_sends_the_reset_type_ironic_uses(string before, PowerAction action, string resetType, string after)
    {
        await using var harness = await RedfishDriverHarness.StartAsync();
        harness.Bmc.System.PowerState = before;

        var result = await harness.Driver.Power.SetPowerStateAsync(harness.Node(), action, CancellationToken.None);

        Assert.Equal(DriverStepOutcome.Done, result.Outcome);
        Assert.Equal([resetType], harness.Bmc.System.Resets);
        Assert.Equal(after, harness.Bmc.System.PowerState);
    }

    [Fact]
    public async Task Powering_on_a_system_that_is_on_sends_no_reset()
    {
        await using var harness = await RedfishDriverHarness.StartAsync();
        harness.Bmc.System.PowerState = "On";

        var result = await harness.Driver.Power.SetPowerStateAsync(harness.Node(), PowerAction.On, CancellationToken.None);

        Assert.Equal(DriverStepOutcome.Done, result.Outcome);
        Assert.Empty(harness.Bmc.System.Resets);
    }

    [Fact]
    public async Task The_only_system_is_found_when_driver_info_names_none()
    {
        await using var harness = await RedfishDriverHarness.StartAsync();
        var context = harness.Node(info => info.Remove("redfish_system_id"));

        Assert.Equal(DriverStepOutcome.Done, (await harness.Driver.Power.SetPowerStateAsync(context, PowerAction.On, CancellationToken.None)).Outcome);

        Assert.Equal("On", harness.Bmc.System.PowerState);
    }

    [Fact]
    public async Task A_bmc_with_several_systems_asks_for_redfish_system_id()
    {
        await using var harness = await RedfishDriverHarness.StartAsync(new TestInfrastructure.Redfish.RedfishService(false, "A", "B"));
        var context = harness.Node(info => info.Remove("redfish_system_id"));

        var exception = await Assert.ThrowsAsync<DriverException>(() => harness.Driver.Power.GetPowerStateAsync(context, CancellationToken.None));

        Assert.Contains("manages 2 systems; set redfish_system_id to one of /redfish/v1/Systems/A, /redfish/v1/Systems/B", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_system_id_the_bmc_does_not_have_is_named()
    {
        await using var harness = await RedfishDriverHarness.StartAsync();
        var context = harness.Node(info => info["redfish_system_id"] = "/redfish/v1/Systems/42");

        var result = await harness.Driver.Management.ValidateAsync(context, CancellationToken.None);

        Assert.Equal(DriverStepOutcome.Failed, result.Outcome);
        Assert.Contains("has no system /redfish/v1/Systems/42 (redfish_system_id)", result.Message, StringComparison.Ordinal);
    }
}
