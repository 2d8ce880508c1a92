using BareMetal.Contracts.Nodes;
using BareMetal.Drivers.Simulated;
using BareMetal.Provisioning.Drivers;

namespace BareMetal.Drivers.Tests;

public sealed class SimulatedInspectRescueTests
{
    [Fact]
    public async Task InspectHardware_ReturnsTheConfiguredPropertiesAndCountsTheRun()
    {
        using var harness = new SimulatedDriverHarness(o =>
        {
            o.InspectLatency = TimeSpan.Zero;
            o.InspectedProperties["cpus"] = "64";
        });

        var properties = await harness.Driver.Inspect.InspectHardwareAsync(harness.Node, harness.Token(), CancellationToken.None);

        Assert.Equal("64", properties["cpus"]);
        Assert.Equal("x86_64", properties["cpu_arch"]);
        Assert.Equal(1, harness.Bmc.RunCount(SimulatedStepKind.Inspect));
    }

    [Fact]
    public async Task InspectHardware_FailureInjected_ThrowsDriverExceptionWithTheMessage()
    {
        using var harness = new SimulatedDriverHarness(o => o.InspectLatency = TimeSpan.Zero);
        harness.Bmc.FailNthCall(SimulatedStepKind.Inspect, 1, "no LLDP data");

        var failure = await Assert.ThrowsAsync<DriverException>(() => harness.Driver.Inspect.InspectHardwareAsync(harness.Node, harness.Token(), CancellationToken.None));

        Assert.Equal("no LLDP data", failure.Message);
        Assert.Equal(0, harness.Bmc.RunCount(SimulatedStepKind.Inspect));
    }

    [Fact]
    public async Task InspectHardware_Cancelled_ThrowsOperationCanceled()
    {
        using var harness = new SimulatedDriverHarness();
        harness.Bmc.HangNextCalls(SimulatedStepKind.Inspect);
        using var cancellation = new CancellationTokenSource();

        var inspecting = harness.Driver.Inspect.InspectHardwareAsync(harness.Node, harness.Token(), cancellation.Token);
        await harness.Bmc.WhenHanging(SimulatedStepKind.Inspect).WaitAsync(SimulatedDriverHarness.Deadline);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inspecting);
        Assert.Equal(0, harness.Bmc.RunCount(SimulatedStepKind.Inspect));
    }

    [Fact]
    public async Task Rescue_ReturnsPendingThenTheAgentReportsDoneAndTheNodeIsOn()
    {
        using var harness = new SimulatedDriverHarness(o => o.RescueLatency = TimeSpan.Zero);
        var token = harness.Token(step: 1);

        var result = await harness.Driver.Rescue.RescueAsync(harness.Node, "pw", token, CancellationToken.None);
        var callbacks = await harness.Sink.WaitForCountAsync(2, $"rescue agent of {token}");

        Assert.Equal(DriverStepOutcome.Pending, result.Outcome);
        Assert.Equal(DriverCallbackKind.Heartbeat, callbacks[0].Kind);
        Assert.Equal(DriverCallback.Done(token), callbacks[1]);
        Assert.Equal(PowerState.On, harness.Bmc.PowerState);
        Assert.Equal(1, harness.Bmc.RunCount(SimulatedStepKind.Rescue));
    }

    [Fact]
    public async Task Unrescue_PowersTheInstanceBackOn()
    {
        using var harness = new SimulatedDriverHarness(SimulatedDriverHarness.Instant);

        var result = await harness.Driver.Rescue.UnrescueAsync(harness.Node, harness.Token(), CancellationToken.None);

        Assert.Equal(DriverStepOutcome.Done, result.Outcome);
        Assert.Equal(PowerState.On, harness.Bmc.PowerState);
        Assert.Equal(1, harness.Bmc.RunCount(SimulatedStepKind.Unrescue));
    }

    [Fact]
    public async Task CleanWithSteps_RecordsTheStepsAndWipesTheImage()
    {
        using var harness = new SimulatedDriverHarness(SimulatedDriverHarness.Instant);
        CleanStep[] steps = [new("deploy", "erase_devices"), new("raid", "delete_configuration")];

        var result = await harness.Driver.Deploy.CleanAsync(harness.Node, steps, harness.Token(), CancellationToken.None);

        Assert.Equal(DriverStepOutcome.Done, result.Outcome);
        Assert.Equal(steps, harness.Bmc.LastCleanSteps);
        Assert.Null(harness.Bmc.Image);
    }

    [Fact]
    public async Task Clean_ViaAgent_ReturnsPendingThenReportsDone()
    {
        using var harness = new SimulatedDriverHarness(o =>
        {
            SimulatedDriverHarness.Instant(o);
            o.CleanViaAgent = true;
        });
        var token = harness.Token(step: 1);

        var result = await harness.Driver.Deploy.CleanAsync(harness.Node, token, CancellationToken.None);
        var callbacks = await harness.Sink.WaitForCountAsync(2, $"clean agent of {token}");

        Assert.Equal(DriverStepOutcome.Pending, result.Outcome);
        Assert.Equal(DriverCallback.Done(token), callbacks[1]);
        Assert.Equal(1, harness.Bmc.RunCount(SimulatedStepKind.Clean));
    }

    [Fact]
    public async Task SetPowerState_CancelledBeforeTheLatencyEnds_LeavesThePowerUnchanged()
    {
        using var harness = new SimulatedDriverHarness();
        using var cancellation = new CancellationTokenSource();

        var powering = harness.Driver.Power.SetPowerStateAsync(harness.Node, PowerAction.On, cancellation.Token);
        await harness.Clock.WaitForTimersAsync(1, "power latency");
        await cancellation.CancelAsync();
        var result = await powering;

        Assert.Equal(DriverStepOutcome.Cancelled, result.Outcome);
        Assert.Equal(PowerState.Off, harness.Bmc.PowerState);
        Assert.Equal(0, harness.Bmc.RunCount(SimulatedStepKind.PowerOn));
    }

    [Fact]
    public async Task Validate_ShowsTheBmcTheCredentialsItWasGiven()
    {
        using var harness = new SimulatedDriverHarness(SimulatedDriverHarness.Instant);
        var node = harness.Node with { DriverInfo = new Dictionary<string, string> { ["ipmi_password"] = "s3cret" } };

        await harness.Driver.Management.ValidateAsync(node, CancellationToken.None);

        Assert.Equal("s3cret", harness.Bmc.LastValidatedDriverInfo["ipmi_password"]);
    }
}
