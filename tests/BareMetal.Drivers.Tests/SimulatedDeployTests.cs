using BareMetal.Drivers.Simulated;
using BareMetal.Provisioning.Drivers;

namespace BareMetal.Drivers.Tests;

public sealed class SimulatedDeployTests
{
    private static readonly DeployImage s_image = new("http://images.example/ubuntu.qcow2", "sha256:abc");

    [Fact]
    public async Task WriteImage_Default_ReturnsPendingThenHeartbeatThenDoneWithSameToken()
    {
        using var harness = new SimulatedDriverHarness(o => o.DeployCallbackTimeout = TimeSpan.FromMinutes(5));
        var token = harness.Token(step: 2);

        var result = await harness.Driver.Deploy.WriteImageAsync(harness.Node, s_image, token, CancellationToken.None);

        Assert.Equal(DriverStepOutcome.Pending, result.Outcome);
        Assert.Equal(TimeSpan.FromMinutes(5), result.CallbackTimeout);
        var heartbeat = Assert.Single(await harness.Sink.WaitForCountAsync(1, $"heartbeat of {token}"));
        Assert.Equal(DriverCallbackKind.Heartbeat, heartbeat.Kind);
        Assert.Equal(token, heartbeat.Token);

        await harness.Clock.WaitForTimersAsync(1, $"image write latency of {token}");
        harness.Clock.Advance(TimeSpan.FromMilliseconds(199));
        Assert.Single(harness.Sink.Callbacks);
        harness.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var callbacks = await harness.Sink.WaitForCountAsync(2, $"done of {token}");

        Assert.Equal(DriverCallbackKind.Done, callbacks[1].Kind);
        Assert.Equal(token, callbacks[1].Token);
        Assert.Equal(s_image, harness.Bmc.Image);
        Assert.Equal(1, harness.Bmc.RunCount(SimulatedStepKind.WriteImage));
    }

    [Fact]
    public async Task WriteImage_FailureInjected_ReportsFailedWithMessage()
    {
        using var harness = new SimulatedDriverHarness(SimulatedDriverHarness.Instant);
        harness.Bmc.FailNthCall(SimulatedStepKind.WriteImage, 1, "disk /dev/sda not found");
        var token = harness.Token();

        var result = await harness.Driver.Deploy.WriteImageAsync(harness.Node, s_image, token, CancellationToken.None);
        var callbacks = await harness.Sink.WaitForCountAsync(2, $"failure of {token}");

        Assert.Equal(DriverStepOutcome.Pending, result.Outcome);
        Assert.Equal(DriverCallbackKind.Heartbeat, callbacks[0].Kind);
        Assert.Equal(DriverCallback.Failed(token, "disk /dev/sda not found"), callbacks[1]);
        Assert.Null(harness.Bmc.Image);
        Assert.Equal(0, harness.Bmc.RunCount(SimulatedStepKind.WriteImage));
    }

    [Fact]
    public async Task WriteImage_Hung_NeverReportsDoneUntilDriverStops()
    {
        using var harness = new SimulatedDriverHarness(SimulatedDriverHarness.Instant);
        harness.Bmc.HangNextCalls(SimulatedStepKind.WriteImage);
        var token = harness.Token();

        await harness.Driver.Deploy.WriteImageAsync(harness.Node, s_image, token, CancellationToken.None);
        await harness.Sink.WaitForCountAsync(1, $"heartbeat of {token}");
        await harness.Bmc.WhenHanging(SimulatedStepKind.WriteImage).WaitAsync(SimulatedDriverHarness.Deadline);
        harness.Clock.Advance(TimeSpan.FromHours(2));

        Assert.Single(harness.Sink.Callbacks);
        harness.Dispose();
        Assert.Equal(0, harness.Bmc.RunCount(SimulatedStepKind.WriteImage));
    }

    [Fact]
    public async Task Steps_Mixed_CountersCountExactlyTheStepsThatRan()
    {
        using var harness = new SimulatedDriverHarness(SimulatedDriverHarness.Instant);
        harness.Bmc.FailNthCall(SimulatedStepKind.Clean, 1, "secure erase failed");
        var deploy = harness.Driver.Deploy;

        await harness.Driver.Boot.PrepareRamdiskAsync(harness.Node, harness.Token(0), CancellationToken.None);
        var failedClean = await deploy.CleanAsync(harness.Node, harness.Token(1), CancellationToken.None);
        var clean = await deploy.CleanAsync(harness.Node, harness.Token(1, attempt: 2), CancellationToken.None);
        await deploy.WriteImageAsync(harness.Node, s_image, harness.Token(2), CancellationToken.None);
        await harness.Sink.WaitForCountAsync(2, "write image done");
        await deploy.TearDownAsync(harness.Node, harness.Token(3), CancellationToken.None);

        Assert.Equal(DriverStepOutcome.Failed, failedClean.Outcome);
        Assert.Equal(DriverStepOutcome.Done, clean.Outcome);
        Assert.Equal(1, harness.Bmc.RunCount(SimulatedStepKind.PrepareRamdisk));
        Assert.Equal(2, harness.Bmc.CallCount(SimulatedStepKind.Clean));
        Assert.Equal(1, harness.Bmc.RunCount(SimulatedStepKind.Clean));
        Assert.Equal(1, harness.Bmc.RunCount(SimulatedStepKind.WriteImage));
        Assert.Equal(1, harness.Bmc.RunCount(SimulatedStepKind.TearDown));
        Assert.Equal(0, harness.Bmc.CallCount(SimulatedStepKind.CleanUpRamdisk));
        Assert.Equal(0, harness.Bmc.CallCount(SimulatedStepKind.PowerOn));
    }

    [Fact]
    public async Task Clean_WithLatency_CompletesOnlyWhenClockReachesIt()
    {
        using var harness = new SimulatedDriverHarness();

        var step = harness.Driver.Deploy.CleanAsync(harness.Node, harness.Token(), CancellationToken.None);
        await harness.Clock.WaitForTimersAsync(1, $"clean latency of {harness.NodeId}");
        harness.Clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(step.IsCompleted);
        harness.Clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(DriverStepOutcome.Done, (await step.WaitAsync(SimulatedDriverHarness.Deadline)).Outcome);
        Assert.Equal(1, harness.Bmc.RunCount(SimulatedStepKind.Clean));
    }

    [Fact]
    public async Task Validate_MissingRequiredKey_FailsNamingKeyNotValues()
    {
        using var harness = new SimulatedDriverHarness(o =>
        {
            o.RequiredDriverInfoKeys.Add("bmc_address");
            o.RequiredDriverInfoKeys.Add("bmc_password");
        });
        var node = harness.Node with { DriverInfo = new Dictionary<string, string> { ["bmc_address"] = "10.0.0.7", ["bmc_username"] = "s3cret-user" } };

        var result = await harness.Driver.Management.ValidateAsync(node, CancellationToken.None);

        Assert.Equal(DriverStepOutcome.Failed, result.Outcome);
        Assert.Contains("bmc_password", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("10.0.0.7", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-user", node.ToString(), StringComparison.Ordinal);
    }
}
