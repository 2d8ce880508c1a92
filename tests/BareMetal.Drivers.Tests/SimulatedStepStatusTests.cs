using BareMetal.Contracts.Nodes;
using BareMetal.Drivers.Simulated;
using BareMetal.Provisioning.Drivers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BareMetal.Drivers.Tests;

/// <summary>
/// The simulated hardware answers "what happened to this step?" by token, and with a state directory it is
/// shared between drivers (processes): a step started by a driver that is gone goes on and ends on time.
/// </summary>
public sealed class SimulatedStepStatusTests : IDisposable
{
    private static readonly DeployImage s_image = new("http://images.example/ubuntu.qcow2", "sha256:abc");
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"simulated-hardware-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private void Shared(SimulatedDriverOptions options) => options.StateDirectory = _directory;

    // A second process's driver over the same folder and the same clock.
    private SimulatedHardwareDriver OtherProcess(SimulatedDriverHarness harness) => new(
        new SimulatedFleet(PowerState.Off, new SimulatedStateDirectory(_directory)),
        Options.Create(harness.Options),
        new RecordingCallbackSink(),
        harness.Clock,
        NullLogger<SimulatedHardwareDriver>.Instance);

    private static Task<DriverStepStatus> StatusAsync(IHardwareDriver driver, SimulatedDriverHarness harness, StepToken token) =>
        driver.StepStatus!.GetStepStatusAsync(harness.Node, token, CancellationToken.None);

    [Fact]
    public async Task TokenNeverGiven_IsNotStarted()
    {
        using var harness = new SimulatedDriverHarness();

        var status = await StatusAsync(harness.Driver, harness, harness.Token(step: 7));

        Assert.Equal(DriverStepState.NotStarted, status.State);
    }

    [Fact]
    public async Task WriteImage_IsInProgressUntilTheAgentReportsThenDone()
    {
        using var harness = new SimulatedDriverHarness();
        var token = harness.Token();
        await harness.Driver.Deploy.WriteImageAsync(harness.Node, s_image, token, CancellationToken.None);
        await harness.Clock.WaitForTimersAsync(1, "image write latency");

        Assert.Equal(DriverStepState.InProgress, (await StatusAsync(harness.Driver, harness, token)).State);
        harness.Clock.Advance(harness.Options.ImageWriteLatency);
        await harness.Sink.WaitForCountAsync(2, "done");

        Assert.Equal(DriverStepState.Done, (await StatusAsync(harness.Driver, harness, token)).State);
        var execution = Assert.Single(harness.Bmc.Executions);
        Assert.Equal((SimulatedStepKind.WriteImage, token.ToString(), Environment.ProcessId), (execution.Kind, execution.Token, execution.ProcessId));
    }

    [Fact]
    public async Task WriteImage_StartedByADriverThatIsGone_EndsOnTheSharedHardwareAtItsLatency()
    {
        var harness = new SimulatedDriverHarness(Shared);
        var token = harness.Token();
        await harness.Driver.Deploy.WriteImageAsync(harness.Node, s_image, token, CancellationToken.None);
        await harness.Clock.WaitForTimersAsync(1, "image write latency");
        harness.Dispose();
        using var survivor = OtherProcess(harness);

        Assert.Equal(DriverStepState.InProgress, (await StatusAsync(survivor, harness, token)).State);
        harness.Clock.Advance(harness.Options.ImageWriteLatency);

        Assert.Equal(DriverStepState.Done, (await StatusAsync(survivor, harness, token)).State);
        var hardware = new SimulatedFleet(PowerState.Off, new SimulatedStateDirectory(_directory))[harness.NodeId];
        Assert.Equal(s_image, hardware.Image);
        Assert.Equal([SimulatedStepKind.WriteImage], hardware.Executions.Select(e => e.Kind));
        Assert.Single(harness.Sink.Callbacks);
    }

