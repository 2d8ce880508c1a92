using System.Diagnostics;
using BareMetal.Provisioning.Drivers;

namespace BareMetal.Drivers.Tests.Redfish;

/// <summary>A BMC that is gone or hangs: clear errors within the per-request timeout, and a bounded number of requests in flight.</summary>
public sealed class RedfishFaultTests
{
    [Fact]
    public async Task An_unreachable_bmc_is_named_and_answers_again_once_back()
    {
        await using var harness = await RedfishDriverHarness.StartAsync();
        await harness.Bmc.StopAsync();

        var exception = await Assert.ThrowsAsync<DriverException>(() => harness.Driver.Power.GetPowerStateAsync(harness.Node(), CancellationToken.None));
        Assert.StartsWith($"cannot reach the BMC at {harness.Bmc.Address}", exception.Message, StringComparison.Ordinal);

        await harness.Bmc.StartAsync();
        Assert.Equal(Contracts.Nodes.PowerState.Off, await harness.Driver.Power.GetPowerStateAsync(harness.Node(), CancellationToken.None));
    }

    [Fact]
    public async Task A_hung_bmc_fails_the_call_after_the_request_timeout()
    {
        await using var harness = await RedfishDriverHarness.StartAsync(configure: o => o.RequestTimeout = TimeSpan.FromMilliseconds(500));
        harness.Bmc.Hang = true;

        var watch = Stopwatch.StartNew();
        var result = await harness.Driver.Power.SetPowerStateAsync(harness.Node(info => info["redfish_auth_type"] = "basic"), PowerAction.On, CancellationToken.None);

        Assert.Equal(DriverStepOutcome.Failed, result.Outcome);
        Assert.Equal($"the BMC at {harness.Bmc.Address} did not answer GET /redfish/v1/Systems/1 within 0.5 s", result.Message);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task The_caller_can_cancel_a_call_to_a_hung_bmc()
    {
        await using var harness = await RedfishDriverHarness.StartAsync();
        harness.Bmc.Hang = true;
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var result = await harness.Driver.Power.SetPowerStateAsync(harness.Node(), PowerAction.On, cancellation.Token);

        Assert.Equal(DriverStepOutcome.Cancelled, result.Outcome);
        Assert.Empty(harness.Bmc.System.Resets);
    }

    [Fact]
    public async Task Requests_in_flight_stay_within_the_silo_bound()
    {
        await using var harness = await RedfishDriverHarness.StartAsync(configure: o => o.MaxConcurrentRequests = 2);
        await harness.Driver.Power.GetPowerStateAsync(harness.Node(), CancellationToken.None);
        harness.Bmc.Hang = true;

        var reads = Enumerable.Range(0, 6).Select(_ => harness.Driver.Power.GetPowerStateAsync(harness.Node(), CancellationToken.None)).ToList();
        await WaitUntilAsync(() => harness.Bmc.Hanging == 2);
        Assert.Equal(2, harness.Limiter.PeakInFlight);
        harness.Bmc.Hang = false;
        await Task.WhenAll(reads);

        Assert.Equal(2, harness.Bmc.PeakInFlight);
        Assert.Equal(2, harness.Limiter.PeakInFlight);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold in time");
            await Task.Delay(10);
        }
    }
}
