using BareMetal.Contracts.Nodes;
using BareMetal.Drivers.Ipmi;
using BareMetal.Provisioning.Drivers;
using BareMetal.TestInfrastructure;

namespace BareMetal.Drivers.Tests.Ipmi;

/// <summary>
/// What a real BMC does wrong, done by ipmi_sim: refused password, gone, hung; and the bound on ipmitool processes.
/// Power reads go through ipmitool here (PowerStatusClient Ipmitool); IpmiNativeClientTests does the same for the native client.
/// </summary>
public sealed class IpmiFaultTests
{
    [Fact]
    public async Task WrongPassword_FailsAtOnceWithAClearError_AndIsNotRetried()
    {
        await using var bmc = await IpmiSimulator.StartNewAsync();
        // A long retry window: a failure that were retried would show up as several processes.
        await using var harness = new IpmiDriverHarness(o =>
        {
            o.PowerStatusClient = IpmiPowerStatusClient.Ipmitool;
            o.CommandRetryTimeout = TimeSpan.FromSeconds(30);
        });
        var node = IpmiDriverHarness.Node(bmc, password: "not-the-password");

        var result = await harness.Driver.Management.ValidateAsync(node, CancellationToken.None);
        var read = await Assert.ThrowsAsync<DriverException>(() => harness.Driver.Power.GetPowerStateAsync(node, CancellationToken.None));

        Assert.Equal(DriverStepOutcome.Failed, result.Outcome);
        Assert.StartsWith($"IPMI: the BMC at 127.0.0.1:{bmc.Port} rejected the credentials (check ipmi_username, ipmi_password and ipmi_priv_level)", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", result.Message, StringComparison.Ordinal);
        Assert.Contains("rejected the credentials", read.Message, StringComparison.Ordinal);
        Assert.Equal(2, harness.Runner.ProcessesStarted);
    }

    [Fact]
    public async Task Unreachable_RetriesWithinTheRetryWindow_ThenSaysTheBmcDidNotAnswer()
    {
        await using var bmc = await IpmiSimulator.StartNewAsync();
        await using var harness = new IpmiDriverHarness(o =>
        {
            o.PowerStatusClient = IpmiPowerStatusClient.Ipmitool;
            o.CommandTimeout = TimeSpan.FromSeconds(1);
            o.CommandRetryTimeout = TimeSpan.FromSeconds(4);
            o.MinCommandInterval = TimeSpan.FromMilliseconds(200);
        });
        var node = IpmiDriverHarness.Node(bmc);
        await bmc.StopAsync();

        var failure = await Assert.ThrowsAsync<DriverException>(() => harness.Driver.Power.GetPowerStateAsync(node, CancellationToken.None));

        Assert.StartsWith($"IPMI: the BMC at 127.0.0.1:{bmc.Port} did not answer 'power status' (after ", failure.Message, StringComparison.Ordinal);
        Assert.EndsWith("attempts): no answer within 1 s (ipmitool was stopped)", failure.Message, StringComparison.Ordinal);
        // Each attempt takes the 1 s timeout plus a 0.2 s pause, within a 4 s window.
        Assert.InRange(harness.Runner.ProcessesStarted, 2, 4);

        await bmc.StartAsync();
        Assert.Equal(PowerState.Off, await harness.Driver.Power.GetPowerStateAsync(node, CancellationToken.None));
    }

    // Both power status clients: ipmitool is killed at the timeout; the native client stops waiting and drops the
    // session it had open before the BMC hung, so the read after the BMC runs again starts a new one.
    [Theory]
    [InlineData(IpmiPowerStatusClient.Ipmitool, " (ipmitool was stopped)")]
    [InlineData(IpmiPowerStatusClient.Native, "")]
    public async Task Hung_TheCallIsStoppedAtThePerCallTimeout_AndWorksAgainOnceTheBmcRuns(IpmiPowerStatusClient client, string detailEnd)
    {
        await using var bmc = await IpmiSimulator.StartNewAsync();
        await using var harness = new IpmiDriverHarness(o =>
        {
            o.PowerStatusClient = client;
            o.CommandTimeout = TimeSpan.FromSeconds(1);
        });
        var node = IpmiDriverHarness.Node(bmc);
        Assert.Equal(PowerState.Off, await harness.Driver.Power.GetPowerStateAsync(node, CancellationToken.None));
        bmc.Pause();
        try
        {
            var started = TimeProvider.System.GetTimestamp();
            var failure = await Assert.ThrowsAsync<DriverException>(() => harness.Driver.Power.GetPowerStateAsync(node, CancellationToken.None));
            var took = TimeProvider.System.GetElapsedTime(started);

            Assert.Equal($"IPMI: the BMC at 127.0.0.1:{bmc.Port} did not answer 'power status': no answer within 1 s{detailEnd}", failure.Message);
            Assert.InRange(took, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
            Assert.Equal(0, harness.Runner.Running);
            Assert.Equal(0, harness.Lan.InFlight);
        }
        finally
        {
            bmc.Resume();
        }

        Assert.Equal(PowerState.Off, await harness.Driver.Power.GetPowerStateAsync(node, CancellationToken.None));
    }

    [Fact]
    public async Task ManyCallsAtOnce_NeverRunMoreIpmitoolProcessesThanTheLimit()
    {
        await using var first = await IpmiSimulator.StartNewAsync();
        await using var second = await IpmiSimulator.StartNewAsync(poweredOn: true);
        await using var harness = new IpmiDriverHarness(o =>
        {
            o.PowerStatusClient = IpmiPowerStatusClient.Ipmitool;
            o.MaxConcurrentProcesses = 3;
        });

        var reads = Enumerable.Range(0, 12)
            .Select(i => harness.Driver.Power.GetPowerStateAsync(IpmiDriverHarness.Node(i % 2 == 0 ? first : second), CancellationToken.None))
            .ToList();
        var states = await Task.WhenAll(reads);

        Assert.Equal(6, states.Count(s => s == PowerState.Off));
        Assert.Equal(6, states.Count(s => s == PowerState.On));
        Assert.Equal(12, harness.Runner.ProcessesStarted);
        Assert.InRange(harness.Runner.PeakRunning, 1, 3);
    }
}