    [Theory]
    [InlineData(SimulatedStepKind.WriteImage)]
    [InlineData(SimulatedStepKind.Clean)]
    public async Task A_step_whose_process_stopped_before_logging_its_execution_is_seen_started_by_another_process(SimulatedStepKind kind)
    {
        var harness = new SimulatedDriverHarness(Shared);
        // The execution log cannot be written (a folder stands where the file goes): the process stops right there,
        // as one frozen or killed between the hardware taking the step and the log recording it.
        var folder = Directory.CreateDirectory(Path.Combine(_directory, Uri.EscapeDataString(harness.NodeId), "executions.log"));
        var token = harness.Token();
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => kind switch
        {
            SimulatedStepKind.WriteImage => harness.Driver.Deploy.WriteImageAsync(harness.Node, s_image, token, CancellationToken.None),
            _ => harness.Driver.Deploy.CleanAsync(harness.Node, token, CancellationToken.None),
        });
        harness.Dispose();
        folder.Delete();
        using var survivor = OtherProcess(harness);

        // Not "not started": a process that took that for the answer would run the step a second time.
        Assert.NotEqual(DriverStepState.NotStarted, (await StatusAsync(survivor, harness, token)).State);
    }

    [Fact]
    public async Task WriteImage_FailingAndStartedByADriverThatIsGone_ReportsTheFailureAtItsLatency()
    {
        var harness = new SimulatedDriverHarness(Shared);
        harness.Bmc.FailNthCall(SimulatedStepKind.WriteImage, 1, "disk /dev/sda not found");
        var token = harness.Token();
        await harness.Driver.Deploy.WriteImageAsync(harness.Node, s_image, token, CancellationToken.None);
        await harness.Clock.WaitForTimersAsync(1, "image write latency");
        harness.Dispose();
        using var survivor = OtherProcess(harness);
        harness.Clock.Advance(harness.Options.ImageWriteLatency);

        var status = await StatusAsync(survivor, harness, token);

        Assert.Equal(new DriverStepStatus(DriverStepState.Failed, "disk /dev/sda not found"), status);
    }

    [Fact]
    public async Task HungWrite_StaysInProgress()
    {
        var harness = new SimulatedDriverHarness(Shared);
        harness.Bmc.HangNextCalls(SimulatedStepKind.WriteImage);
        var token = harness.Token();
        await harness.Driver.Deploy.WriteImageAsync(harness.Node, s_image, token, CancellationToken.None);
        await harness.Bmc.WhenHanging(SimulatedStepKind.WriteImage).WaitAsync(SimulatedDriverHarness.Deadline);
        harness.Dispose();
        using var survivor = OtherProcess(harness);
        harness.Clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal(DriverStepState.InProgress, (await StatusAsync(survivor, harness, token)).State);
    }

    [Fact]
    public async Task CleanAndPower_AreLoggedAndTheirEffectsAreSeenByEveryProcess()
    {
        using var harness = new SimulatedDriverHarness(o =>
        {
            SimulatedDriverHarness.Instant(o);
            Shared(o);
        });
        var token = harness.Token(step: 1);

        Assert.Equal(DriverStepOutcome.Done, (await harness.Driver.Deploy.CleanAsync(harness.Node, token, CancellationToken.None)).Outcome);
        Assert.Equal(DriverStepOutcome.Done, (await harness.Driver.Power.SetPowerStateAsync(harness.Node, PowerAction.On, CancellationToken.None)).Outcome);
        await harness.Driver.Power.GetPowerStateAsync(harness.Node, CancellationToken.None);
        await harness.Driver.Management.ValidateAsync(harness.Node, CancellationToken.None);
        using var other = OtherProcess(harness);

        Assert.Equal(PowerState.On, await other.Power.GetPowerStateAsync(harness.Node, CancellationToken.None));
        Assert.Equal(DriverStepState.Done, (await StatusAsync(other, harness, token)).State);
        var executions = new SimulatedStateDirectory(_directory).ReadExecutions(harness.NodeId);
        Assert.Equal([(SimulatedStepKind.Clean, token.ToString()), (SimulatedStepKind.PowerOn, null)], executions.Select(e => (e.Kind, e.Token)));
    }
}
