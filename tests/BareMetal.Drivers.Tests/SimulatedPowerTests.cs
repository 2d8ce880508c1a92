using BareMetal.Contracts.Nodes;
using BareMetal.Drivers.Simulated;
using BareMetal.Provisioning.Drivers;

namespace BareMetal.Drivers.Tests;

public sealed class SimulatedPowerTests
{
    [Theory]
    [InlineData(PowerAction.On, PowerState.Off, PowerState.On, SimulatedStepKind.PowerOn)]
    [InlineData(PowerAction.Off, PowerState.On, PowerState.Off, SimulatedStepKind.PowerOff)]
    [InlineData(PowerAction.Reboot, PowerState.Off, PowerState.On, SimulatedStepKind.Reboot)]
    [InlineData(PowerAction.SoftOff, PowerState.On, PowerState.Off, SimulatedStepKind.SoftOff)]
    public async Task SetPowerState_Action_ChangesBmcAndCountsOnce(PowerAction action, PowerState before, PowerState after, SimulatedStepKind kind)
    {
        using var harness = new SimulatedDriverHarness(SimulatedDriverHarness.Instant);
        harness.Bmc.DriftPowerState(before);

        var result = await harness.Driver.Power.SetPowerStateAsync(harness.Node, action, CancellationToken.None);

        Assert.Equal(DriverStepOutcome.Done, result.Outcome);
        Assert.Equal(after, harness.Bmc.PowerState);
        Assert.Equal(1, harness.Bmc.CallCount(kind));
        Assert.Equal(1, harness.Bmc.RunCount(kind));
    }

    [Fact]
    public async Task GetPowerState_AfterDrift_ReportsHardwareState()
    {
        using var harness = new SimulatedDriverHarness(SimulatedDriverHarness.Instant);
        await harness.Driver.Power.SetPowerStateAsync(harness.Node, PowerAction.On, CancellationToken.None);

        harness.Bmc.DriftPowerState(PowerState.Off);

        Assert.Equal(PowerState.Off, await harness.Driver.Power.GetPowerStateAsync(harness.Node, CancellationToken.None));
        Assert.Equal(0, harness.Bmc.RunCount(SimulatedStepKind.PowerOff));
    }

    [Fact]
    public async Task SetPowerState_FailNthCall_FailsOnlyThatCallWithMessage()
    {
        using var harness = new SimulatedDriverHarness(SimulatedDriverHarness.Instant);
        harness.Bmc.FailNthCall(SimulatedStepKind.PowerOn, 2, "IPMI timeout");

        var first = await harness.Driver.Power.SetPowerStateAsync(harness.Node, PowerAction.On, CancellationToken.None);
        harness.Bmc.DriftPowerState(PowerState.Off);
        var second = await harness.Driver.Power.SetPowerStateAsync(harness.Node, PowerAction.On, CancellationToken.None);
        var third = await harness.Driver.Power.SetPowerStateAsync(harness.Node, PowerAction.On, CancellationToken.None);

        Assert.Equal(DriverStepOutcome.Done, first.Outcome);
        Assert.Equal(DriverStepOutcome.Failed, second.Outcome);
        Assert.Equal("IPMI timeout", second.Message);
        Assert.Equal(DriverStepOutcome.Done, third.Outcome);
        Assert.Equal(3, harness.Bmc.CallCount(SimulatedStepKind.PowerOn));
        Assert.Equal(2, harness.Bmc.RunCount(SimulatedStepKind.PowerOn));
    }

    [Fact]
    public async Task SetPowerState_Hung_CompletesOnlyWhenCancelled()
    {
        using var harness = new SimulatedDriverHarness(SimulatedDriverHarness.Instant);
        harness.Bmc.HangNextCalls(SimulatedStepKind.PowerOn);
        using var cancellation = new CancellationTokenSource();

        var step = harness.Driver.Power.SetPowerStateAsync(harness.Node, PowerAction.On, cancellation.Token);
        await harness.Bmc.WhenHanging(SimulatedStepKind.PowerOn).WaitAsync(SimulatedDriverHarness.Deadline);
        harness.Clock.Advance(TimeSpan.FromDays(1));
        Assert.False(step.IsCompleted);

        await cancellation.CancelAsync();
        var result = await step.WaitAsync(SimulatedDriverHarness.Deadline);

        Assert.Equal(DriverStepOutcome.Cancelled, result.Outcome);
        Assert.Equal(PowerState.Off, harness.Bmc.PowerState);
        Assert.Equal(0, harness.Bmc.RunCount(SimulatedStepKind.PowerOn));
    }

    [Fact]
    public async Task GetPowerState_BmcUnreachable_ThrowsNTimesThenRecovers()
    {
        using var harness = new SimulatedDriverHarness(SimulatedDriverHarness.Instant);
        harness.Bmc.MakeUnreachable(2);

        var first = await Assert.ThrowsAsync<DriverException>(() => harness.Driver.Power.GetPowerStateAsync(harness.Node, CancellationToken.None));
        await Assert.ThrowsAsync<DriverException>(() => harness.Driver.Power.GetPowerStateAsync(harness.Node, CancellationToken.None));
        var third = await harness.Driver.Power.GetPowerStateAsync(harness.Node, CancellationToken.None);

        Assert.Equal(harness.NodeId, first.NodeId);
        Assert.Equal(PowerState.Off, third);
    }

    [Fact]
    public async Task SetPowerState_WithLatency_CompletesOnlyWhenClockReachesIt()
    {
        using var harness = new SimulatedDriverHarness(o => o.PowerLatency = TimeSpan.FromMilliseconds(50));

        var step = harness.Driver.Power.SetPowerStateAsync(harness.Node, PowerAction.On, CancellationToken.None);
        await harness.Clock.WaitForTimersAsync(1, $"power-on latency of {harness.NodeId}");
        harness.Clock.Advance(TimeSpan.FromMilliseconds(49));
        Assert.False(step.IsCompleted);
        Assert.Equal(PowerState.Off, harness.Bmc.PowerState);

        harness.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var result = await step.WaitAsync(SimulatedDriverHarness.Deadline);

        Assert.Equal(DriverStepOutcome.Done, result.Outcome);
        Assert.Equal(PowerState.On, harness.Bmc.PowerState);
    }
}
