using BareMetal.Contracts.Nodes;
using BareMetal.Drivers.Ipmi;
using BareMetal.Provisioning.Drivers;
using BareMetal.TestInfrastructure;

namespace BareMetal.Drivers.Tests.Ipmi;

/// <summary>
/// The in-process IPMI v2.0 client reads power from a real BMC simulator (ipmi_sim) without starting ipmitool, and
/// fails the way an operator can act on: refused credentials at once, a gone BMC at the per-call timeout (a hung one:
/// IpmiFaultTests, for both clients).
/// </summary>
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

    [Fact]
    public async Task PowerActions_GoThroughIpmitool_WhileTheirWaitReadsNatively()
    {
        await using var bmc = await IpmiSimulator.StartNewAsync();
        await using var harness = new IpmiDriverHarness();
        var node = IpmiDriverHarness.Node(bmc);

        var result = await harness.Driver.Power.SetPowerStateAsync(node, PowerAction.On, CancellationToken.None);

        Assert.Equal(DriverStepOutcome.Done, result.Outcome);
        Assert.True(bmc.PowerIsOn);
        Assert.Equal(1, harness.Runner.ProcessesStarted);
        Assert.True(harness.Lan.PowerReads >= 1);
    }

    [Theory]
    [InlineData("USER")]
    [InlineData("OPERATOR")]
    [InlineData("ADMINISTRATOR")]
    public async Task PowerStatus_AtEachPrivilegeLevelTheUserHas_IsRead(string level)
    {
        await using var bmc = await IpmiSimulator.StartNewAsync(poweredOn: true);
        await using var harness = new IpmiDriverHarness();
        var info = bmc.DriverInfo();
        info["ipmi_priv_level"] = level;

        Assert.Equal(PowerState.On, await harness.Driver.Power.GetPowerStateAsync(IpmiDriverHarness.Node(info), CancellationToken.None));
        Assert.Equal(0, harness.Runner.ProcessesStarted);
    }

    [Fact]
    public async Task WrongPassword_FailsAtOnceWithAClearError_AndIsNotRetried()
    {
        await using var bmc = await IpmiSimulator.StartNewAsync();
        await using var harness = new IpmiDriverHarness(o => o.CommandRetryTimeout = TimeSpan.FromSeconds(30));
        var node = IpmiDriverHarness.Node(bmc, password: "not-the-password");

        var started = TimeProvider.System.GetTimestamp();
        var result = await harness.Driver.Management.ValidateAsync(node, CancellationToken.None);
        var took = TimeProvider.System.GetElapsedTime(started);

        Assert.Equal(DriverStepOutcome.Failed, result.Outcome);
        Assert.Equal(
            $"IPMI: the BMC at 127.0.0.1:{bmc.Port} rejected the credentials (check ipmi_username, ipmi_password and ipmi_priv_level): RAKP 2 HMAC is invalid: the BMC's proof does not match ipmi_password",
            result.Message);
        Assert.True(took < TimeSpan.FromSeconds(5), $"a refused password took {took} (retried?)");
        Assert.Equal(0, harness.Runner.ProcessesStarted);

        // The right password works at once: the refused one left nothing behind.
        Assert.Equal(PowerState.Off, await harness.Driver.Power.GetPowerStateAsync(IpmiDriverHarness.Node(bmc), CancellationToken.None));
    }

    [Fact]
    public async Task UnknownUser_IsRefusedByTheBmc_AsACredentialsError()
    {
        await using var bmc = await IpmiSimulator.StartNewAsync();
        await using var harness = new IpmiDriverHarness();
        var info = bmc.DriverInfo();
        info["ipmi_username"] = "nobody";

        var failure = await Assert.ThrowsAsync<DriverException>(() => harness.Driver.Power.GetPowerStateAsync(IpmiDriverHarness.Node(info), CancellationToken.None));

        Assert.StartsWith($"IPMI: the BMC at 127.0.0.1:{bmc.Port} rejected the credentials", failure.Message, StringComparison.Ordinal);
        Assert.Contains("RMCP+ status 0x0D", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoppedBmc_TimesOutAtThePerCallTimeout_ThenReadsAgainOnceItRuns()
    {
        await using var bmc = await IpmiSimulator.StartNewAsync();
        await using var harness = new IpmiDriverHarness(o => o.CommandTimeout = TimeSpan.FromSeconds(1));
        var node = IpmiDriverHarness.Node(bmc);
        Assert.Equal(PowerState.Off, await harness.Driver.Power.GetPowerStateAsync(node, CancellationToken.None));
        await bmc.StopAsync();

        var started = TimeProvider.System.GetTimestamp();
        var failure = await Assert.ThrowsAsync<DriverException>(() => harness.Driver.Power.GetPowerStateAsync(node, CancellationToken.None));
        var took = TimeProvider.System.GetElapsedTime(started);

        Assert.Equal($"IPMI: the BMC at 127.0.0.1:{bmc.Port} did not answer 'power status': no answer within 1 s", failure.Message);
        Assert.InRange(took, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));

        await bmc.StartAsync();
        await bmc.SetPowerBehindTheBackAsync(on: true);
        Assert.Equal(PowerState.On, await harness.Driver.Power.GetPowerStateAsync(node, CancellationToken.None));
        Assert.Equal(2, harness.Lan.SessionsOpened);
        Assert.Equal(0, harness.Runner.ProcessesStarted);
    }

    [Fact]
    public async Task RestartedBmc_ForgotTheSession_TheRetryOpensANewOne()
    {
        await using var bmc = await IpmiSimulator.StartNewAsync();
        await using var harness = new IpmiDriverHarness(o =>
        {
            o.CommandTimeout = TimeSpan.FromSeconds(1);
            o.CommandRetryTimeout = TimeSpan.FromSeconds(5);
            o.MinCommandInterval = TimeSpan.FromMilliseconds(100);
        });
        var node = IpmiDriverHarness.Node(bmc);
        Assert.Equal(PowerState.Off, await harness.Driver.Power.GetPowerStateAsync(node, CancellationToken.None));

        await bmc.StopAsync();
        await bmc.StartAsync();

        Assert.Equal(PowerState.Off, await harness.Driver.Power.GetPowerStateAsync(node, CancellationToken.None));
        Assert.Equal(2, harness.Lan.SessionsOpened);
    }

    [Fact]
    public async Task IdleSessions_AreClosedAtTheBmcBeforeANewOneOpens_SoItsSessionLimitIsNeverReached()
    {
        // ipmi_sim holds a few dozen sessions at most; 100 reads that each open a session would exhaust it if old ones
        // leaked (checked: without Close Session the read after the limit fails with "insufficient resources").
        await using var bmc = await IpmiSimulator.StartNewAsync();
        await using var harness = new IpmiDriverHarness(o => o.NativeSessionIdleTimeout = TimeSpan.FromTicks(1));
        var node = IpmiDriverHarness.Node(bmc);

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(PowerState.Off, await harness.Driver.Power.GetPowerStateAsync(node, CancellationToken.None));
        }

        Assert.Equal(100, harness.Lan.SessionsOpened);
    }

    [Fact]
    public async Task ManyReadsAtOnce_ShareOneSessionAndItsAnswersPerBmc_AndStayWithinTheRequestBound()
    {
        await using var first = await IpmiSimulator.StartNewAsync();
        await using var second = await IpmiSimulator.StartNewAsync(poweredOn: true);
        await using var third = await IpmiSimulator.StartNewAsync();
        await using var harness = new IpmiDriverHarness(o => o.MaxConcurrentNativeRequests = 2);
        IpmiSimulator[] bmcs = [first, second, third];

        var states = await Task.WhenAll(Enumerable.Range(0, 30)
            .Select(i => harness.Driver.Power.GetPowerStateAsync(IpmiDriverHarness.Node(bmcs[i % 3]), CancellationToken.None)));

        Assert.Equal(10, states.Count(s => s == PowerState.On));
        Assert.Equal(3, harness.Lan.SessionsOpened);
        // Reads that queued behind a read of the same BMC sent after they asked take its answer.
        Assert.Equal(30, harness.Lan.PowerReads + harness.Lan.SharedPowerReads);
        Assert.True(harness.Lan.SharedPowerReads > 0, "no read shared the answer of a later request to its BMC");
        Assert.InRange(harness.Lan.PeakInFlight, 1, 2);
        Assert.Equal(0, harness.Runner.ProcessesStarted);
    }

    [Fact]
    public async Task NodeTheNativeClientCannotServe_IsReadWithIpmitool()
    {
        await using var bmc = await IpmiSimulator.StartNewAsync();
        await using var harness = new IpmiDriverHarness();
        var info = bmc.DriverInfo();
        // Suite 17 (SHA-256) is what ipmitool would offer; the native client speaks suite 3 only, and ipmi_sim offers only 3.
        info["ipmi_cipher_suite"] = "17";

        var failure = await Assert.ThrowsAsync<DriverException>(() => harness.Driver.Power.GetPowerStateAsync(IpmiDriverHarness.Node(info), CancellationToken.None));

        Assert.StartsWith($"IPMI: ", failure.Message, StringComparison.Ordinal);
        Assert.Equal(1, harness.Runner.ProcessesStarted);
        Assert.Equal(0, harness.Lan.PowerReads);
    }

    [Fact]
    public async Task IpmitoolChosenAsPowerStatusClient_ReadsWithIpmitool()
    {
        await using var bmc = await IpmiSimulator.StartNewAsync(poweredOn: true);
        await using var harness = new IpmiDriverHarness(o => o.PowerStatusClient = IpmiPowerStatusClient.Ipmitool);

        Assert.Equal(PowerState.On, await harness.Driver.Power.GetPowerStateAsync(IpmiDriverHarness.Node(bmc), CancellationToken.None));
        Assert.Equal(1, harness.Runner.ProcessesStarted);
        Assert.Equal(0, harness.Lan.PowerReads);
    }
}
